"""Files: upload with progress, retrieve, list across pages, delete, download."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import openai_ft
from conftest import EmulatorFactory, make_client


def test_upload_reports_progress_and_maps_the_file(
    client: openai_ft.Client, train_path: Path
) -> None:
    progress: list[tuple[int, int]] = []
    f = client.files.upload(train_path, progress=lambda sent, total: progress.append((sent, total)))
    size = train_path.stat().st_size
    assert progress and progress[-1] == (size, size)
    assert [s for s, _ in progress] == sorted(s for s, _ in progress)  # monotonic
    assert all(total == size for _, total in progress)
    assert f.id.startswith("file-") and f.object == "file"
    assert f.bytes == size and f.filename == "train.jsonl" and f.purpose == "fine-tune"
    assert isinstance(f.created_at, int) and f.expires_at is None
    assert f.status == "processed"
    assert f.request_id and json.loads(f.raw_json)["id"] == f.id


def test_upload_with_expiry_and_purpose(client: openai_ft.Client, train_path: Path) -> None:
    f = client.files.upload(train_path, purpose="batch", expires_after=3600)
    assert f.purpose == "batch"
    assert f.expires_at == f.created_at + 3600


def test_progress_exception_stops_the_upload(
    client: openai_ft.Client, tmp_path: Path
) -> None:
    big = tmp_path / "big.jsonl"
    line = b'{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yo"}]}\n'
    big.write_bytes(line * 40000)

    class Enough(Exception):
        pass

    def stop(sent: int, total: int) -> None:
        raise Enough(f"{sent}/{total}")

    before = {f.id for f in client.files.list()}
    with pytest.raises(Enough):
        client.files.upload(big, progress=stop)
    assert {f.id for f in client.files.list()} == before


def test_upload_of_a_missing_path_names_it(client: openai_ft.Client, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(openai_ft.LocalFileError, match="nope.jsonl") as info:
        client.files.upload(missing)
    assert isinstance(info.value, OSError)


def test_retrieve_list_delete(emu_factory: EmulatorFactory, train_path: Path) -> None:
    emu = emu_factory("--quiet")
    with make_client(emu) as c:
        made = [c.files.upload(train_path).id for _ in range(5)]
        got = c.files.retrieve(made[0])
        assert got.id == made[0] and got.bytes == train_path.stat().st_size
        assert [f.id for f in c.files.list(limit=2)] == list(reversed(made))
        assert [f.id for f in c.files.list(limit=2, order="asc")] == made
        assert [f.id for f in c.files.list(purpose="batch")] == []
        deleted = c.files.delete(made[1])
        assert deleted == openai_ft.Deleted(
            id=made[1], object="file", deleted=True, request_id=deleted.request_id,
            raw_json=deleted.raw_json,
        )
        assert deleted.request_id and json.loads(deleted.raw_json)["deleted"] is True
        with pytest.raises(openai_ft.NotFoundError):
            c.files.retrieve(made[1])
        assert made[1] not in {f.id for f in c.files.list()}


def test_download_writes_the_same_bytes(
    client: openai_ft.Client, train_path: Path, tmp_path: Path
) -> None:
    f = client.files.upload(train_path)
    dest = tmp_path / "copy.jsonl"
    client.files.download(f.id, dest)
    assert dest.read_bytes() == train_path.read_bytes()
    with pytest.raises(openai_ft.NotFoundError):
        client.files.download("file-missing", tmp_path / "never.jsonl")
    assert not (tmp_path / "never.jsonl").exists()
    with pytest.raises(openai_ft.LocalFileError):
        client.files.download(f.id, tmp_path / "no-such-dir" / "x.jsonl")


def test_wait_for_processing(client: openai_ft.Client, train_path: Path) -> None:
    f = client.files.upload(train_path)
    assert client.files.wait_for_processing(f.id, poll_interval=0.1).status == "processed"


def test_paths_may_be_str_or_pathlike(client: openai_ft.Client, train_path: Path) -> None:
    assert client.files.upload(os.fspath(train_path)).filename == "train.jsonl"
