"""The SDK's surface beyond the docs' snippets: pages, with_options and the
per-call options, with_raw_response and the headers of errors, arguments
refused before sending caught as BadRequestError, the first release's names
kept with a DeprecationWarning, and the types of results."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import openai_ft
from conftest import Emulator, EmulatorFactory
from openai_ft import OpenAI
from recording_server import recording_server

MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def client(emulator: Emulator) -> OpenAI:
    return OpenAI(base_url=emulator.url, api_key="sk-test")


@pytest.fixture(scope="module")
def three_jobs(emu_factory: EmulatorFactory, train_path: Path) -> tuple[str, list[str]]:
    """An emulator of its own with three jobs (newest first)."""
    emu = emu_factory("--job-duration", "600", "--quiet")
    c = OpenAI(base_url=emu.url, api_key="sk-test")
    f = c.files.create(file=train_path, purpose="fine-tune")
    ids = [c.fine_tuning.jobs.create(model=MODEL, training_file=f.id).id for _ in range(3)]
    return emu.url, list(reversed(ids))


def test_cursor_pages(three_jobs: tuple[str, list[str]]) -> None:
    url, ids = three_jobs
    client = OpenAI(base_url=url, api_key="sk-test")
    page = client.fine_tuning.jobs.list(limit=2)
    assert isinstance(page, openai_ft.SyncCursorPage)
    assert [j.id for j in page.data] == ids[:2] and page.has_more and page.has_next_page()
    assert page.object == "list" and page.request_id
    second = page.get_next_page()
    assert [j.id for j in second.data] == ids[2:] and not second.has_more
    assert not second.has_next_page()
    with pytest.raises(RuntimeError):
        second.get_next_page()
    assert [len(p.data) for p in page.iter_pages()] == [2, 1]
    assert [j.id for j in page] == ids  # every item, page after page
    assert [j.id for j in page] == ids  # and again
    after = client.fine_tuning.jobs.list(limit=1, after=ids[0])
    assert [j.id for j in after.data] == [ids[1]]


def test_single_page_of_models(client: OpenAI) -> None:
    page = client.models.list()
    assert isinstance(page, openai_ft.SyncPage)
    assert MODEL in [m.id for m in page] and not page.has_more and not page.has_next_page()
    assert [m.id for m in page] == [m.id for m in page.data]


def test_with_options_and_per_call_timeout(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--quiet")
    emu.faults(latency_ms=3000)
    client = OpenAI(base_url=emu.url, api_key="sk-test")
    quick = client.with_options(timeout=0.2, max_retries=0)
    assert quick is not client and isinstance(quick, OpenAI)
    with pytest.raises(openai_ft.APITimeoutError):
        quick.models.retrieve(MODEL)
    with pytest.raises(openai_ft.APITimeoutError):
        client.with_options(max_retries=0).models.retrieve(MODEL, timeout=0.2)
    emu.faults(latency_ms=0)
    assert client.models.retrieve(MODEL).id == MODEL  # the client's own options stand


def test_extra_headers_and_query() -> None:
    with recording_server() as server:
        client = OpenAI(base_url=server.url, api_key="sk-test",
                        default_headers={"X-Default": "d", "X-Both": "client"})
        client.models.list(extra_headers={"X-Trace": "t-1", "X-Both": "call"},
                           extra_query={"include": "all", "flag": True})
        client.models.list()
    first, second = server.requests
    assert first.headers["x-trace"] == "t-1" and first.headers["x-default"] == "d"
    assert first.headers["x-both"] == "call"
    assert first.query == "include=all&flag=true"
    assert "x-trace" not in second.headers and second.headers["x-both"] == "client"
    assert second.query == ""


def test_extra_body(client: OpenAI, train_path: Path) -> None:
    f = client.files.create(file=train_path, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model=MODEL, training_file=f.id, suffix="own",
                                         extra_body={"suffix": "from-extra"})
    assert job.user_provided_suffix == "from-extra"  # over the call's own member
    assert client.fine_tuning.jobs.retrieve(job.id, extra_body={"x": 1}).id == job.id  # a GET
    with pytest.raises(openai_ft.BadRequestError, match="multipart"):
        client.files.create(file=train_path, purpose="fine-tune", extra_body={"x": 1})
    with recording_server() as server:
        rec = OpenAI(base_url=server.url, api_key="sk-test")
        with pytest.raises(openai_ft.NotFoundError):
            rec.fine_tuning.alpha.graders.validate(grader={"type": "string_check"},
                                                   extra_body={"note": "n"})
        with pytest.raises(openai_ft.NotFoundError):
            rec.fine_tuning.jobs.cancel("ftjob-1", extra_body={"reason": "r"})
    validate, cancel = server.requests
    assert json.loads(validate.body) == {"grader": {"type": "string_check"}, "note": "n"}
    assert json.loads(cancel.body) == {"reason": "r"}


def test_raw_response_headers() -> None:
    with recording_server() as server:
        client = OpenAI(base_url=server.url, api_key="sk-test")
        raw = client.models.with_raw_response.list()
        assert raw.status_code == 200
        assert raw.headers["x-ratelimit-remaining-requests"] == "59"
        assert raw.headers["X-RateLimit-Limit-Requests"] == "60"  # any case
        assert raw.request_id == raw.headers["x-request-id"] == "req_recorded_1"
        assert raw.parse().data == []
        again = client.with_raw_response.models.list()
        assert again.headers["x-request-id"] == "req_recorded_2"
        with pytest.raises(openai_ft.NotFoundError) as info:
            client.files.retrieve("file-nope")
    e = info.value
    assert e.status_code == 404 and e.response is not None and e.response.status_code == 404
    assert e.headers["x-ratelimit-remaining-requests"] == "59"
    assert e.response.headers["x-request-id"] == e.request_id == "req_recorded_3"
    assert isinstance(e.body, dict) and e.body["message"] == "no route"


def test_raw_response_on_the_emulator(client: OpenAI, finished_job: openai_ft.Job) -> None:
    raw = client.fine_tuning.jobs.with_raw_response.retrieve(finished_job.id)
    job = raw.parse()
    assert job.id == finished_job.id and raw.headers["x-request-id"] == job.request_id
    events = client.fine_tuning.jobs.with_raw_response.list_events(finished_job.id, limit=1)
    assert len(events.parse().data) == 1 and events.request_id


def test_refused_before_sending_is_bad_request(client: OpenAI, emulator: Emulator) -> None:
    before = len(emulator.requests())
    with pytest.raises(openai_ft.BadRequestError) as info:
        client.fine_tuning.jobs.create(model=MODEL, training_file="file-x",
                                       hyperparameters={"n_epochs": 0})
    assert isinstance(info.value, openai_ft.InvalidArgumentError)
    assert isinstance(info.value, ValueError) and info.value.status_code == 400
    assert info.value.response is None and "n_epochs" in info.value.message
    with pytest.raises(openai_ft.BadRequestError, match="method.type"):
        client.fine_tuning.jobs.create(model=MODEL, training_file="file-x",
                                       method={"type": "bogus"})  # type: ignore[arg-type]
    with pytest.raises(openai_ft.BadRequestError, match="fine_tuning_job_id"):
        client.fine_tuning.jobs.retrieve("")
    with pytest.raises(openai_ft.BadRequestError, match="unknown key 'n_epoch'"):
        client.fine_tuning.jobs.create(
            model=MODEL, training_file="file-x",
            method={"type": "supervised",  # type: ignore[arg-type]
                    "supervised": {"hyperparameters": {"n_epoch": 3}}},
        )
    assert len(emulator.requests()) == before  # nothing was sent


def test_files_create_forms(client: OpenAI, train_path: Path) -> None:
    data = train_path.read_bytes()
    by_path = client.files.create(file=train_path, purpose="fine-tune")
    with open(train_path, "rb") as fh:
        by_object = client.files.create(file=fh, purpose="fine-tune")
    # bytes alone go out named "upload", as the SDK's: the API wants .jsonl here
    with pytest.raises(openai_ft.BadRequestError, match="jsonl"):
        client.files.create(file=data, purpose="fine-tune")
    by_bytes = client.files.create(file=data, purpose="batch")
    by_tuple = client.files.create(file=("named.jsonl", data), purpose="fine-tune")
    with open(train_path, "rb") as fh:
        fh.read(10)  # not at its start: the rest goes through a temporary file
        partial = client.files.create(file=("rest.jsonl", fh), purpose="fine-tune")
    assert [f.filename for f in (by_path, by_object, by_bytes, by_tuple)] == [
        "train.jsonl", "train.jsonl", "upload", "named.jsonl"]
    assert {f.bytes for f in (by_path, by_object, by_bytes, by_tuple)} == {len(data)}
    assert partial.bytes == len(data) - 10
    assert client.files.content(by_tuple.id).content == data
    done = client.files.wait_for_processing(by_tuple.id, poll_interval=0.1)
    assert done.status == "processed"


def test_uploads(client: OpenAI, train_path: Path) -> None:
    data = train_path.read_bytes()
    half = len(data) // 2
    up = client.uploads.create(bytes=len(data), filename="parts.jsonl",
                               mime_type="text/jsonl", purpose="fine-tune")
    assert up.status == "pending" and up.id.startswith("upload_")
    p1 = client.uploads.parts.create(up.id, data=data[:half])
    p2 = client.uploads.parts.create(up.id, data=data[half:])
    done = client.uploads.complete(up.id, part_ids=[p1.id, p2.id])
    assert done.status == "completed" and done.file is not None
    assert client.files.content(done.file.id).content == data
    other = client.uploads.create(bytes=1, filename="x.jsonl", mime_type="text/jsonl",
                                  purpose="fine-tune")
    assert client.uploads.cancel(other.id).status == "cancelled"


def test_wait_and_validate_stay(client: OpenAI, train_path: Path) -> None:
    assert openai_ft.validate(train_path).ok
    f = client.files.create(file=train_path, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model=MODEL, training_file=f.id)
    seen: list[str] = []
    done = client.fine_tuning.jobs.wait(
        job.id, poll_interval=0.1, timeout=60,
        on_progress=lambda j, e: seen.append(e.message if e else j.status))
    assert done.status == "succeeded" and seen


def test_metrics_events_are_typed(client: OpenAI, finished_job: openai_ft.Job) -> None:
    metrics = [e for e in client.fine_tuning.jobs.list_events(finished_job.id)
               if e.type == "metrics"]
    assert metrics
    data = metrics[0].data
    assert data is not None and isinstance(data["step"], int)
    assert isinstance(data["train_loss"], float)


def test_first_release_names_warn(emulator: Emulator) -> None:
    with pytest.warns(DeprecationWarning, match="openai_ft.Client is deprecated"):
        old = openai_ft.Client(base_url=emulator.url, api_key="sk-test")
    assert isinstance(old, OpenAI)
    with pytest.warns(DeprecationWarning, match="client.jobs is deprecated"):
        jobs = old.jobs
    assert isinstance(next(iter(jobs.list(limit=1)), None), (openai_ft.Job, type(None)))
    with pytest.warns(DeprecationWarning, match="fine_tuning.checkpoints.permissions"):
        old.permissions
    with pytest.warns(DeprecationWarning, match="fine_tuning.alpha.graders"):
        old.graders
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        OpenAI(base_url=emulator.url, api_key="sk-test").fine_tuning.jobs.list(limit=1)
    old.close()


def test_the_sdks_type_names() -> None:
    from openai_ft.types import FileDeleted, FileObject, Model
    from openai_ft.types.fine_tuning import (
        FineTuningJob,
        FineTuningJobCheckpoint,
        FineTuningJobEvent,
    )

    assert (FineTuningJob, FineTuningJobEvent, FineTuningJobCheckpoint) == (
        openai_ft.Job, openai_ft.Event, openai_ft.Checkpoint)
    assert (FileObject, FileDeleted, Model) == (
        openai_ft.File, openai_ft.Deleted, openai_ft.Model)


def test_async_client_mirrors_the_sdk_tree(emulator: Emulator,
                                           finished_job: openai_ft.Job) -> None:
    import asyncio

    async def main() -> None:
        async with openai_ft.AsyncClient(base_url=emulator.url, api_key="sk-test") as c:
            page = await c.fine_tuning.jobs.list(limit=1)
            assert len(page.data) == 1
            job = await c.fine_tuning.jobs.retrieve(finished_job.id)
            assert job.id == finished_job.id
            events = [e.id async for e in c.fine_tuning.jobs.list_events(job.id, limit=5)]
            assert len(events) > 5  # every page
            raw = await c.fine_tuning.jobs.with_raw_response.retrieve(job.id)
            assert raw.parse().id == job.id and raw.headers["x-request-id"]
            ckpts = await c.fine_tuning.jobs.checkpoints.list(job.id)
            assert ckpts.data
            v = await c.fine_tuning.alpha.graders.validate(grader={
                "type": "string_check", "name": "g", "input": "{{sample.output_text}}",
                "reference": "x", "operation": "eq"})
            assert v.grader is not None

    asyncio.run(main())
