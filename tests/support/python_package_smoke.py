#!/usr/bin/env python3
"""A fine-tune through an installed openai_ft package against the emulator:
upload a training file, create a job, wait for it to succeed.

    python tests/support/python_package_smoke.py --emulator PATH [--expect-bundled]
    python tests/support/python_package_smoke.py --base-url http://127.0.0.1:PORT/v1

Run it with the Python of the venv that holds the package, from a directory
that is not the source tree (the package must be the installed one). It
writes its own training data (it needs nothing of the tree), starts the
emulator when given its binary (stopped by PID at the end), and prints the
library it loaded, where libcurl and jansson came from, and the job.

--expect-own-copy: the library must be the package's own copy (an sdist's build).
--expect-bundled: that too, and libcurl and jansson the copies in
openai_ft.libs/ that auditwheel put there, none of the system's: the check of
a repaired wheel.
--expect-library PATH: the library must be that file (OPENAI_FT_LIBRARY).
tests/python-packages runs it; the clean room can too.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import openai_ft

MODEL = "gpt-4o-mini-2024-07-18"


def training_file(folder: Path) -> Path:
    path = folder / "train.jsonl"
    with path.open("w") as f:
        for i in range(10):
            f.write(json.dumps({"messages": [
                {"role": "system", "content": "You add one."},
                {"role": "user", "content": f"{i}?"},
                {"role": "assistant", "content": f"{i + 1}."},
            ]}) + "\n")
    return path


def start_emulator(binary: str) -> tuple[subprocess.Popen[bytes], str]:
    proc = subprocess.Popen(
        [binary, "--port", "0", "--job-duration", "1", "--quiet"],
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    if not line.startswith("listening on "):
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        sys.exit(f"python_package_smoke: the emulator did not start: {line!r}")
    return proc, line.split()[-1]


def mapped(fragment: str) -> list[str]:
    """The files of this process's mappings whose name holds `fragment`."""
    with open("/proc/self/maps") as maps:
        paths = {line.split(maxsplit=5)[5].strip() for line in maps if len(line.split()) == 6}
    return sorted(p for p in paths if fragment in os.path.basename(p))


def check_own_copy(lib_path: str) -> None:
    package = Path(openai_ft.__file__).resolve().parent
    if Path(lib_path).resolve().parent != package:
        sys.exit(f"python_package_smoke: loaded {lib_path}, not the copy in {package}")


def check_bundled() -> None:
    libs = Path(openai_ft.__file__).resolve().parent.parent / "openai_ft.libs"
    # Not libcrypto: Python's own _hashlib may map the system's.
    for name in ("libcurl", "libjansson"):
        found = mapped(name)
        outside = [p for p in found if Path(p).resolve().parent != libs]
        if not found or outside:
            sys.exit(f"python_package_smoke: {name} mapped from {found}, expected only {libs}")


def jobs_of(client: Any) -> Any:
    # The official SDK's path when the package has it, else ours.
    fine_tuning = getattr(client, "fine_tuning", None)
    return fine_tuning.jobs if fine_tuning is not None else client.jobs


def upload(client: Any, path: Path) -> Any:
    if hasattr(client.files, "upload"):
        return client.files.upload(path)
    with path.open("rb") as f:
        return client.files.create(file=f, purpose="fine-tune")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--emulator", help="the openai-ft-emulator binary to start")
    where.add_argument("--base-url", help="a running emulator's URL (…/v1)")
    ap.add_argument("--expect-own-copy", action="store_true")
    ap.add_argument("--expect-bundled", action="store_true")
    ap.add_argument("--expect-library")
    args = ap.parse_args()

    started = time.monotonic()
    lib_path = openai_ft.load_library()._name
    print(f"openai_ft {openai_ft.__version__} from {Path(openai_ft.__file__).parent}")
    print(f"library: {lib_path} (libopenai_ft {openai_ft.library_version()})")
    for name in ("libcurl", "libjansson"):
        print(f"{name}: {', '.join(mapped(name)) or 'not mapped'}")
    if args.expect_own_copy or args.expect_bundled:
        check_own_copy(lib_path)
    if args.expect_bundled:
        check_bundled()
    if args.expect_library and lib_path != args.expect_library:
        sys.exit(f"python_package_smoke: loaded {lib_path}, expected {args.expect_library}")

    proc = None
    url = args.base_url
    if args.emulator:
        proc, url = start_emulator(args.emulator)
    try:
        with tempfile.TemporaryDirectory() as tmp, openai_ft.Client(
            base_url=url, api_key="sk-smoke", max_retries=0
        ) as client:
            f = upload(client, training_file(Path(tmp)))
            jobs = jobs_of(client)
            job = jobs.create(model=MODEL, training_file=f.id, suffix="smoke")
            job = jobs.wait(job.id, poll_interval=0.2, timeout=60)
    finally:
        if proc is not None:
            os.kill(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    print(f"file {f.id}; job {job.id}: {job.status}, model {job.fine_tuned_model}")
    if job.status != "succeeded" or not job.fine_tuned_model:
        sys.exit("python_package_smoke: the job did not succeed")
    print(f"python_package_smoke: ok in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
