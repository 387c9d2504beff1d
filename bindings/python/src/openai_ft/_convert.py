"""Values across the C boundary, both ways.

C result structs to the dataclasses of _types (copies: nothing borrowed
survives): every function of that kind reads a struct the library owns and
returns Python objects only, so the struct can be freed (or an iterator
advanced) right after.

Python arguments to C (encode, path_bytes, millis, kv_array): checked here,
below the client and the resources that all use them, an argument C cannot
take is an InvalidArgumentError naming it.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from . import _ffi
from . import _types as t
from ._errors import InvalidArgumentError

R = TypeVar("R")

_INT_HP = {"n_epochs", "batch_size", "eval_interval", "eval_samples"}
_EVENT_LEVELS = {1: "info", 2: "warn", 3: "error"}
_EVENT_TYPES = {1: "message", 2: "metrics"}
_METHODS = {1: "supervised", 2: "dpo", 3: "reinforcement"}


def s(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", "replace")


def s0(raw: bytes | None) -> str:
    return "" if raw is None else raw.decode("utf-8", "replace")


def time_or_none(v: int) -> int | None:
    return None if v == _ffi.TIME_NONE else v


def json_or_none(raw: bytes | None) -> Any:
    return None if raw is None else json.loads(raw)


def hp(num: _ffi.HpNum, name: str) -> Any:
    """None (unset), "auto", or the number (an int for integer fields)."""
    if num.mode == _ffi.HP_AUTO:
        return t.AUTO
    if num.mode == _ffi.HP_VALUE:
        return int(num.value) if name in _INT_HP else num.value
    return None


def strings(arr: Any, count: int) -> tuple[str, ...]:
    return tuple(s0(arr[i]) for i in range(count))


def page_items(page: Any, convert: Callable[[Any], R]) -> list[R]:
    """The items of one of the library's pages (its ``items`` and ``count``),
    each converted."""
    return [convert(page.items[i].contents) for i in range(page.count)]


def _hyperparameters(h: _ffi.Hyperparameters) -> t.Hyperparameters:
    return t.Hyperparameters(
        n_epochs=hp(h.n_epochs, "n_epochs"),
        batch_size=hp(h.batch_size, "batch_size"),
        learning_rate_multiplier=hp(h.learning_rate_multiplier, "learning_rate_multiplier"),
    )


def _method(m: _ffi.Method) -> t.Method:
    h = m.hyperparameters
    return t.Method(
        type=cast(t.MethodType, s(m.type_raw) or _METHODS.get(m.type, "unknown")),
        hyperparameters=t.MethodHyperparameters(
            n_epochs=hp(h.n_epochs, "n_epochs"),
            batch_size=hp(h.batch_size, "batch_size"),
            learning_rate_multiplier=hp(h.learning_rate_multiplier, "learning_rate_multiplier"),
            beta=hp(h.beta, "beta"),
            compute_multiplier=hp(h.compute_multiplier, "compute_multiplier"),
            eval_interval=hp(h.eval_interval, "eval_interval"),
            eval_samples=hp(h.eval_samples, "eval_samples"),
            reasoning_effort=s(h.reasoning_effort),
        ),
        grader=json_or_none(m.grader_json),
    )


def _integration(i: _ffi.Integration) -> t.Integration:
    w = i.wandb
    return t.Integration(
        type=s0(i.type),
        wandb=t.Wandb(
            project=s0(w.project),
            name=s(w.name),
            entity=s(w.entity),
            tags=strings(w.tags, w.tags_count),
            run_id=s(w.run_id),
        ),
    )


def job(j: _ffi.Job, status_str: Any) -> t.Job:
    """status_str: the library's oft_job_status_str, for a job without status_raw."""
    err = j.error.contents if j.error else None
    return t.Job(
        id=s0(j.id),
        object=s0(j.object),
        created_at=j.created_at,
        model=s0(j.model),
        organization_id=s(j.organization_id),
        status=cast(t.JobStatus, s(j.status_raw) or s0(status_str(j.status))),
        training_file=s(j.training_file),
        validation_file=s(j.validation_file),
        result_files=strings(j.result_files, j.result_files_count),
        fine_tuned_model=s(j.fine_tuned_model),
        finished_at=time_or_none(j.finished_at),
        trained_tokens=time_or_none(j.trained_tokens),
        error=(
            t.JobError(message=s0(err.message), code=s(err.code), param=s(err.param))
            if err is not None
            else None
        ),
        hyperparameters=_hyperparameters(j.hyperparameters.contents) if j.hyperparameters else None,
        seed=time_or_none(j.seed),
        estimated_finish=time_or_none(j.estimated_finish),
        integrations=tuple(_integration(j.integrations[i]) for i in range(j.integrations_count)),
        method=_method(j.method.contents) if j.method else None,
        metadata={s0(kv.key): s0(kv.value) for kv in j.metadata[: j.metadata_count]},
        user_provided_suffix=s(j.user_provided_suffix),
        request_id=s(j.request_id),
        raw_json=s0(j.raw_json),
    )


