"""validate(): the library's offline check of training data."""

from __future__ import annotations

from pathlib import Path

import pytest

import openai_ft

JSONL = Path(__file__).resolve().parents[3] / "tests" / "data" / "jsonl"


def test_a_good_file(train_path: Path) -> None:
    r = openai_ft.validate(train_path, model="gpt-4o-mini")
    assert r.ok and r.format == "chat" and r.problems == ()
    assert r.bytes == train_path.stat().st_size
    assert r.lines == r.examples == 30 and r.messages == 90
    assert r.errors_total == 0 and r.warnings_total == 0
    assert 0 < r.est_tokens_min <= r.est_tokens_mean <= r.est_tokens_max
    assert r.context_limit == 65536 and r.default_epochs == 3
    assert r.est_billed_tokens == r.default_epochs * r.est_tokens


def test_a_bad_file_reports_each_problem(bad_path: Path) -> None:
    r = openai_ft.validate(bad_path)
    assert not r.ok and r.errors_total > 0
    errors = [p for p in r.problems if p.severity == "error"]
    assert errors and all(p.line > 0 and p.message for p in errors)
    assert "invalid_json" in {p.code for p in errors}
    bad_json = next(p for p in errors if p.code == "invalid_json")
    assert bad_json.line == 2 and bad_json.column > 0


def test_bytes_and_options() -> None:
    data = b'{"prompt": "a", "completion": "b"}\n{"prompt": "c"}\n'
    r = openai_ft.validate(data)
    assert r.format == "completion" and not r.ok and r.lines == 2
    chat = openai_ft.validate(data, format="chat", max_errors=1)
    assert not chat.ok and len([p for p in chat.problems if p.severity == "error"]) == 1
    assert chat.errors_total >= 2
    first = openai_ft.validate(data * 3, stop_at_first=True)
    assert first.errors_total == 1


def test_the_corpus(tmp_path: Path) -> None:
    for path in sorted(JSONL.glob("*_good.jsonl")):
        assert openai_ft.validate(path).ok, path
    for path in sorted(JSONL.glob("*_bad.jsonl")):
        assert not openai_ft.validate(path).ok, path


def test_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(openai_ft.LocalFileError, match="missing.jsonl"):
        openai_ft.validate(tmp_path / "missing.jsonl")


def test_bad_options() -> None:
    with pytest.raises(openai_ft.InvalidArgumentError, match="format"):
        openai_ft.validate(b"", format="yaml")  # type: ignore[arg-type]
    with pytest.raises(openai_ft.InvalidArgumentError, match="max_errors"):
        openai_ft.validate(b"", max_errors=-1)


def test_the_readme_validation_snippet(bad_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # bindings/python/README.md's first example, up to the client, as written
    # (on the demo's bad file): each problem once, its line once, warnings as
    # warnings.
    readme = Path(__file__).resolve().parents[1] / "README.md"
    block = readme.read_text().split("```python\n", 1)[1].split("```", 1)[0]
    snippet = block.split("client = OpenAI()", 1)[0].replace("train.jsonl", str(bad_path))
    with pytest.raises(SystemExit):
        exec(compile(snippet, str(readme), "exec"), {})
    out = capsys.readouterr().out.splitlines()
    report = openai_ft.validate(bad_path, model="gpt-4o-mini")
    assert len(out) == len(report.problems)
    for line, p in zip(out, report.problems):
        assert line.startswith(f"{p.severity}: ")
        if p.line:
            assert line.count(f"line {p.line}") == 1, line
    assert any(ln.startswith("warning: ") for ln in out)
