"""Models: list, retrieve, delete (403 for a base model, 404 for a missing one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import openai_ft
from conftest import Emulator, make_client


def test_list_and_retrieve(client: openai_ft.Client) -> None:
    models = client.models.list()
    assert models and all(m.object == "model" for m in models)
    base = next(m for m in models if m.id == "gpt-4o-mini-2024-07-18")
    got = client.models.retrieve(base.id)
    assert got.id == base.id and got.owned_by == base.owned_by
    assert isinstance(got.created, int) and got.created > 0
    assert got.request_id and json.loads(got.raw_json)["id"] == got.id


def test_delete_a_fine_tuned_model(emulator: Emulator, train_path: Path) -> None:
    with make_client(emulator) as c:
        f = c.files.upload(train_path)
        job = c.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id, suffix="gone")
        done = c.jobs.wait(job.id, poll_interval=0.1, timeout=60)
        assert done.fine_tuned_model
        model = c.models.retrieve(done.fine_tuned_model)  # ':' in the ID is escaped
        assert model.id == done.fine_tuned_model
        deleted = c.models.delete(model.id)
        assert deleted.id == model.id and deleted.deleted and deleted.object == "model"
        with pytest.raises(openai_ft.NotFoundError):
            c.models.retrieve(model.id)


def test_delete_a_base_model_is_permission_denied(client: openai_ft.Client) -> None:
    with pytest.raises(openai_ft.PermissionDeniedError) as info:
        client.models.delete("gpt-4o-mini-2024-07-18")
    e = info.value
    assert e.status_code == 403 and e.code == "model_not_deletable" and e.param == "model"
    assert e.type == "invalid_request_error" and e.request_id


def test_missing_model(client: openai_ft.Client) -> None:
    with pytest.raises(openai_ft.NotFoundError, match="does not exist"):
        client.models.retrieve("ft:nothing:here")
