"""Jobs: create (every option), retrieve, list across pages, cancel, pause,
resume, events and checkpoints across pages, and wait."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import openai_ft
from conftest import Emulator, EmulatorFactory, make_client

MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture(scope="module")
def file_id(emulator: Emulator, train_path: Path) -> str:
    with make_client(emulator) as c:
        return c.files.upload(train_path).id


def test_create_maps_every_field(client: openai_ft.Client, file_id: str) -> None:
    job = client.jobs.create(
        model=MODEL,
        training_file=file_id,
        validation_file=file_id,
        suffix="weather",
        seed=42,
        method="dpo",
        n_epochs=2,
        batch_size="auto",
        beta=0.25,
        metadata={"team": "ml", "run": "7"},
        integrations=[openai_ft.Wandb(project="proj", name="run-1", entity="me", tags=("a", "b"))],
    )
    assert job.id.startswith("ftjob-")
    assert job.object == "fine_tuning.job"
    assert isinstance(job.created_at, int) and job.created_at > 1_600_000_000
    assert job.model == MODEL
    assert job.status == "validating_files"
    assert job.training_file == file_id and job.validation_file == file_id
    assert job.user_provided_suffix == "weather"
    assert job.seed == 42
    assert job.metadata == {"team": "ml", "run": "7"}
    assert job.finished_at is None and job.fine_tuned_model is None and job.error is None
    assert job.result_files == ()
    assert job.method is not None and job.method.type == "dpo"
    hp = job.method.hyperparameters
    # "auto" stays a string, numbers stay numbers, unset stays None.
    assert hp.n_epochs == 2 and isinstance(hp.n_epochs, int)
    assert hp.batch_size == "auto"
    assert hp.beta == 0.25
    assert hp.compute_multiplier is None
    (integration,) = job.integrations
    assert integration.type == "wandb"
    assert integration.wandb.project == "proj" and integration.wandb.name == "run-1"
    assert integration.wandb.entity == "me" and integration.wandb.tags == ("a", "b")
    assert job.request_id and job.request_id.startswith("req_")
    raw = json.loads(job.raw_json)
    assert raw["id"] == job.id and raw["method"]["type"] == "dpo"


def test_create_legacy_hyperparameters_and_supervised(
    client: openai_ft.Client, file_id: str
) -> None:
    job = client.jobs.create(
        model=MODEL,
        training_file=file_id,
        hyperparameters=openai_ft.Hyperparameters(n_epochs=3, learning_rate_multiplier=0.5),
    )
    assert job.hyperparameters is not None
    assert job.hyperparameters.n_epochs == 3
    assert job.hyperparameters.learning_rate_multiplier == 0.5
    assert job.method is not None and job.method.type == "supervised"


def test_create_reinforcement_with_a_grader(client: openai_ft.Client, tmp_path: Path) -> None:
    data = tmp_path / "rft.jsonl"
    data.write_text("".join(
        json.dumps({"messages": [{"role": "user", "content": f"{i}+{i}?"}],
                    "reference_answer": str(2 * i)}) + "\n" for i in range(12)))
    grader = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
              "reference": "{{item.reference_answer}}", "operation": "eq"}
    job = client.jobs.create(
        model="o4-mini-2025-04-16",
        training_file=client.files.upload(data).id,
        method="reinforcement",
        grader=grader,
        compute_multiplier=2.0,
        eval_interval=5,
        eval_samples="auto",
        reasoning_effort="low",
        extra_body={"suffix": "from-extra-body"},
    )
    assert job.method is not None and job.method.type == "reinforcement"
    assert job.method.grader == grader
    hp = job.method.hyperparameters
    assert hp.compute_multiplier == 2.0 and hp.eval_interval == 5 and hp.eval_samples == "auto"
    assert hp.reasoning_effort == "low" and hp.beta is None
    assert job.user_provided_suffix == "from-extra-body"


def test_create_refuses_bad_options_before_sending(
    client: openai_ft.Client, file_id: str
) -> None:
    with pytest.raises(openai_ft.InvalidArgumentError, match="n_epochs"):
        client.jobs.create(model=MODEL, training_file=file_id, n_epochs=0)
    with pytest.raises(openai_ft.InvalidArgumentError, match="n_epochs"):
        client.jobs.create(model=MODEL, training_file=file_id, n_epochs="many")  # type: ignore[arg-type]
    with pytest.raises(openai_ft.InvalidArgumentError, match="method"):
        client.jobs.create(model=MODEL, training_file=file_id, method="magic")  # type: ignore[arg-type]
    with pytest.raises(openai_ft.InvalidArgumentError, match="job_id"):
        client.jobs.retrieve("")


def test_retrieve_is_the_created_job(client: openai_ft.Client, file_id: str) -> None:
    created = client.jobs.create(model=MODEL, training_file=file_id, metadata={"k": "v"})
    got = client.jobs.retrieve(created.id)
    assert got.id == created.id and got.created_at == created.created_at
    assert got.metadata == {"k": "v"}
    assert got.request_id != created.request_id


def test_list_walks_every_page_newest_first(emu_factory: EmulatorFactory, train_path: Path) -> None:
    emu = emu_factory("--job-duration", "30")
    with make_client(emu) as c:
        fid = c.files.upload(train_path).id
        made = [c.jobs.create(model=MODEL, training_file=fid, metadata={"n": str(i)}).id for i in range(7)]
        pager = c.jobs.list(limit=2)
        listed = [j.id for j in pager]
        assert listed == list(reversed(made))
        assert next(pager, None) is None  # exhausted stays exhausted
        only = [j.metadata["n"] for j in c.jobs.list(metadata={"n": "3"})]
        assert only == ["3"]
        # 7 jobs in 4 pages of 2, then one page of the filtered list.
        assert emu.count("GET", "/v1/fine_tuning/jobs", 200) == 5


def test_cancel_pause_resume(emu_factory: EmulatorFactory, train_path: Path) -> None:
    emu = emu_factory("--job-duration", "20")
    with make_client(emu, max_retries=0) as c:
        fid = c.files.upload(train_path).id
        job = c.jobs.create(model=MODEL, training_file=fid)
        deadline = time.monotonic() + 15
        while c.jobs.retrieve(job.id).status != "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert c.jobs.pause(job.id).status == "paused"
        with pytest.raises(openai_ft.ConflictError) as info:
            c.jobs.pause(job.id)
        assert info.value.status_code == 409 and info.value.code == "job_not_running"
        assert c.jobs.resume(job.id).status in ("queued", "running")
        cancelled = c.jobs.cancel(job.id)
        assert cancelled.status == "cancelled" and cancelled.finished_at is not None
        with pytest.raises(openai_ft.ConflictError, match="cancel"):
            c.jobs.cancel(job.id)


def test_events_across_many_pages(client: openai_ft.Client, finished_job: openai_ft.Job) -> None:
    events = list(client.jobs.list_events(finished_job.id, limit=7))
    assert len(events) > 50  # many pages of 7
    assert len({e.id for e in events}) == len(events)
    times = [e.created_at for e in events]
    assert times == sorted(times, reverse=True)  # newest first
    assert events[0].message == "The job has successfully completed"
    assert all(e.object == "fine_tuning.job.event" and e.level == "info" for e in events)
    assert {e.type for e in events} <= {"message", "metrics"}
    metrics = [e for e in events if e.type == "metrics"]
    for e in metrics:
        assert isinstance(e.data, dict) and "step" in e.data
    first = events[-1]
    assert first.message.startswith("Created fine-tuning job")
    # The same walk with the server's default page size.
    assert [e.id for e in client.jobs.list_events(finished_job.id)] == [e.id for e in events]
    # Resuming after a cursor.
    after = list(client.jobs.list_events(finished_job.id, after=events[9].id, limit=5))
    assert [e.id for e in after] == [e.id for e in events[10:]]


def test_checkpoints(client: openai_ft.Client, finished_job: openai_ft.Job) -> None:
    ckpts = list(client.jobs.list_checkpoints(finished_job.id, limit=1))
    assert len(ckpts) == 3  # one per epoch, one page each
    assert [c.step_number for c in ckpts] == sorted((c.step_number for c in ckpts), reverse=True)
    for c in ckpts:
        assert c.id.startswith("ftckpt")
        assert c.fine_tuning_job_id == finished_job.id
        assert c.fine_tuned_model_checkpoint.endswith(f":ckpt-step-{c.step_number}")
        assert c.metrics.step == float(c.step_number)
        assert c.metrics.train_loss is not None and c.metrics.train_loss > 0
        assert json.loads(c.raw_json)["id"] == c.id


def test_finished_job_fields(finished_job: openai_ft.Job) -> None:
    job = finished_job
    assert job.status == "succeeded" and job.is_terminal
    assert job.fine_tuned_model and job.fine_tuned_model.startswith(f"ft:{MODEL}:")
    assert job.fine_tuned_model.split(":")[3] == "done"
    assert isinstance(job.finished_at, int) and job.finished_at >= job.created_at
    assert isinstance(job.trained_tokens, int) and job.trained_tokens > 0
    assert len(job.result_files) == 1 and job.result_files[0].startswith("file-")
    assert job.hyperparameters is not None
    # "auto" was resolved by the server once training started.
    assert isinstance(job.hyperparameters.n_epochs, int)


def test_wait_reports_events_oldest_first_each_once(
    client: openai_ft.Client, file_id: str
) -> None:
    job = client.jobs.create(model=MODEL, training_file=file_id)
    seen: list[openai_ft.Event] = []
    statuses: list[str] = []

    def on_progress(j: openai_ft.Job, event: openai_ft.Event | None) -> None:
        assert j.id == job.id
        if event is None:
            statuses.append(j.status)
        else:
            seen.append(event)

    done = client.jobs.wait(job.id, on_progress=on_progress, poll_interval=0.1, timeout=60)
    assert done.status == "succeeded"
    listed = list(client.jobs.list_events(job.id, limit=100))
    assert [e.id for e in seen] == [e.id for e in reversed(listed)]
    assert statuses[0] == "validating_files" and statuses[-1] == "succeeded"
    assert "running" in statuses


def test_wait_without_callback(client: openai_ft.Client, file_id: str) -> None:
    job = client.jobs.create(model=MODEL, training_file=file_id)
    assert client.jobs.wait(job.id, poll_interval=0.1).status == "succeeded"


def test_wait_on_a_failing_job_raises_job_failed(
    client: openai_ft.Client, bad_path: Path
) -> None:
    bad = client.files.upload(bad_path)
    job = client.jobs.create(model=MODEL, training_file=bad.id)
    with pytest.raises(openai_ft.JobFailedError) as info:
        client.jobs.wait(job.id, poll_interval=0.1, timeout=60)
    failed = info.value.job
    assert failed.id == job.id and failed.status == "failed"
    assert failed.error is not None and failed.error.message
    assert failed.error.code


def test_wait_deadline_raises_wait_timeout(emu_factory: EmulatorFactory, train_path: Path) -> None:
    emu = emu_factory("--job-duration", "60", "--quiet")
    with make_client(emu) as c:
        job = c.jobs.create(model=MODEL, training_file=c.files.upload(train_path).id)
        start = time.monotonic()
        with pytest.raises(openai_ft.WaitTimeoutError) as info:
            c.jobs.wait(job.id, poll_interval=0.1, timeout=0.5)
        assert time.monotonic() - start < 10
        assert info.value.job is not None and info.value.job.id == job.id
        assert isinstance(info.value, TimeoutError)


def test_wait_callback_exception_stops_and_propagates(
    client: openai_ft.Client, file_id: str
) -> None:
    job = client.jobs.create(model=MODEL, training_file=file_id)
    calls = 0

    class Stop(Exception):
        pass

    def on_progress(j: openai_ft.Job, event: openai_ft.Event | None) -> None:
        nonlocal calls
        calls += 1
        raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        client.jobs.wait(job.id, on_progress=on_progress, poll_interval=0.1)
    assert calls == 1
    # The client is fine afterwards.
    assert client.jobs.retrieve(job.id).id == job.id


def test_missing_job_is_not_found(client: openai_ft.Client) -> None:
    with pytest.raises(openai_ft.NotFoundError) as info:
        client.jobs.retrieve("ftjob-missing")
    e = info.value
    assert e.status_code == 404 and e.type == "invalid_request_error"
    assert e.param == "fine_tuning_job_id" and e.request_id and e.request_id.startswith("req_")
    assert "ftjob-missing" in e.message
    assert isinstance(e.body, dict) and e.body["param"] == "fine_tuning_job_id"
    with pytest.raises(openai_ft.NotFoundError):
        list(client.jobs.list_events("ftjob-missing"))


def test_check_create_needs_no_request(client: openai_ft.Client) -> None:
    """jobs.check_create: the library's rules, nothing sent (no such file needed)."""
    client.jobs.check_create(model=MODEL, training_file="file-x", n_epochs=50, suffix="s")
    cases = [
        ({"n_epochs": 51}, "n_epochs: must be in [1, 50] (got 51)"),
        ({"batch_size": 0}, "batch_size: must be in [1, 256] (got 0)"),
        ({"suffix": "s" * 65}, "suffix: longer than 64 characters"),
        ({"seed": -1}, "seed: must be in [0, 2147483647] (got -1)"),
        ({"method": "dpo", "beta": 3}, "beta: must be in (0, 2] (got 3)"),
        ({"method": "reinforcement"}, "grader_json: required by the reinforcement method"),
    ]
    for kwargs, want in cases:
        with pytest.raises(openai_ft.InvalidArgumentError) as e:
            client.jobs.check_create(model=MODEL, training_file="file-x",
                                     **kwargs)  # type: ignore[arg-type]
        assert str(e.value).startswith(want), (kwargs, str(e.value))


def test_sdk_check_create(emu_factory: EmulatorFactory) -> None:
    """client.fine_tuning.jobs.check_create: the SDK's arguments, the library's
    rules, no request (a fresh emulator's log stays empty)."""
    emulator = emu_factory()
    with openai_ft.OpenAI(api_key="sk-test", base_url=emulator.url) as c:
        c.fine_tuning.jobs.check_create(model=MODEL, training_file="file-x",
                                        method={"type": "dpo", "dpo": {
                                            "hyperparameters": {"beta": 2}}})
        with pytest.raises(openai_ft.BadRequestError, match=r"beta: must be in \(0, 2\] \(got 3"):
            c.fine_tuning.jobs.check_create(model=MODEL, training_file="file-x",
                                            method={"type": "dpo", "dpo": {
                                                "hyperparameters": {"beta": 3}}})
    assert emulator.requests() == []
