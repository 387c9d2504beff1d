"""_async_types.py (AsyncOpenAI's static types) is what tools/gen_async_types.py
makes of the synchronous resources' signatures now: a resource method
changed without regenerating it fails here."""

from __future__ import annotations

import asyncio
import importlib.util
import re
import subprocess
import sys
import typing
from pathlib import Path

import openai_ft
from conftest import Emulator

TOOL = Path(__file__).resolve().parent.parent / "tools" / "gen_async_types.py"


def test_the_committed_async_types_are_generated_from_the_sync_resources() -> None:
    spec = importlib.util.spec_from_file_location("gen_async_types", TOOL)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    committed = TOOL.parent.parent / "src" / "openai_ft" / "_async_types.py"
    assert committed.read_text() == gen.generate(), (
        "out of date: run python3 bindings/python/tools/gen_async_types.py")


WRONG = '''
from openai_ft import AsyncOpenAI


async def main(client: AsyncOpenAI) -> None:
    await client.fine_tuning.jobs.create(model=1, training_file="file-1")
    await client.fine_tuning.jobs.retrieve("ftjob-1", bogus=1)
    job = await client.fine_tuning.jobs.retrieve("ftjob-1")
    job.nope
    async for event in client.fine_tuning.jobs.list_events("ftjob-1"):
        n: int = event.message
    page = await client.models.list()
    page.data[0].idx
'''


def test_mypy_rejects_a_wrong_async_script(tmp_path: Path) -> None:
    """The async tree is typed (not Any): mypy --strict finds each error."""
    script = tmp_path / "wrong.py"
    script.write_text(WRONG)
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
         str(tmp_path / "cache"), str(script)], capture_output=True, text=True).stdout
    lines = sorted(int(m) for m in re.findall(r"^\S*wrong\.py:(\d+): error", out, flags=re.M))
    assert lines == [6, 7, 9, 11, 13], out


def _walk(protocol: type, mirror: object, path: str, seen: list[str]) -> None:
    for name, member in vars(protocol).items():
        if name.startswith("_"):
            continue
        value = getattr(mirror, name)  # the mirror has each name the types declare
        seen.append(f"{path}.{name}")
        if isinstance(member, property):
            child = typing.get_type_hints(member.fget)["return"]
            _walk(child, value, f"{path}.{name}", seen)
        else:
            assert callable(value), f"{path}.{name}"


def test_each_typed_name_is_on_the_runtime_mirror(emulator: Emulator) -> None:
    from openai_ft import AsyncOpenAI, _async_types

    async def main() -> list[str]:
        seen: list[str] = []
        async with AsyncOpenAI(base_url=emulator.url, api_key="sk-test") as client:
            for name, tp in typing.get_type_hints(AsyncOpenAI, localns={"_t": _async_types}).items():
                if not name.startswith("_"):
                    _walk(tp, getattr(client, name), name, seen)
        return seen

    seen = asyncio.run(main())
    assert "fine_tuning.jobs.create" in seen
    assert "with_raw_response.fine_tuning.checkpoints.permissions.delete" in seen


def test_metrics_is_typed_as_the_mirror_runs_it(
    emulator: Emulator, finished_job: openai_ft.Job
) -> None:
    """jobs.metrics (an iterator in the sync client) is, as a list, awaited
    or iterated at once; its types (an AsyncPaginator) say so."""
    from openai_ft import AsyncOpenAI, OpenAI

    with OpenAI(base_url=emulator.url, api_key="sk-test") as sync:
        want = [m.step for m in sync.fine_tuning.jobs.metrics(finished_job.id)]

    async def main() -> tuple[list[int], list[int]]:
        async with AsyncOpenAI(base_url=emulator.url, api_key="sk-test") as client:
            direct = [m.step async for m in client.fine_tuning.jobs.metrics(finished_job.id)]
            it = await client.fine_tuning.jobs.metrics(finished_job.id)
            awaited = [m.step async for m in it]
            return direct, awaited

    assert want and asyncio.run(main()) == (want, want)
