#!/usr/bin/env python3
"""bench_deadline: how long a wait with a 2 s deadline takes to return, from
C (build/bench/bench_deadline), the CLI (openai-ft jobs wait --timeout 2, the
process's whole run) and Python (jobs.wait), against an openai-ft-emulator
that never answers, drips its answer a byte a second, answers 429 with
Retry-After: 120, or resets the connection (its stall faults). Prints
README.md's deadline table (the median of RUNS runs, and the slowest) and
each one's message; asserts nothing (the machine is shared and noisy).

  bench_deadline.py [BUILD_DIR (default build)] [RUNS (default 3)]

The Python package comes from bindings/python/src and loads the build's
library, unless OPENAI_FT_LIBRARY names another.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(sys.argv[1] if len(sys.argv) > 1 else "build").resolve()
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
os.environ.setdefault("OPENAI_FT_LIBRARY", str(BUILD / "src" / "libopenai_ft.so.2"))
sys.path.insert(0, str(ROOT / "bindings" / "python" / "src"))
import openai_ft  # noqa: E402

KEY = "sk-bench-0123456789abcdefghijklmnop"
DEADLINE = 2.0
STALLS = {
    "never answers": {"stall": "hang"},
    "drips a byte a second": {"stall": "drip"},
    "429, Retry-After: 120": {"status": 429, "status_count": 1000000, "retry_after": 120},
    "resets the connection": {"stall": "reset"},
}
CLEAR = {"stall": "none", "status": 0, "retry_after": 0}


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    p = subprocess.Popen([str(BUILD / "emulator" / "openai-ft-emulator"), "--port", "0",
                          "--quiet", "--job-duration", "3600"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert p.stdout is not None
    line = p.stdout.readline().strip()
    if not line.startswith("listening on "):
        raise SystemExit("the emulator did not start: %r" % line)
    return p, line[len("listening on "):]


def faults(url: str, body: dict[str, object]) -> None:
    req = urllib.request.Request(url[:-len("/v1")] + "/_emulator/faults",
                                 data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30).close()


def run_c(url: str, job: str) -> tuple[float, str]:
    out = subprocess.run([str(BUILD / "bench" / "bench_deadline"), url, job, "2000"],
                         capture_output=True, text=True, timeout=3600,
                         env={**os.environ, "OPENAI_API_KEY": KEY}).stdout
    ms, status, message = out.rstrip("\n").split("\t", 2)
    return float(ms) / 1e3, "%s: %s" % (status, message)


def run_cli(url: str, job: str) -> tuple[float, str]:
    env = {**os.environ, "OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": url}
    t0 = time.monotonic()
    p = subprocess.run([str(BUILD / "tools" / "openai-ft" / "openai-ft"), "jobs", "wait", job,
                        "--timeout", "2", "--poll-interval", "0.2"],
                       capture_output=True, text=True, timeout=3600, env=env)
    took = time.monotonic() - t0
    return took, "exit %d: %s" % (p.returncode, " / ".join(p.stderr.strip().splitlines()))


def run_python(url: str, job: str) -> tuple[float, str]:
    with openai_ft.Client(api_key=KEY, base_url=url, timeout=20.0, max_retries=2) as c:
        t0 = time.monotonic()
        try:
            c.jobs.wait(job, poll_interval=0.2, timeout=DEADLINE)
            message = "returned"
        except openai_ft.OpenAIFTError as e:
            message = "%s: %s" % (type(e).__name__, e)
        return time.monotonic() - t0, message


def main() -> None:
    emu, url = start_emulator()
    try:
        with openai_ft.Client(api_key=KEY, base_url=url) as c:
            f = c.files.upload(ROOT / "examples" / "data" / "train.jsonl")
            job = c.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id).id
        runners = {"C": run_c, "CLI": run_cli, "Python": run_python}
        rows, notes = [], []
        for name, body in STALLS.items():
            cells = []
            for who, run in runners.items():
                times = []
                for _ in range(RUNS):
                    faults(url, body)
                    took, message = run(url, job)
                    faults(url, CLEAR)
                    times.append(took)
                cells.append("%.3f s (max %.3f)" % (statistics.median(times), max(times)))
                notes.append("%s, %s: %s" % (name, who, message))
            rows.append("| %s | %s |" % (name, " | ".join(cells)))
        print("| the server (2 s deadline) | C `oft_job_wait` | CLI `jobs wait --timeout 2`"
              " | Python `jobs.wait` |")
        print("| --- | --- | --- | --- |")
        print("\n".join(rows))
        print()
        print("\n".join(notes))
    finally:
        emu.terminate()
        emu.wait(timeout=30)


if __name__ == "__main__":
    main()
