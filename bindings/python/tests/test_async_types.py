"""_async_types.py (AsyncOpenAI's static types) is what tools/gen_async_types.py
makes of the synchronous resources' signatures now: a resource method
changed without regenerating it fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "gen_async_types.py"


def test_the_committed_async_types_are_generated_from_the_sync_resources() -> None:
    spec = importlib.util.spec_from_file_location("gen_async_types", TOOL)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    committed = TOOL.parent.parent / "src" / "openai_ft" / "_async_types.py"
    assert committed.read_text() == gen.generate(), (
        "out of date: run python3 bindings/python/tools/gen_async_types.py")
