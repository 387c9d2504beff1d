"""Checkpoint permissions: create, list across pages, delete; the admin key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import openai_ft
from conftest import EmulatorFactory, make_client


@pytest.fixture(scope="module")
def checkpoint(emu_factory: EmulatorFactory, train_path: Path) -> tuple[str, str]:
    """(emulator URL, a checkpoint name) of an emulator that wants an admin key."""
    emu = emu_factory("--job-duration", "1", "--admin-key", "sk-admin", "--quiet")
    with make_client(emu, admin_key="sk-admin") as c:
        f = c.files.upload(train_path)
        job = c.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id)
        c.jobs.wait(job.id, poll_interval=0.1, timeout=60)
        ckpt = next(iter(c.jobs.list_checkpoints(job.id)))
        return emu.url, ckpt.fine_tuned_model_checkpoint


def test_create_list_delete(checkpoint: tuple[str, str]) -> None:
    url, name = checkpoint
    with openai_ft.Client(base_url=url, api_key="sk-test", admin_key="sk-admin") as c:
        made = c.permissions.create(name, [f"proj_{i}" for i in range(5)])
        assert [p.project_id for p in made] == [f"proj_{i}" for i in range(5)]
        for p in made:
            assert p.id.startswith("cp_") and p.object == "checkpoint.permission"
            assert isinstance(p.created_at, int) and p.request_id
            assert json.loads(p.raw_json)["project_id"] == p.project_id
        listed = list(c.permissions.list(name, limit=2))
        assert [p.id for p in listed] == [p.id for p in reversed(made)]
        asc = list(c.permissions.list(name, limit=2, order="ascending"))
        assert [p.id for p in asc] == [p.id for p in made]
        only = list(c.permissions.list(name, project_id="proj_3"))
        assert [p.id for p in only] == [made[3].id]
        gone = c.permissions.delete(name, made[0].id)
        assert gone.id == made[0].id and gone.deleted and gone.object == "checkpoint.permission"
        assert made[0].id not in {p.id for p in c.permissions.list(name)}
        with pytest.raises(openai_ft.NotFoundError):
            c.permissions.delete(name, made[0].id)


def test_wrong_admin_key_is_authentication_error(checkpoint: tuple[str, str]) -> None:
    url, name = checkpoint
    with openai_ft.Client(base_url=url, api_key="sk-test", admin_key="sk-wrong") as c:
        with pytest.raises(openai_ft.AuthenticationError) as info:
            c.permissions.create(name, ["proj_x"])
        assert info.value.status_code == 401 and info.value.code == "invalid_api_key"
        assert "sk-wrong" not in str(info.value)


def test_refused_arguments(checkpoint: tuple[str, str]) -> None:
    url, name = checkpoint
    with openai_ft.Client(base_url=url, api_key="sk-test", admin_key="sk-admin") as c:
        with pytest.raises(openai_ft.InvalidArgumentError):
            c.permissions.create(name, [])
        with pytest.raises(openai_ft.InvalidArgumentError):
            c.permissions.create(name, "proj_1")
        with pytest.raises(openai_ft.InvalidArgumentError, match="order"):
            c.permissions.list(name, order="up")  # type: ignore[arg-type]
        with pytest.raises(openai_ft.NotFoundError):
            list(c.permissions.list("ft:missing:ckpt-step-1"))
