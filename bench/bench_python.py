#!/usr/bin/env python3
"""bench_python: the openai_ft package against the official openai Python SDK,
side by side in one run against the same openai-ft-emulator. Prints figures;
asserts nothing (the machine is shared and noisy).

  - a loop of job retrieves: requests per second of each (goal: openai_ft >= 5x);
  - importing the package and creating a client, in fresh interpreters (goal:
    openai_ft under a fifth of the SDK's time);
  - iterating 100,000 job events (pages of 100): items per second of each
    (goal: openai_ft >= 4x);
  - peak RSS of iterating 1,000 and 100,000 job events with openai_ft, each in
    a fresh interpreter (goal: within 5 MB of each other).

  bench_python.py EMULATOR EVENTS_SERVER [--quick]

OPENAI_FT_LIBRARY names the library (scripts/bench-python sets it).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "examples" / "data" / "train.jsonl"


def start(cmd: list[str]) -> tuple[subprocess.Popen[str], str]:
    """Starts a server that prints its base URL (after "listening on ", or alone)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    url = line.removeprefix("listening on ")
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit(f"{cmd[0]} did not start: {line!r}")
    return proc, url


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.stdin:
        proc.stdin.close()  # the events server stops at end of input
    proc.terminate()
    proc.wait(timeout=20)


def rate(fn: object, n: int) -> float:
    assert callable(fn)
    start_t = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start_t)


