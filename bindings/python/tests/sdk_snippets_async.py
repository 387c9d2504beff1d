"""The official docs' fine-tuning examples for the async client (the SDK's
``AsyncOpenAI``: each call awaited, each list ``async for``), as a user of
the SDK has them, with two changes only: the import (``from openai import
AsyncOpenAI`` becomes ``from openai_ft import AsyncOpenAI``) and the client's
constructor (the emulator's URL). The IDs the docs write out come from the
arguments, since the emulator makes its own.

test_sdk_snippets_async.py runs each against the emulator; mypy --strict
checks this file as a user's script (scripts/test-python), so the types a
user's async code relies on are checked too.
"""

from __future__ import annotations

from typing import Literal

from openai_ft import AsyncOpenAI


def make_client(base_url: str) -> AsyncOpenAI:
    # The docs: client = AsyncOpenAI()
    client = AsyncOpenAI(base_url=base_url, api_key="sk-test")
    return client


# ---- the fine-tuning guide ----


async def upload_training_file(client: AsyncOpenAI, path: str) -> str:
    file = await client.files.create(
        file=open(path, "rb"),
        purpose="fine-tune",
    )
    print(file.id)
    return file.id


async def create_job(client: AsyncOpenAI, file_id: str) -> str:
    job = await client.fine_tuning.jobs.create(
        training_file=file_id,
        model="gpt-4o-mini-2024-07-18",
    )
    print(job.id)
    return job.id


async def manage_jobs(client: AsyncOpenAI, job_id: str, model_id: str) -> None:
    # List 10 fine-tuning jobs
    await client.fine_tuning.jobs.list(limit=10)

    # Retrieve the state of a fine-tune
    await client.fine_tuning.jobs.retrieve(job_id)

    # Cancel a job
    await client.fine_tuning.jobs.cancel(job_id)

    # List up to 10 events from a fine-tuning job
    await client.fine_tuning.jobs.list_events(fine_tuning_job_id=job_id, limit=10)

    # Delete a fine-tuned model
    await client.models.delete(model_id)


async def create_dpo_job(client: AsyncOpenAI, file_id: str) -> str:
    job = await client.fine_tuning.jobs.create(
        training_file=file_id,
        model="gpt-4o-2024-08-06",
        method={
            "type": "dpo",
            "dpo": {
                "hyperparameters": {"beta": 0.1},
            },
        },
    )
    return job.id


async def create_supervised_job_with_hyperparameters(client: AsyncOpenAI, file_id: str) -> str:
    job = await client.fine_tuning.jobs.create(
        training_file=file_id,
        model="gpt-4o-mini-2024-07-18",
        method={
            "type": "supervised",
            "supervised": {
                "hyperparameters": {"n_epochs": 2},
            },
        },
    )
    return job.id


# ---- the API reference's examples ----


async def list_jobs(client: AsyncOpenAI) -> list[str]:
    ids = []
    async for job in client.fine_tuning.jobs.list(limit=10):  # every job, page after page
        ids.append(job.id)
    return ids


async def list_events(client: AsyncOpenAI, job_id: str) -> list[str]:
    messages = []
    async for event in client.fine_tuning.jobs.list_events(fine_tuning_job_id=job_id, limit=2):
        messages.append(event.message)
    return messages


async def list_checkpoints(client: AsyncOpenAI, job_id: str) -> list[str]:
    page = await client.fine_tuning.jobs.checkpoints.list(
        fine_tuning_job_id=job_id,
    )
    return [c.fine_tuned_model_checkpoint async for c in page]


async def pause_and_resume(client: AsyncOpenAI, job_id: str) -> tuple[str, str]:
    paused = await client.fine_tuning.jobs.pause(job_id)
    resumed = await client.fine_tuning.jobs.resume(job_id)
    return paused.status, resumed.status


async def permissions(client: AsyncOpenAI, checkpoint: str) -> list[str]:
    permission = await client.fine_tuning.checkpoints.permissions.create(
        fine_tuned_model_checkpoint=checkpoint,
        project_ids=["proj_abGMw1llN8IrBb6SvvY5A1iH"],
    )
    permission_id = permission.data[0].id
    listed = await client.fine_tuning.checkpoints.permissions.retrieve(
        fine_tuned_model_checkpoint=checkpoint,
    )
    found = [p.id for p in listed.data]
    deleted = await client.fine_tuning.checkpoints.permissions.delete(
        permission_id=permission_id,
        fine_tuned_model_checkpoint=checkpoint,
    )
    assert deleted.deleted
    return found


async def graders(client: AsyncOpenAI) -> float:
    grader = {
        "type": "string_check",
        "name": "Example string check grader",
        "input": "{{sample.output_text}}",
        "reference": "{{item.label}}",
        "operation": "eq",
    }
    await client.fine_tuning.alpha.graders.validate(grader=grader)
    response = await client.fine_tuning.alpha.graders.run(
        grader=grader,
        model_sample="yes",
        item={"label": "yes"},
    )
    return response.reward


async def file_content(client: AsyncOpenAI, file_id: str) -> bytes:
    content = await client.files.content(file_id)
    return content.read()


async def files(client: AsyncOpenAI, file_id: str) -> bool:
    await client.files.retrieve(file_id)
    async for f in client.files.list(purpose="fine-tune"):
        print(f.filename)
    return (await client.files.delete(file_id)).deleted


async def models(client: AsyncOpenAI) -> str:
    model = await client.models.retrieve("gpt-4o-mini-2024-07-18")
    ids = [m.id async for m in client.models.list()]
    assert model.id in ids
    return model.owned_by


# ---- what a user's typed code relies on (checked by mypy --strict) ----

Status = Literal[
    "validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled"
]


async def typed_use(client: AsyncOpenAI, job_id: str) -> tuple[Status, float | None]:
    job = await client.fine_tuning.jobs.retrieve(job_id)
    status: Status = job.status  # a Literal, as the SDK types it
    loss: float | None = None
    async for event in client.fine_tuning.jobs.list_events(job_id):
        if event.type == "metrics" and event.data is not None:
            loss = event.data.get("train_loss")  # a float, typed
            break
    page = await client.fine_tuning.jobs.list(limit=1)
    more: bool = page.has_more and page.has_next_page()
    if more:
        page = await page.get_next_page()
    async for p in page.iter_pages():
        _ = [j.fine_tuned_model for j in p.data]
    raw = await client.fine_tuning.jobs.with_raw_response.retrieve(job_id)
    request_id: str | None = raw.headers.get("x-request-id")
    same_job = raw.parse()
    assert same_job.id == job.id and request_id
    fast = client.with_options(timeout=30.0, max_retries=1)
    await fast.fine_tuning.jobs.retrieve(job_id, timeout=5.0, extra_headers={"X-Trace": "1"})
    return status, loss
