"""The docs' async fine-tuning examples (sdk_snippets_async.py: AsyncOpenAI,
unchanged but for the import and the constructor) run against the emulator,
with the same checks as the sync ones (test_sdk_snippets.py); and AsyncOpenAI
as the SDK's: OpenAI's arguments, with_options, ``async with``, close()."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

import openai_ft
import sdk_snippets_async as s
from conftest import Emulator, EmulatorFactory

MODEL = "gpt-4o-mini-2024-07-18"
R = TypeVar("R")


def run(coro: Coroutine[Any, Any, R]) -> R:
    return asyncio.run(coro)


@pytest.fixture(scope="module")
def slow(emu_factory: EmulatorFactory) -> Emulator:
    """Jobs that stay running long enough to pause, resume and cancel."""
    return emu_factory("--job-duration", "600", "--quiet")


def test_only_the_import_names_openai_ft() -> None:
    text = Path(s.__file__).read_text()
    code = re.sub(r'""".*?"""', "", text, flags=re.S)
    assert re.findall(r"^.*openai_ft.*$", code, flags=re.M) == [
        "from openai_ft import AsyncOpenAI"
    ]


def test_guide_upload_create_manage(slow: Emulator, train_path: Path) -> None:
    async def main() -> None:
        async with s.make_client(slow.url) as client:
            file_id = await s.upload_training_file(client, str(train_path))
            assert file_id.startswith("file-")
            job_id = await s.create_job(client, file_id)
            done = await s.create_job(client, file_id)  # a model for the guide to delete
            slow.control("POST", f"jobs/{done}/advance", {"to": "succeeded"})
            model = (await client.fine_tuning.jobs.retrieve(done)).fine_tuned_model
            assert model is not None and model.startswith("ft:")
            await s.manage_jobs(client, job_id, model)
            assert (await client.fine_tuning.jobs.retrieve(job_id)).status == "cancelled"
            with pytest.raises(openai_ft.NotFoundError):
                await client.models.retrieve(model)
            with pytest.raises(openai_ft.PermissionDeniedError):  # a base model: 403
                await s.manage_jobs(client, await s.create_job(client, file_id), MODEL)

    run(main())


def test_methods_and_pause(slow: Emulator, train_path: Path) -> None:
    async def main() -> None:
        async with s.make_client(slow.url) as client:
            file_id = await s.upload_training_file(client, str(train_path))
            dpo = await client.fine_tuning.jobs.retrieve(await s.create_dpo_job(client, file_id))
            assert dpo.method is not None and dpo.method.type == "dpo"
            assert dpo.method.hyperparameters.beta == 0.1
            sup = await client.fine_tuning.jobs.retrieve(
                await s.create_supervised_job_with_hyperparameters(client, file_id))
            assert sup.method is not None and sup.method.hyperparameters.n_epochs == 2
            slow.control("POST", f"jobs/{sup.id}/advance", {"to": "running"})
            assert await s.pause_and_resume(client, sup.id) == ("paused", "queued")
            ids = await s.list_jobs(client)
            assert dpo.id in ids and sup.id in ids

    run(main())


def test_events_checkpoints_permissions(
    emulator: Emulator, finished_job: openai_ft.Job
) -> None:
    async def main() -> None:
        async with s.make_client(emulator.url) as client:
            messages = await s.list_events(client, finished_job.id)
            every = [e async for e in client.fine_tuning.jobs.list_events(finished_job.id)]
            assert len(messages) == len(every) > 2  # more than the first page of 2
            checkpoints = await s.list_checkpoints(client, finished_job.id)
            assert checkpoints and all(c.startswith("ft:") for c in checkpoints)
            assert len(await s.permissions(client, checkpoints[0])) == 1
            status, loss = await s.typed_use(client, finished_job.id)
            assert status == "succeeded" and isinstance(loss, float)

    run(main())


def test_graders_files_models(emulator: Emulator, train_path: Path) -> None:
    async def main() -> None:
        client = s.make_client(emulator.url)
        try:
            assert await s.graders(client) == 1.0
            file_id = await s.upload_training_file(client, str(train_path))
            assert await s.file_content(client, file_id) == train_path.read_bytes()
            assert await s.files(client, file_id) is True
            assert await s.models(client) == "system"
        finally:
            await client.close()
        assert client.sync_client.closed

    run(main())


def test_async_openai_is_the_sdks_shape(emulator: Emulator) -> None:
    async def main() -> None:
        async with openai_ft.AsyncOpenAI(base_url=emulator.url, api_key="sk-test",
                                         pool_size=2, max_retries=0) as client:
            assert isinstance(client, openai_ft.AsyncOpenAI)
            assert client.sync_client.pool_size == 2
            fast = client.with_options(timeout=30.0)
            assert isinstance(fast, openai_ft.AsyncOpenAI)
            assert fast.sync_client is not client.sync_client
            page = await fast.models.list()
            assert [m.id for m in page.data]
            raw = await client.with_raw_response.models.list()
            assert raw.status_code == 200 and raw.parse().data
            await fast.close()
            assert (await client.models.retrieve(MODEL)).id == MODEL  # ours still open

    run(main())


def test_a_sync_program_does_not_import_asyncio() -> None:
    code = ("import sys, openai_ft; assert 'asyncio' not in sys.modules; "
            "openai_ft.AsyncOpenAI; assert 'asyncio' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