def event(e: _ffi.Event) -> t.Event:
    return t.Event(
        id=s0(e.id),
        object=s0(e.object),
        created_at=e.created_at,
        level=cast(t.EventLevel, s(e.level_raw) or _EVENT_LEVELS.get(e.level, "unknown")),
        message=s0(e.message),
        type=cast("t.EventType | None", s(e.type_raw) or _EVENT_TYPES.get(e.type)),
        data=json_or_none(e.data_json),
        request_id=s(e.request_id),
        raw_json=s0(e.raw_json),
    )


def _metric(m: _ffi.CheckpointMetrics, name: str) -> float | None:
    v = float(getattr(m, name))
    return None if math.isnan(v) else v  # NaN: the server sent none


def checkpoint(c: _ffi.Checkpoint) -> t.Checkpoint:
    m = c.metrics
    return t.Checkpoint(
        id=s0(c.id),
        object=s0(c.object),
        created_at=c.created_at,
        fine_tuned_model_checkpoint=s0(c.fine_tuned_model_checkpoint),
        step_number=c.step_number,
        fine_tuning_job_id=s0(c.fine_tuning_job_id),
        metrics=t.CheckpointMetrics(
            step=_metric(m, "step"),
            train_loss=_metric(m, "train_loss"),
            train_mean_token_accuracy=_metric(m, "train_mean_token_accuracy"),
            valid_loss=_metric(m, "valid_loss"),
            valid_mean_token_accuracy=_metric(m, "valid_mean_token_accuracy"),
            full_valid_loss=_metric(m, "full_valid_loss"),
            full_valid_mean_token_accuracy=_metric(m, "full_valid_mean_token_accuracy"),
        ),
        request_id=s(c.request_id),
        raw_json=s0(c.raw_json),
    )


def permission(p: _ffi.Permission) -> t.Permission:
    return t.Permission(
        id=s0(p.id),
        object=s0(p.object),
        created_at=p.created_at,
        project_id=s0(p.project_id),
        request_id=s(p.request_id),
        raw_json=s0(p.raw_json),
    )


def grader_validation(v: _ffi.GraderValidation) -> t.GraderValidation:
    return t.GraderValidation(
        grader=json_or_none(v.grader_json),
        request_id=s(v.request_id),
        raw_json=s0(v.raw_json),
    )


def grader_run(r: _ffi.GraderRunResult) -> t.GraderRunResult:
    m, e = r.metadata, r.metadata.errors
    errors = t.GraderRunErrors(
        formula_parse_error=bool(e.formula_parse_error),
        sample_parse_error=bool(e.sample_parse_error),
        truncated_observation_error=bool(e.truncated_observation_error),
        unresponsive_reward_error=bool(e.unresponsive_reward_error),
        invalid_variable_error=bool(e.invalid_variable_error),
        other_error=bool(e.other_error),
        python_grader_server_error=bool(e.python_grader_server_error),
        python_grader_runtime_error=bool(e.python_grader_runtime_error),
        model_grader_server_error=bool(e.model_grader_server_error),
        model_grader_refusal_error=bool(e.model_grader_refusal_error),
        model_grader_parse_error=bool(e.model_grader_parse_error),
        python_grader_server_error_type=s(e.python_grader_server_error_type),
        python_grader_runtime_error_details=s(e.python_grader_runtime_error_details),
        model_grader_server_error_details=s(e.model_grader_server_error_details),
    )
    return t.GraderRunResult(
        reward=r.reward,
        metadata=t.GraderRunMetadata(
            name=s(m.name),
            type=s(m.type),
            errors=errors,
            execution_time=m.execution_time,
            scores=json_or_none(m.scores_json) or {},
            token_usage=json_or_none(m.token_usage_json),
            sampled_model_name=s(m.sampled_model_name),
        ),
        sub_rewards=json_or_none(r.sub_rewards_json) or {},
        model_grader_token_usage_per_model=(
            json_or_none(r.model_grader_token_usage_per_model) or {}
        ),
        request_id=s(r.request_id),
        raw_json=s0(r.raw_json),
    )


