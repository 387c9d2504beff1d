"""client.fine_tuning.jobs: the SDK's methods, with its keyword arguments
(``method={...}``, ``hyperparameters={...}``, ``integrations=[...]``), and
ours beside them: ``wait()``, ``metrics()`` and ``watch()``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from ctypes import byref
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Union

from ... import _convert, _ffi
from ... import _types as t
from ..._convert import encode, kv_array
from ..._errors import InvalidArgumentError
from ..._legacy import Jobs as _Jobs
from ..._legacy import WaitCallback, _id, _limit
from ..._page import SyncCursorPage
from ..._protocols import ClientProtocol
from .._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource, cursor_page
from .._base import to_raw_response_wrapper as _raw
from .job_checkpoints import JobCheckpoints, JobCheckpointsWithRawResponse

if TYPE_CHECKING:
    from ..._metrics import EventCallback, JobCallback, StepMetrics

IntOrAuto = Union[Literal["auto"], int]
FloatOrAuto = Union[Literal["auto"], float]


class Hyperparameters(TypedDict, total=False):
    batch_size: IntOrAuto
    learning_rate_multiplier: FloatOrAuto
    n_epochs: IntOrAuto


class DpoHyperparameters(Hyperparameters, total=False):
    beta: FloatOrAuto


class ReinforcementHyperparameters(Hyperparameters, total=False):
    compute_multiplier: FloatOrAuto
    eval_interval: IntOrAuto
    eval_samples: IntOrAuto
    reasoning_effort: Literal["default", "low", "medium", "high"]


class SupervisedMethod(TypedDict, total=False):
    hyperparameters: Hyperparameters


class DpoMethod(TypedDict, total=False):
    hyperparameters: DpoHyperparameters


class _ReinforcementGrader(TypedDict):
    grader: Mapping[str, Any]


class ReinforcementMethod(_ReinforcementGrader, total=False):
    hyperparameters: ReinforcementHyperparameters


class _MethodType(TypedDict):
    type: Literal["supervised", "dpo", "reinforcement"]


class Method(_MethodType, total=False):
    """The ``method`` argument of jobs.create, as the SDK types it."""

    supervised: SupervisedMethod
    dpo: DpoMethod
    reinforcement: ReinforcementMethod


class _WandbProject(TypedDict):
    project: str


class IntegrationWandb(_WandbProject, total=False):
    entity: str | None
    name: str | None
    tags: list[str]


class Integration(TypedDict):
    type: Literal["wandb"]
    wandb: IntegrationWandb


_HP_KEYS = {
    "supervised": {"n_epochs", "batch_size", "learning_rate_multiplier"},
    "dpo": {"n_epochs", "batch_size", "learning_rate_multiplier", "beta"},
    "reinforcement": {
        "n_epochs", "batch_size", "learning_rate_multiplier", "compute_multiplier",
        "eval_interval", "eval_samples", "reasoning_effort",
    },
}


def _only(name: str, value: Mapping[str, Any], allowed: set[str]) -> None:
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(f"{name}: expected a mapping, got {type(value).__name__}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise InvalidArgumentError(f"{name}: unknown key {unknown[0]!r} (known: {sorted(allowed)})")


def _method_flat(method: Mapping[str, Any]) -> dict[str, Any]:
    """The SDK's method={...} as the library's flat options."""
    kind = method.get("type") if isinstance(method, Mapping) else None
    if kind not in _HP_KEYS:
        raise InvalidArgumentError(
            f"method.type: expected one of {sorted(_HP_KEYS)}, got {kind!r}")
    _only("method", method, {"type", kind})
    body: Mapping[str, Any] = method.get(kind) or {}
    _only(f"method.{kind}", body, {"hyperparameters", "grader"} if kind == "reinforcement"
          else {"hyperparameters"})
    hp: Mapping[str, Any] = body.get("hyperparameters") or {}
    _only(f"method.{kind}.hyperparameters", hp, _HP_KEYS[kind])
    flat: dict[str, Any] = {"method": kind, **hp}
    if "grader" in body:
        flat["grader"] = body["grader"]
    return flat


def _integrations(values: Iterable[Integration]) -> list[t.Wandb]:
    out = []
    for i, v in enumerate(values):
        _only(f"integrations[{i}]", v, {"type", "wandb"})
        if v.get("type") != "wandb":
            raise InvalidArgumentError(f"integrations[{i}].type: expected \"wandb\"")
        w = v.get("wandb")
        if not isinstance(w, Mapping) or not w.get("project"):
            raise InvalidArgumentError(f"integrations[{i}].wandb.project: required")
        _only(f"integrations[{i}].wandb", w, {"project", "entity", "name", "tags"})
        out.append(t.Wandb(project=w["project"], name=w.get("name"), entity=w.get("entity"),
                           tags=tuple(w.get("tags") or ())))
    return out


class Jobs(SyncAPIResource):
    """Fine-tuning jobs: ``client.fine_tuning.jobs``."""

    def __init__(self, client: ClientProtocol) -> None:
        super().__init__(client)
        self.checkpoints = JobCheckpoints(client)
        self._ops = _Jobs(client)  # the calls behind (stateless: made once, not per call)

    @property
    def with_raw_response(self) -> JobsWithRawResponse:
        """These methods, returning the APIResponse (headers, parse())."""
        return JobsWithRawResponse(self)

    def create(
        self,
        *,
        model: str,
        training_file: str,
        hyperparameters: Hyperparameters | None = None,
        integrations: Iterable[Integration] | None = None,
        metadata: Mapping[str, str] | None = None,
        method: Method | None = None,
        seed: int | None = None,
        suffix: str | None = None,
        validation_file: str | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Job:
        """Creates a job (POST /fine_tuning/jobs). Arguments the library
        refuses raise InvalidArgumentError (a BadRequestError) before anything
        is sent."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            flat: dict[str, Any] = _method_flat(method) if method is not None else {}
            legacy_hp = None
            if hyperparameters is not None:
                _only("hyperparameters", hyperparameters, _HP_KEYS["supervised"])
                legacy_hp = t.Hyperparameters(**hyperparameters)
            return self._ops.create(
                model=model, training_file=training_file, validation_file=validation_file,
                suffix=suffix, seed=seed, hyperparameters=legacy_hp,
                integrations=_integrations(integrations or ()), metadata=metadata,
                **flat,
            )

    def check_create(
        self,
        *,
        model: str,
        training_file: str,
        hyperparameters: Hyperparameters | None = None,
        integrations: Iterable[Integration] | None = None,
        metadata: Mapping[str, str] | None = None,
        method: Method | None = None,
        seed: int | None = None,
        suffix: str | None = None,
        validation_file: str | None = None,
    ) -> None:
        """Ours: checks create's arguments by the library's rules (ranges,
        methods, suffix, seed, metadata...) without sending anything; raises
        InvalidArgumentError naming the field and the rule, e.g. "n_epochs:
        must be in [1, 50] (got 51)"."""
        flat: dict[str, Any] = _method_flat(method) if method is not None else {}
        legacy_hp = None
        if hyperparameters is not None:
            _only("hyperparameters", hyperparameters, _HP_KEYS["supervised"])
            legacy_hp = t.Hyperparameters(**hyperparameters)
        self._ops.check_create(
            model=model, training_file=training_file, validation_file=validation_file,
            suffix=suffix, seed=seed, hyperparameters=legacy_hp,
            integrations=_integrations(integrations or ()), metadata=metadata, **flat,
        )

    def retrieve(
        self,
        fine_tuning_job_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Job:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return self._ops.retrieve(_job_id(fine_tuning_job_id))

    def list(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        metadata: Mapping[str, str] | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> SyncCursorPage[t.Job]:
        """The first page of jobs, newest first; iterate it for every job."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            lim = _limit(limit)
            lib = client.lib

            def args(cursor: str | None) -> tuple[Any, ...]:
                o = _ffi.JobListOptions(_ffi.JOB_LIST_OPTIONS_VERSION, encode("after", cursor), lim)
                o.metadata, o.metadata_count = kv_array("metadata", metadata)
                return (byref(o),)  # byref keeps o, and o its metadata array, alive

            def job(j: _ffi.Job) -> t.Job:
                return _convert.job(j, lib.oft_job_status_str)

            return cursor_page(
                client, lib.oft_job_list, _ffi.JobPage, lib.oft_job_page_free, job,
                args, after,
            )

    def cancel(
        self,
        fine_tuning_job_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Job:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return self._ops.cancel(_job_id(fine_tuning_job_id))

    def pause(
        self,
        fine_tuning_job_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Job:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return self._ops.pause(_job_id(fine_tuning_job_id))

    def resume(
        self,
        fine_tuning_job_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Job:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return self._ops.resume(_job_id(fine_tuning_job_id))

    def list_events(
        self,
        fine_tuning_job_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> SyncCursorPage[t.Event]:
        """The first page of a job's events, newest first; iterate it for all."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            jid = _id("fine_tuning_job_id", _job_id(fine_tuning_job_id))
            lim = _limit(limit)
            lib = client.lib

            def args(cursor: str | None) -> tuple[Any, ...]:
                o = _ffi.EventListOptions(
                    _ffi.EVENT_LIST_OPTIONS_VERSION, encode("after", cursor), lim)
                return (jid, byref(o))

            return cursor_page(
                client, lib.oft_event_list, _ffi.EventPage, lib.oft_event_page_free,
                _convert.event, args, after,
            )

    def wait(
        self,
        fine_tuning_job_id: str,
        *,
        on_progress: WaitCallback | None = None,
        poll_interval: float = 5.0,
        timeout: float | None = None,
    ) -> t.Job:
        """Ours (the SDK has no such helper): blocks until the job succeeded
        and returns it. on_progress(job, None) is called when the job changed
        and on_progress(job, event) once per new event, oldest first. A failed
        or cancelled job raises JobFailedError, a passed ``timeout`` (the
        whole wait's, in seconds) WaitTimeoutError."""
        return self._ops.wait(
            _job_id(fine_tuning_job_id), on_progress=on_progress,
            poll_interval=poll_interval, timeout=timeout,
        )

    def metrics(self, fine_tuning_job_id: str) -> Iterator[StepMetrics]:
        """Ours: the job's step metrics (StepMetrics, a value the job did not
        report is None), steps in increasing order: from its metrics events
        while it runs, from its result file (the step-metrics CSV) once it has
        succeeded. Lazy, one request per page or file; memory stays bounded
        whatever the number of steps. A malformed result file raises
        APIResponseValidationError naming the line."""
        from ..._metrics import metrics

        return metrics(self._client, _job_id(fine_tuning_job_id))

    def watch(
        self,
        fine_tuning_job_ids: Iterable[str],
        *,
        on_event: EventCallback | None = None,
        on_job: JobCallback | None = None,
        poll_interval: float = 5.0,
        timeout: float | None = None,
    ) -> None:
        """Ours: follows many jobs from this thread until each has ended. One
        request per ``poll_interval`` reads the status of all of them (the job
        list), plus the events of the jobs that changed. on_event(job, event)
        is called once per new event of a job, oldest first, before
        on_job(job) reports the change it led to (on_job is also called when
        a job is first seen). An exception a callback raises stops the watch
        and is raised here; a passed ``timeout`` (the whole watch's, in
        seconds) raises WaitTimeoutError; passing faults are polled again."""
        from ..._metrics import watch

        ids = [_job_id(i) for i in fine_tuning_job_ids]
        watch(self._client, ids, on_event=on_event, on_job=on_job,
              poll_interval=poll_interval, timeout=timeout)


def _job_id(value: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(
            f"Expected a non-empty value for `fine_tuning_job_id` but received {value!r}")
    return value


class JobsWithRawResponse:
    def __init__(self, r: Jobs) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.cancel = _raw(r.cancel)
        self.pause = _raw(r.pause)
        self.resume = _raw(r.resume)
        self.list_events = _raw(r.list_events)
        self.checkpoints = JobCheckpointsWithRawResponse(r.checkpoints)
