"""The docs' fine-tuning examples (sdk_snippets.py), unchanged but for the
import and the constructor, run against the emulator; and the file holds no
other change (only those two lines differ from the SDK user's code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import openai_ft
import sdk_snippets as s
from conftest import Emulator, EmulatorFactory

MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture(scope="module")
def slow(emu_factory: EmulatorFactory) -> Emulator:
    """Jobs that stay running long enough to pause, resume and cancel."""
    return emu_factory("--job-duration", "600", "--quiet")


def test_only_the_import_names_openai_ft() -> None:
    text = Path(s.__file__).read_text()
    code = re.sub(r'""".*?"""', "", text, flags=re.S)
    assert re.findall(r"^.*openai_ft.*$", code, flags=re.M) == [
        "from openai_ft import OpenAI"
    ]


def test_guide_upload_create_manage(slow: Emulator, train_path: Path) -> None:
    client = s.make_client(slow.url)
    file_id = s.upload_training_file(client, str(train_path))
    assert file_id.startswith("file-")
    job_id = s.create_job(client, file_id)
    # A fine-tuned model for the guide's last line to delete: another job,
    # finished now through the emulator's control API.
    done = s.create_job(client, file_id)
    slow.control("POST", f"jobs/{done}/advance", {"to": "succeeded"})
    model = client.fine_tuning.jobs.retrieve(done).fine_tuned_model
    assert model is not None and model.startswith("ft:")
    s.manage_jobs(client, job_id, model)
    assert client.fine_tuning.jobs.retrieve(job_id).status == "cancelled"
    with pytest.raises(openai_ft.NotFoundError):
        client.models.retrieve(model)
    with pytest.raises(openai_ft.PermissionDeniedError):  # a base model, as the API's 403
        s.manage_jobs(client, s.create_job(client, file_id), MODEL)


def test_methods_and_pause(slow: Emulator, train_path: Path) -> None:
    client = s.make_client(slow.url)
    file_id = s.upload_training_file(client, str(train_path))
    dpo = client.fine_tuning.jobs.retrieve(s.create_dpo_job(client, file_id))
    assert dpo.method is not None and dpo.method.type == "dpo"
    assert dpo.method.hyperparameters.beta == 0.1
    sup = client.fine_tuning.jobs.retrieve(
        s.create_supervised_job_with_hyperparameters(client, file_id))
    assert sup.method is not None and sup.method.hyperparameters.n_epochs == 2
    slow.control("POST", f"jobs/{sup.id}/advance", {"to": "running"})  # a queued one cannot pause
    assert s.pause_and_resume(client, sup.id) == ("paused", "queued")
    assert dpo.id in s.list_jobs(client) and sup.id in s.list_jobs(client)


def test_events_checkpoints_permissions(
    emulator: Emulator, finished_job: openai_ft.Job
) -> None:
    client = s.make_client(emulator.url)
    messages = s.list_events(client, finished_job.id)
    assert len(messages) == len(list(client.fine_tuning.jobs.list_events(finished_job.id)))
    assert len(messages) > 2  # more than the first page of 2
    checkpoints = s.list_checkpoints(client, finished_job.id)
    assert checkpoints and all(c.startswith("ft:") for c in checkpoints)
    found = s.permissions(client, checkpoints[0])
    assert len(found) == 1
    status, loss = s.typed_use(client, finished_job.id)
    assert status == "succeeded" and isinstance(loss, float)


def test_graders_files_models(emulator: Emulator, train_path: Path) -> None:
    client = s.make_client(emulator.url)
    assert s.graders(client) == 1.0
    file_id = s.upload_training_file(client, str(train_path))
    assert s.file_content(client, file_id) == train_path.read_bytes()
    assert s.files(client, file_id) is True
    assert s.models(client) == "system"