def retrieves(url: str, quick: bool) -> None:
    import openai
    import openai_ft

    ours = openai_ft.OpenAI(base_url=url, api_key="sk-bench")
    job = ours.fine_tuning.jobs.create(
        model="gpt-4o-mini-2024-07-18",
        training_file=ours.files.create(file=TRAIN, purpose="fine-tune").id,
    )
    sdk = openai.OpenAI(base_url=url, api_key="sk-bench")
    assert sdk.fine_tuning.jobs.retrieve(job.id).id == ours.fine_tuning.jobs.retrieve(job.id).id

    n_ours, n_sdk = (300, 60) if quick else (4000, 800)
    ours_rates: list[float] = []
    sdk_rates: list[float] = []
    rate(lambda: ours.fine_tuning.jobs.retrieve(job.id), n_ours // 10)  # warm up both
    rate(lambda: sdk.fine_tuning.jobs.retrieve(job.id), n_sdk // 10)
    for _ in range(3 if quick else 5):  # alternated, so both see the same noise
        ours_rates.append(rate(lambda: ours.fine_tuning.jobs.retrieve(job.id), n_ours))
        sdk_rates.append(rate(lambda: sdk.fine_tuning.jobs.retrieve(job.id), n_sdk))
    a, b = statistics.median(ours_rates), statistics.median(sdk_rates)
    print(f"job retrieve loop ({len(ours_rates)} rounds each, medians; "
          f"{n_ours} and {n_sdk} requests a round):")
    print(f"  openai_ft  {a:8.0f} req/s   (rounds: {', '.join(f'{r:.0f}' for r in ours_rates)})")
    print(f"  openai SDK {b:8.0f} req/s   (rounds: {', '.join(f'{r:.0f}' for r in sdk_rates)})")
    print(f"  ratio      {a / b:8.1f}x       (goal >= 5x)")
    ours.close()
    sdk.close()


IMPORT_OURS = """
import time
t = time.perf_counter()
import openai_ft
c = openai_ft.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="sk-bench")
print(time.perf_counter() - t)
"""
IMPORT_SDK = """
import time
t = time.perf_counter()
import openai
c = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="sk-bench")
print(time.perf_counter() - t)
"""


def fresh(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def imports(quick: bool) -> None:
    fresh(IMPORT_OURS), fresh(IMPORT_SDK)  # byte-compiled once, as after an install
    runs = 3 if quick else 9
    ours, sdk = [], []
    for _ in range(runs):
        ours.append(fresh(IMPORT_OURS))
        sdk.append(fresh(IMPORT_SDK))
    a, b = statistics.median(ours), statistics.median(sdk)
    print(f"import and create a client, fresh interpreters ({runs} runs each, medians):")
    print(f"  openai_ft  {a * 1000:8.1f} ms")
    print(f"  openai SDK {b * 1000:8.1f} ms")
    print(f"  share      {a / b * 100:8.1f} %     (goal < 20 %)")


ITERATE = """
import sys
import openai_ft

def hwm_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

c = openai_ft.OpenAI(base_url=sys.argv[1], api_key="sk-bench")
c.models.list()  # the connection and the first response, before measuring
before = hwm_kb()
n = sum(1 for _ in c.fine_tuning.jobs.list_events(sys.argv[2], limit=100))
print(n, before, hwm_kb())
"""


def events_rate(server: str, quick: bool) -> None:
    import openai
    import openai_ft

    large = 20000 if quick else 100000

    def walk(ours: bool) -> float:
        """Items per second of one walk of the large job (a server serves one walk)."""
        proc, url = start([server, str(large)])
        try:
            if ours:
                c = openai_ft.OpenAI(base_url=url, api_key="sk-bench")
                events: Iterable[object] = c.fine_tuning.jobs.list_events(
                    "ftjob-large", limit=100)
            else:
                sdk = openai.OpenAI(base_url=url, api_key="sk-bench")
                events = sdk.fine_tuning.jobs.list_events("ftjob-large", limit=100)
            t = time.perf_counter()
            n = sum(1 for _ in events)
            elapsed = time.perf_counter() - t
            (c if ours else sdk).close()
        finally:
            stop(proc)
        assert n == large
        return n / elapsed

    walk(True), walk(False)  # warm up both
    ours_rates: list[float] = []
    sdk_rates: list[float] = []
    for _ in range(2 if quick else 3):  # alternated, so both see the same noise
        ours_rates.append(walk(True))
        sdk_rates.append(walk(False))
    a, b = statistics.median(ours_rates), statistics.median(sdk_rates)
    print(f"iterating {large} job events, pages of 100 ({len(ours_rates)} rounds each, medians):")
    print(f"  openai_ft  {a:8.0f} items/s (rounds: {', '.join(f'{r:.0f}' for r in ours_rates)})")
    print(f"  openai SDK {b:8.0f} items/s (rounds: {', '.join(f'{r:.0f}' for r in sdk_rates)})")
    print(f"  ratio      {a / b:8.1f}x       (goal >= 4x)")


def events_memory(server: str, quick: bool) -> None:
    large = 20000 if quick else 100000
    proc, url = start([server, str(large)])
    try:
        rows = []
        for job in ("ftjob-small", "ftjob-large"):
            out = subprocess.run([sys.executable, "-c", ITERATE, url, job],
                                 capture_output=True, text=True, check=True)
            n, before, after = (int(x) for x in out.stdout.split())
            rows.append((n, before, after))
    finally:
        stop(proc)
    (n1, b1, a1), (n2, b2, a2) = rows
    print("iterating job events with openai_ft (pages of 100), fresh interpreters:")
    print(f"  {n1:7d} events: peak RSS {a1:7d} kB (+{a1 - b1} kB while iterating)")
    print(f"  {n2:7d} events: peak RSS {a2:7d} kB (+{a2 - b2} kB while iterating)")
    print(f"  difference     : {a2 - a1:7d} kB     (goal within 5120 kB)")


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    emulator, server = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv[3:]
    import openai

    import openai_ft

    print(f"bench_python: openai_ft {openai_ft.__version__} (libopenai_ft "
          f"{openai_ft.library_version()}) vs openai {openai.__version__}, "
          f"Python {sys.version.split()[0]}")
    proc, url = start([emulator, "--port", "0", "--quiet", "--job-duration", "3600"])
    try:
        retrieves(url, quick)
    finally:
        stop(proc)
    imports(quick)
    events_rate(server, quick)
    events_memory(server, quick)


if __name__ == "__main__":
    os.environ.pop("OPENAI_LOG", None)
    main()
