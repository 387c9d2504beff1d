"""No leak over 10,000 calls: resident memory stays flat."""

from __future__ import annotations

import gc

import openai_ft
from conftest import Emulator, make_client


def rss_kb() -> int:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * 4


def test_ten_thousand_calls_keep_rss_flat(emulator: Emulator, finished_job: openai_ft.Job) -> None:
    def calls(c: openai_ft.Client, n: int) -> None:
        events = c.jobs.list_events(finished_job.id, limit=50)
        for i in range(n):
            if i % 10 == 0:
                try:
                    c.jobs.retrieve("ftjob-missing")  # an error, with its exception
                except openai_ft.NotFoundError:
                    pass
            elif i % 10 == 1:
                if next(events, None) is None:
                    events = c.jobs.list_events(finished_job.id, limit=50)
            else:
                c.jobs.retrieve(finished_job.id)

    with make_client(emulator) as c:
        calls(c, 1000)  # warm up: allocator pools, connection, caches
        gc.collect()
        before = rss_kb()
        calls(c, 10_000)
        gc.collect()
        after = rss_kb()
    # A leak of one job (about 2 kB) per call would add 16 MB.
    assert after - before < 1024, f"RSS grew {after - before} kB over 10,000 calls"
