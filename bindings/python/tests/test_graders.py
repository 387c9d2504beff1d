"""The alpha graders against the emulator: validate and run (the SDK's
keyword arguments, here on client.graders), the typed results, the API's 400
with its param, and graders refused before anything is sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

import openai_ft

EXACT: dict[str, Any] = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.label}}",
    "operation": "eq",
}
MULTI: dict[str, Any] = {
    "type": "multi",
    "name": "both",
    "calculate_output": "(a + b) / 2",
    "graders": [
        {"type": "string_check", "name": "a", "input": "{{sample.output_text}}",
         "reference": "yes", "operation": "eq"},
        {"type": "python", "name": "b", "source": "def grade(s, i): return 1"},
    ],
}


def test_validate(client: openai_ft.Client) -> None:
    v = client.graders.validate(grader=EXACT)
    assert isinstance(v, openai_ft.GraderValidation)
    assert v.grader == EXACT and v.request_id
    assert json.loads(v.raw_json) == {"grader": EXACT}
    # JSON text works as well as a mapping
    assert client.graders.validate(grader=json.dumps(EXACT)).grader == EXACT


def test_validate_invalid_is_bad_request(client: openai_ft.Client) -> None:
    with pytest.raises(openai_ft.BadRequestError) as info:
        client.graders.validate(grader=dict(EXACT, operation="equals"))
    assert info.value.status_code == 400 and info.value.param == "grader.operation"


def test_run(client: openai_ft.Client) -> None:
    r = client.graders.run(grader=EXACT, model_sample="Paris", item={"label": "Paris"})
    assert isinstance(r, openai_ft.GraderRunResult)
    assert r.reward == 1.0
    m = r.metadata
    assert m.name == "exact" and m.type == "string_check"
    assert m.scores == {"exact": 1.0} and m.execution_time >= 0
    assert m.token_usage is None and m.sampled_model_name is None
    assert not m.errors.any() and m.errors.python_grader_server_error_type is None
    assert r.sub_rewards == {} and r.model_grader_token_usage_per_model == {}
    assert r.request_id and json.loads(r.raw_json)["reward"] == 1.0
    assert client.graders.run(grader=EXACT, model_sample="Lyon").reward == 0.0


def test_run_multi_flags_errors(client: openai_ft.Client) -> None:
    r = client.graders.run(grader=MULTI, model_sample="yes")
    assert r.reward == 0.5 and r.sub_rewards == {"a": 1.0, "b": 0.0}
    assert r.metadata.errors.python_grader_server_error and r.metadata.errors.any()
    assert r.metadata.errors.python_grader_server_error_type == "unavailable"
    with pytest.raises(openai_ft.BadRequestError) as info:
        client.graders.run(grader={"type": "text_similarity", "name": "t", "input": "a",
                                   "reference": "b"}, model_sample="x")
    assert info.value.param == "grader.evaluation_metric"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"grader": '{"type":'}, "grader_json: invalid JSON"),
        ({"grader": "[]"}, "grader_json: must be a JSON object"),
        ({"grader": {"name": "x"}}, 'grader_json: a grader needs a string "type"'),
        ({"grader": '{"type":"python","s":"a\\u0000b"}'}, "grader_json: invalid JSON"),
        ({"grader": '{"type":"a\x00"}'}, "grader: contains a NUL character"),
        ({"grader": {"type": float("nan")}}, "grader: not encodable as JSON"),
        ({"grader": 7}, "grader: expected a mapping or JSON text"),
        ({"grader": EXACT, "model_sample": "a\x00b"}, "model_sample: contains a NUL"),
        ({"grader": EXACT, "item": "[1]"}, "item_json: must be a JSON object"),
    ],
)
def test_refused_before_sending(client: openai_ft.Client, kwargs: dict[str, Any],
                                needle: str) -> None:
    run = "model_sample" in kwargs or "item" in kwargs
    with pytest.raises(openai_ft.InvalidArgumentError, match=needle.replace("(", r"\(")):
        if run:
            client.graders.run(**{"model_sample": "x", **kwargs})
        else:
            client.graders.validate(**kwargs)
    if not run:  # the same grader is refused by run too
        with pytest.raises(openai_ft.InvalidArgumentError):
            client.graders.run(model_sample="x", **kwargs)
