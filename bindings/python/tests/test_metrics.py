"""openai_ft._metrics against openai-ft-emulator processes: a job's step
metrics (from its result file once it has succeeded, from its events while it
runs), and the many-jobs watch with its callbacks, its request count and its
deadline."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import openai_ft
from conftest import Emulator, EmulatorFactory, make_client
from openai_ft._metrics import StepMetrics, metrics, watch

MODEL = "gpt-4o-mini-2024-07-18"


def test_metrics_of_a_succeeded_job(
    client: openai_ft.Client, finished_job: openai_ft.Job
) -> None:
    steps = list(metrics(client, finished_job.id))
    assert steps and all(isinstance(m, StepMetrics) for m in steps)
    assert [m.step for m in steps] == list(range(1, len(steps) + 1))
    assert all(m.train_loss is not None and m.train_loss > 0 for m in steps)
    assert all(m.valid_loss is None for m in steps)  # no validation file
    # The same numbers as the metrics events.
    by_step = {m.step: m for m in steps}
    events = [e for e in client.jobs.list_events(finished_job.id, limit=100) if e.type == "metrics"]
    assert events
    for e in events:
        data = e.data
        assert isinstance(data, dict)
        m = by_step[data["step"]]
        assert m.train_loss is not None and abs(m.train_loss - data["train_loss"]) < 1e-5


def test_metrics_of_a_running_job_come_from_its_events(
    emu_factory: EmulatorFactory, train_path: Path
) -> None:
    emu = emu_factory("--job-duration", "3600", "--quiet")
    with make_client(emu) as c:
        f = c.files.upload(train_path)
        job = c.jobs.create(model=MODEL, training_file=f.id)
        assert list(metrics(c, job.id)) == []  # no step yet
        emu.control("POST", f"jobs/{job.id}/advance", {"to": "running"})
        c.jobs.cancel(job.id)
        got = [m.step for m in metrics(c, job.id)]
        assert got == sorted(set(got))


def test_metrics_errors(client: openai_ft.Client) -> None:
    with pytest.raises(openai_ft.InvalidArgumentError):
        list(metrics(client, ""))
    with pytest.raises(openai_ft.NotFoundError):
        list(metrics(client, "ftjob-nope"))


def test_watch_three_jobs(emulator: Emulator, train_path: Path) -> None:
    with make_client(emulator) as c:
        f = c.files.upload(train_path)
        ids = [c.jobs.create(model=MODEL, training_file=f.id).id for _ in range(3)]
        events: dict[str, list[str]] = {i: [] for i in ids}
        last: dict[str, str] = {}
        order: list[tuple[str, str]] = []

        def on_event(job: openai_ft.Job, ev: openai_ft.Event) -> None:
            events[job.id].append(ev.id)
            order.append((job.id, "event"))

        def on_job(job: openai_ft.Job) -> None:
            last[job.id] = job.status
            order.append((job.id, job.status))

        watch(c, ids, on_event=on_event, on_job=on_job, poll_interval=0.05, timeout=60)
        for i in ids:
            assert last[i] == "succeeded"
            listed = [e.id for e in c.jobs.list_events(i, limit=100)]
            assert events[i] == list(reversed(listed))  # each once, oldest first
            mine = [what for j, what in order if j == i]
            assert mine[-1] == "succeeded" and "event" not in mine[mine.index("succeeded"):]
        # Statuses came from the job list: no job was retrieved alone.
        for i in ids:
            assert emulator.count("GET", f"/v1/fine_tuning/jobs/{i}") == 0


def test_watch_callback_error_and_deadline(
    emu_factory: EmulatorFactory, train_path: Path
) -> None:
    emu = emu_factory("--job-duration", "3600", "--quiet")
    with make_client(emu) as c:
        job = c.jobs.create(model=MODEL, training_file=c.files.upload(train_path).id)

        def boom(j: openai_ft.Job) -> None:
            raise ValueError("stop here")

        with pytest.raises(ValueError, match="stop here"):
            watch(c, [job.id], on_job=boom, poll_interval=0.05)
        with pytest.raises(openai_ft.WaitTimeoutError):
            watch(c, [job.id], poll_interval=0.05, timeout=0.3)
        with pytest.raises(openai_ft.InvalidArgumentError):
            watch(c, [])


# ---- the SDK-shaped surface: client.fine_tuning.jobs.metrics() / .watch() ----


def test_jobs_metrics_on_the_sdk_resource(
    client: openai_ft.OpenAI, finished_job: openai_ft.Job
) -> None:
    it = client.fine_tuning.jobs.metrics(finished_job.id)
    steps = list(it)
    assert steps and all(isinstance(m, openai_ft.StepMetrics) for m in steps)
    assert steps == list(metrics(client, finished_job.id))
    with pytest.raises(openai_ft.BadRequestError):  # the SDK's check of an empty id
        client.fine_tuning.jobs.metrics("")
    with pytest.raises(openai_ft.NotFoundError):
        list(client.fine_tuning.jobs.metrics("ftjob-nope"))


def test_jobs_metrics_between_other_calls_on_a_pool(
    emulator: Emulator, finished_job: openai_ft.Job
) -> None:
    """The C iterator stays on the C client it was made with, whatever other
    calls of the same client run between two steps."""
    with make_client(emulator, pool_size=2) as c:
        want = list(metrics(c, finished_job.id))
        got = []
        for m in c.fine_tuning.jobs.metrics(finished_job.id):
            got.append(m)
            assert c.fine_tuning.jobs.retrieve(finished_job.id).id == finished_job.id
        assert got == want


def test_jobs_watch_on_the_sdk_resource(emulator: Emulator, train_path: Path) -> None:
    with make_client(emulator) as c:
        f = c.files.create(file=train_path, purpose="fine-tune")
        ids = [c.fine_tuning.jobs.create(model=MODEL, training_file=f.id).id for _ in range(2)]
        last: dict[str, str] = {}
        seen: list[str] = []
        c.fine_tuning.jobs.watch(
            ids,
            on_event=lambda job, ev: seen.append(ev.id),
            on_job=lambda job: last.__setitem__(job.id, job.status),
            poll_interval=0.05,
            timeout=60,
        )
        assert last == {i: "succeeded" for i in ids}
        assert len(seen) == len(set(seen)) > 0
        with pytest.raises(openai_ft.BadRequestError):
            c.fine_tuning.jobs.watch([])


def test_async_jobs_metrics_and_watch(emulator: Emulator, finished_job: openai_ft.Job) -> None:
    with make_client(emulator) as c:
        want = [m.step for m in metrics(c, finished_job.id)]

    async def main() -> list[int]:
        async with openai_ft.AsyncClient(base_url=emulator.url, api_key="sk-test") as ac:
            got = [m.step async for m in ac.fine_tuning.jobs.metrics(finished_job.id)]
            it = await ac.fine_tuning.jobs.metrics(finished_job.id)  # awaited, then iterated
            assert [m.step async for m in it] == got
            jobs: list[str] = []
            await ac.fine_tuning.jobs.watch(
                [finished_job.id], on_job=lambda j: jobs.append(j.status),
                poll_interval=0.05, timeout=60)
            assert jobs == ["succeeded"]
            return got

    assert asyncio.run(main()) == want