def file(f: _ffi.File) -> t.File:
    return t.File(
        id=s0(f.id),
        object=s0(f.object),
        bytes=f.bytes,
        created_at=f.created_at,
        expires_at=time_or_none(f.expires_at),
        filename=s0(f.filename),
        purpose=cast(t.FilePurpose, s0(f.purpose)),
        status=cast("t.FileStatus | None", s(f.status_raw)),
        status_details=s(f.status_details),
        request_id=s(f.request_id),
        raw_json=s0(f.raw_json),
    )


def upload(u: _ffi.Upload, status_str: Any) -> t.Upload:
    return t.Upload(
        id=s0(u.id),
        object=s0(u.object) or "upload",
        bytes=u.bytes,
        created_at=u.created_at,
        expires_at=u.expires_at,
        filename=s0(u.filename),
        purpose=s0(u.purpose),
        status=cast(t.UploadStatus, s(u.status_raw) or s0(status_str(u.status))),
        file=file(u.file.contents) if u.file else None,
        request_id=s(u.request_id),
        raw_json=s0(u.raw_json),
    )


def upload_part(p: _ffi.UploadPart) -> t.UploadPart:
    return t.UploadPart(
        id=s0(p.id),
        object=s0(p.object),
        created_at=p.created_at,
        upload_id=s0(p.upload_id),
        request_id=s(p.request_id),
        raw_json=s0(p.raw_json),
    )


def model(m: _ffi.Model) -> t.Model:
    return t.Model(
        id=s0(m.id),
        object=s0(m.object),
        created=m.created,
        owned_by=s0(m.owned_by),
        shutdown_date=s(m.shutdown_date),
        request_id=s(m.request_id),
        raw_json=s0(m.raw_json),
    )


def deleted(d: _ffi.Deleted) -> t.Deleted:
    return t.Deleted(
        id=s0(d.id),
        object=s0(d.object),
        deleted=bool(d.deleted),
        request_id=s(d.request_id),
        raw_json=s0(d.raw_json),
    )


def report(r: _ffi.JsonlReport, code_str: Any, format_str: Any) -> t.ValidationReport:
    problems = tuple(
        t.Problem(
            line=p.line,
            column=p.column,
            code=s0(code_str(p.code)),
            severity="error" if p.severity == 2 else "warning",
            message=s0(p.message),
        )
        for p in r.problems[: r.problems_count]
    )
    return t.ValidationReport(
        ok=bool(r.ok),
        format=s0(format_str(r.format)),
        bytes=r.bytes,
        lines=r.lines,
        examples=r.examples,
        messages=r.messages,
        characters=r.characters,
        est_tokens=r.est_tokens,
        est_tokens_min=r.est_tokens_min,
        est_tokens_max=r.est_tokens_max,
        est_tokens_mean=r.est_tokens_mean,
        context_limit=r.context_limit,
        examples_over_limit=r.examples_over_limit,
        missing_system=r.missing_system,
        missing_user=r.missing_user,
        default_epochs=r.default_epochs,
        est_billed_tokens=r.est_billed_tokens,
        errors_total=r.errors_total,
        warnings_total=r.warnings_total,
        problems=problems,
    )


# ---- Python arguments to C ----


def encode(name: str, value: str | None) -> bytes | None:
    """A str argument as UTF-8 for C; InvalidArgumentError naming it otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{name}: expected a str, got {type(value).__name__}")
    if "\0" in value:  # C would see the string end there
        raise InvalidArgumentError(f"{name}: contains a NUL character")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidArgumentError(f"{name}: not encodable as UTF-8 ({e.reason})") from None


def path_bytes(name: str, path: str | os.PathLike[str]) -> bytes:
    """A file system path for C (bytes as the OS sees them); no NUL allowed."""
    raw = os.fsencode(path)
    if b"\0" in raw:
        raise InvalidArgumentError(f"{name}: contains a NUL character")
    return raw


def millis(name: str, seconds: float | None) -> int:
    """Seconds to whole milliseconds for C, where 0 means the default."""
    if seconds is None:
        return 0
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0:
        raise InvalidArgumentError(f"{name}: expected a number of seconds > 0, got {seconds!r}")
    return max(1, round(seconds * 1000))


def kv_array(name: str, pairs: Mapping[str, str] | None) -> tuple[Any, int]:
    """(oft_kv array or None, count) for a mapping of str to str."""
    if not pairs:
        return None, 0
    arr = (_ffi.Kv * len(pairs))()
    for i, (k, v) in enumerate(pairs.items()):
        arr[i].key = encode(f"{name} key", k)
        arr[i].value = encode(f"{name}[{k!r}]", v)
    return arr, len(pairs)
