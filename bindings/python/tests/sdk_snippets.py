"""The official docs' fine-tuning examples (platform.openai.com: the
fine-tuning guide and the API reference's Python examples), as a user of the
SDK has them, with two changes only: the import (``from openai import
OpenAI`` becomes ``from openai_ft import OpenAI``) and the client's
constructor (the emulator's URL). The IDs the docs write out ("file-abc123",
"ftjob-abc123"...) come from the arguments, since the emulator makes its own.

test_sdk_snippets.py runs each against the emulator; mypy --strict checks
this file as a user's script (scripts/test-python), so the types a user's
code relies on are checked too.
"""

from __future__ import annotations

from typing import Literal

from openai_ft import OpenAI


def make_client(base_url: str) -> OpenAI:
    # The docs: client = OpenAI()
    client = OpenAI(base_url=base_url, api_key="sk-test")
    return client


# ---- the fine-tuning guide ----


def upload_training_file(client: OpenAI, path: str) -> str:
    file = client.files.create(
        file=open(path, "rb"),
        purpose="fine-tune",
    )
    print(file.id)
    return file.id


def create_job(client: OpenAI, file_id: str) -> str:
    job = client.fine_tuning.jobs.create(
        training_file=file_id,
        model="gpt-4o-mini-2024-07-18",
    )
    print(job.id)
    return job.id


def manage_jobs(client: OpenAI, job_id: str, model_id: str) -> None:
    # List 10 fine-tuning jobs
    client.fine_tuning.jobs.list(limit=10)

    # Retrieve the state of a fine-tune
    client.fine_tuning.jobs.retrieve(job_id)

    # Cancel a job
    client.fine_tuning.jobs.cancel(job_id)

    # List up to 10 events from a fine-tuning job
    client.fine_tuning.jobs.list_events(fine_tuning_job_id=job_id, limit=10)

    # Delete a fine-tuned model
    client.models.delete(model_id)


def create_dpo_job(client: OpenAI, file_id: str) -> str:
    job = client.fine_tuning.jobs.create(
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


def create_supervised_job_with_hyperparameters(client: OpenAI, file_id: str) -> str:
    job = client.fine_tuning.jobs.create(
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


def list_jobs(client: OpenAI) -> list[str]:
    page = client.fine_tuning.jobs.list()
    ids = []
    for job in page:  # every job, page after page
        ids.append(job.id)
    return ids


def list_events(client: OpenAI, job_id: str) -> list[str]:
    messages = []
    for event in client.fine_tuning.jobs.list_events(fine_tuning_job_id=job_id, limit=2):
        messages.append(event.message)
    return messages


def list_checkpoints(client: OpenAI, job_id: str) -> list[str]:
    page = client.fine_tuning.jobs.checkpoints.list(
        fine_tuning_job_id=job_id,
    )
    return [c.fine_tuned_model_checkpoint for c in page]


def pause_and_resume(client: OpenAI, job_id: str) -> tuple[str, str]:
    paused = client.fine_tuning.jobs.pause(job_id)
    resumed = client.fine_tuning.jobs.resume(job_id)
    return paused.status, resumed.status


def permissions(client: OpenAI, checkpoint: str) -> list[str]:
    permission = client.fine_tuning.checkpoints.permissions.create(
        fine_tuned_model_checkpoint=checkpoint,
        project_ids=["proj_abGMw1llN8IrBb6SvvY5A1iH"],
    )
    permission_id = permission.data[0].id
    listed = client.fine_tuning.checkpoints.permissions.retrieve(
        fine_tuned_model_checkpoint=checkpoint,
    )
    found = [p.id for p in listed.data]
    deleted = client.fine_tuning.checkpoints.permissions.delete(
        permission_id=permission_id,
        fine_tuned_model_checkpoint=checkpoint,
    )
    assert deleted.deleted
    return found


def graders(client: OpenAI) -> float:
    grader = {
        "type": "string_check",
        "name": "Example string check grader",
        "input": "{{sample.output_text}}",
        "reference": "{{item.label}}",
        "operation": "eq",
    }
    client.fine_tuning.alpha.graders.validate(grader=grader)
    response = client.fine_tuning.alpha.graders.run(
        grader=grader,
        model_sample="yes",
        item={"label": "yes"},
    )
    return response.reward


def file_content(client: OpenAI, file_id: str) -> bytes:
    content = client.files.content(file_id)
    return content.read()


def files(client: OpenAI, file_id: str) -> bool:
    client.files.retrieve(file_id)
    for f in client.files.list(purpose="fine-tune"):
        print(f.filename)
    return client.files.delete(file_id).deleted


def models(client: OpenAI) -> str:
    model = client.models.retrieve("gpt-4o-mini-2024-07-18")
    ids = [m.id for m in client.models.list()]
    assert model.id in ids
    return model.owned_by


# ---- what a user's typed code relies on (checked by mypy --strict) ----

Status = Literal[
    "validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled"
]


def typed_use(client: OpenAI, job_id: str) -> tuple[Status, float | None]:
    job = client.fine_tuning.jobs.retrieve(job_id)
    status: Status = job.status  # a Literal, as the SDK types it
    loss: float | None = None
    for event in client.fine_tuning.jobs.list_events(job_id):
        if event.type == "metrics" and event.data is not None:
            loss = event.data.get("train_loss")  # a float, typed
            break
    page = client.fine_tuning.jobs.list(limit=1)
    more: bool = page.has_more and page.has_next_page()
    if more:
        page = page.get_next_page()
    for p in page.iter_pages():
        _ = [j.fine_tuned_model for j in p.data]
    raw = client.fine_tuning.jobs.with_raw_response.retrieve(job_id)
    request_id: str | None = raw.headers.get("x-request-id")
    same_job = raw.parse()
    assert same_job.id == job.id and request_id
    fast = client.with_options(timeout=30.0, max_retries=1)
    fast.fine_tuning.jobs.retrieve(job_id, timeout=5.0, extra_headers={"X-Trace": "1"})
    return status, loss
