"""The first release's resources (client.jobs, client.permissions, client.graders;
client.files.upload/download), deprecated: the SDK-shaped ones (resources/) call
them for what they share."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from ctypes import POINTER, Structure, byref, c_char_p, c_void_p
from typing import Any, Literal, TypeVar

from . import _convert, _ffi
from . import _types as t
from ._convert import encode, kv_array, millis, path_bytes
from ._fetch import fetch
from ._errors import (
    InvalidArgumentError,
    JobFailedError,
    OpenAIFTError,
    WaitTimeoutError,
    from_last_error,
)
from ._pager import Pager
from ._protocols import ClientProtocol as Client

R = TypeVar("R")
HpInput = int | float | Literal["auto"] | None
ProgressCallback = Callable[[int, int], object]
WaitCallback = Callable[[t.Job, "t.Event | None"], object]

_METHOD_TYPES = {"supervised": _ffi.METHOD_SUPERVISED, "dpo": _ffi.METHOD_DPO,
                 "reinforcement": _ffi.METHOD_REINFORCEMENT}
# The API spells the orders differently for files and for permissions.
_FILE_ORDERS = {None: 0, "asc": 1, "desc": 2}
_PERMISSION_ORDERS = {
    None: _ffi.ORDER_DEFAULT,
    "ascending": _ffi.ORDER_ASCENDING,
    "descending": _ffi.ORDER_DESCENDING,
}


class _Resource:
    def __init__(self, client: Client) -> None:
        self._client = client
        self._lib: Any = client.lib

    def _fetch(
        self,
        fn: Callable[..., int],
        struct: type[Structure],
        free: Callable[[Any], None],
        convert: Callable[[Any], R],
        *args: Any,
    ) -> R:
        return fetch(self._client, fn, struct, free, convert, *args)

    def _job(self, j: _ffi.Job) -> t.Job:
        return _convert.job(j, self._lib.oft_job_status_str)

    def _deleted(self, fn: Callable[..., int], *args: Any) -> t.Deleted:
        return self._fetch(fn, _ffi.Deleted, self._lib.oft_deleted_free, _convert.deleted, *args)

    def _pager(
        self,
        new: Callable[..., int],
        args: tuple[Any, ...],
        next_fn: Callable[..., int],
        free: Callable[[Any], None],
        struct: type[Structure],
        convert: Callable[[Any], R],
    ) -> Pager[R]:
        return Pager(self._client, new, args, next_fn, free, struct, convert)


def _id(name: str, value: str) -> bytes:
    raw = encode(name, value)
    if not raw:
        raise InvalidArgumentError(f"{name}: expected a non-empty str")
    return raw


def _limit(limit: int | None) -> int:
    if limit is None:
        return 0
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise InvalidArgumentError(f"limit: expected an int > 0, got {limit!r}")
    return limit


def _hp(name: str, value: HpInput) -> _ffi.HpNum:
    """None: unset; "auto"; or a number."""
    if value is None:
        return _ffi.HpNum(_ffi.HP_UNSET, 0.0)
    if value == t.AUTO:
        return _ffi.HpNum(_ffi.HP_AUTO, 0.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(f"{name}: expected a number or \"auto\", got {value!r}")
    return _ffi.HpNum(_ffi.HP_VALUE, float(value))


def _strings(name: str, values: Sequence[str]) -> Any:
    arr = (c_char_p * len(values))()
    for i, v in enumerate(values):
        arr[i] = encode(f"{name}[{i}]", v)
    return arr


def _create_options(
    *,
    model: str,
    training_file: str,
    validation_file: str | None = None,
    suffix: str | None = None,
    seed: int | None = None,
    method: Literal["supervised", "dpo", "reinforcement"] | None = None,
    n_epochs: HpInput = None,
    batch_size: HpInput = None,
    learning_rate_multiplier: HpInput = None,
    beta: HpInput = None,
    compute_multiplier: HpInput = None,
    eval_interval: HpInput = None,
    eval_samples: HpInput = None,
    reasoning_effort: str | None = None,
    grader: Mapping[str, Any] | None = None,
    hyperparameters: t.Hyperparameters | None = None,
    integrations: Sequence[t.Wandb] = (),
    metadata: Mapping[str, str] | None = None,
    extra_body: Mapping[str, Any] | None = None,
) -> _ffi.JobCreateOptions:
    """jobs.create's arguments as the library's options (its arrays kept alive
    by the struct)."""
    o = _ffi.JobCreateOptions()
    o.version = _ffi.JOB_CREATE_OPTIONS_VERSION
    o.model = encode("model", model)
    o.training_file = encode("training_file", training_file)
    o.validation_file = encode("validation_file", validation_file)
    o.suffix = encode("suffix", suffix)
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise InvalidArgumentError(f"seed: expected an int, got {seed!r}")
        if seed < 0:  # -1 is the library's "no seed": None says that here
            raise InvalidArgumentError(f"seed: must be in [0, 2147483647] (got {seed})")
        o.seed = seed
    else:
        o.seed = _ffi.NONE
    if method is not None and method not in _METHOD_TYPES:
        raise InvalidArgumentError(f"method: expected one of {sorted(_METHOD_TYPES)}")
    o.method_type = _METHOD_TYPES[method] if method else _ffi.METHOD_UNSET
    o.n_epochs = _hp("n_epochs", n_epochs)
    o.batch_size = _hp("batch_size", batch_size)
    o.learning_rate_multiplier = _hp("learning_rate_multiplier", learning_rate_multiplier)
    o.beta = _hp("beta", beta)
    o.compute_multiplier = _hp("compute_multiplier", compute_multiplier)
    o.eval_interval = _hp("eval_interval", eval_interval)
    o.eval_samples = _hp("eval_samples", eval_samples)
    o.reasoning_effort = encode("reasoning_effort", reasoning_effort)
    o.grader_json = None if grader is None else json.dumps(grader).encode()
    if hyperparameters is not None:
        h = hyperparameters
        o.hyperparameters = _ffi.Hyperparameters(
            _hp("hyperparameters.n_epochs", h.n_epochs),
            _hp("hyperparameters.batch_size", h.batch_size),
            _hp("hyperparameters.learning_rate_multiplier", h.learning_rate_multiplier),
        )
    if integrations:
        arr = (_ffi.WandbOptions * len(integrations))()
        for i, w in enumerate(integrations):
            arr[i].project = encode(f"integrations[{i}].project", w.project)
            arr[i].name = encode(f"integrations[{i}].name", w.name)
            arr[i].entity = encode(f"integrations[{i}].entity", w.entity)
            arr[i].tags = _strings(f"integrations[{i}].tags", w.tags)
            arr[i].tags_count = len(w.tags)
        o.integrations, o.integrations_count = arr, len(integrations)
    o.metadata, o.metadata_count = kv_array("metadata", metadata)
    o.extra_body_json = None if extra_body is None else json.dumps(extra_body).encode()
    return o


def check_job_create_options(lib: Any, o: _ffi.JobCreateOptions) -> None:
    """oft_job_create_options_check(): needs no client and sends nothing."""
    err = c_void_p()
    rc = lib.oft_job_create_options_check(byref(o), byref(err))
    if rc == 0:
        return
    try:
        raw = lib.oft_error_message(err) if err.value else None
        message = raw.decode("utf-8", "replace") if raw else f"status {rc}"
    finally:
        lib.oft_error_free(err)
    if rc == _ffi.EINVAL:
        raise InvalidArgumentError(message, oft_status=rc)
    raise OpenAIFTError(message, oft_status=rc)


class Jobs(_Resource):
    """Fine-tuning jobs, their events and checkpoints, and waiting for one."""

    def create(
        self,
        *,
        model: str,
        training_file: str,
        validation_file: str | None = None,
        suffix: str | None = None,
        seed: int | None = None,
        method: Literal["supervised", "dpo", "reinforcement"] | None = None,
        n_epochs: HpInput = None,
        batch_size: HpInput = None,
        learning_rate_multiplier: HpInput = None,
        beta: HpInput = None,
        compute_multiplier: HpInput = None,
        eval_interval: HpInput = None,
        eval_samples: HpInput = None,
        reasoning_effort: str | None = None,
        grader: Mapping[str, Any] | None = None,
        hyperparameters: t.Hyperparameters | None = None,
        integrations: Sequence[t.Wandb] = (),
        metadata: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> t.Job:
        """Creates a job. The method's hyperparameters are given flat (n_epochs=3,
        beta="auto"...); the library checks them before sending anything."""
        o = _create_options(model=model, training_file=training_file, validation_file=validation_file, suffix=suffix, seed=seed, method=method, n_epochs=n_epochs, batch_size=batch_size, learning_rate_multiplier=learning_rate_multiplier, beta=beta, compute_multiplier=compute_multiplier, eval_interval=eval_interval, eval_samples=eval_samples, reasoning_effort=reasoning_effort, grader=grader, hyperparameters=hyperparameters, integrations=integrations, metadata=metadata, extra_body=extra_body)
        lib = self._lib
        return self._fetch(lib.oft_job_create, _ffi.Job, lib.oft_job_free, self._job, byref(o))

    def check_create(
        self,
        *,
        model: str,
        training_file: str,
        validation_file: str | None = None,
        suffix: str | None = None,
        seed: int | None = None,
        method: Literal["supervised", "dpo", "reinforcement"] | None = None,
        n_epochs: HpInput = None,
        batch_size: HpInput = None,
        learning_rate_multiplier: HpInput = None,
        beta: HpInput = None,
        compute_multiplier: HpInput = None,
        eval_interval: HpInput = None,
        eval_samples: HpInput = None,
        reasoning_effort: str | None = None,
        grader: Mapping[str, Any] | None = None,
        hyperparameters: t.Hyperparameters | None = None,
        integrations: Sequence[t.Wandb] = (),
        metadata: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> None:
        """Checks create's arguments by the library's rules (ranges, methods,
        suffix, seed, metadata...) without sending anything; raises
        InvalidArgumentError naming the field and the rule, e.g.
        "n_epochs: must be in [1, 50] (got 51)"."""
        o = _create_options(model=model, training_file=training_file, validation_file=validation_file, suffix=suffix, seed=seed, method=method, n_epochs=n_epochs, batch_size=batch_size, learning_rate_multiplier=learning_rate_multiplier, beta=beta, compute_multiplier=compute_multiplier, eval_interval=eval_interval, eval_samples=eval_samples, reasoning_effort=reasoning_effort, grader=grader, hyperparameters=hyperparameters, integrations=integrations, metadata=metadata, extra_body=extra_body)
        check_job_create_options(self._lib, o)

    def _one_job(self, fn: Callable[..., int], job_id: str) -> t.Job:
        """retrieve, cancel, pause, resume: a job ID in, the job out."""
        return self._fetch(fn, _ffi.Job, self._lib.oft_job_free, self._job, _id("job_id", job_id))

    def retrieve(self, job_id: str) -> t.Job:
        return self._one_job(self._lib.oft_job_retrieve, job_id)

    def cancel(self, job_id: str) -> t.Job:
        return self._one_job(self._lib.oft_job_cancel, job_id)

    def pause(self, job_id: str) -> t.Job:
        return self._one_job(self._lib.oft_job_pause, job_id)

    def resume(self, job_id: str) -> t.Job:
        return self._one_job(self._lib.oft_job_resume, job_id)

    def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> Pager[t.Job]:
        """Every job, newest first (``limit`` is the page size)."""
        o = _ffi.JobListOptions(_ffi.JOB_LIST_OPTIONS_VERSION, encode("after", after), _limit(limit))
        o.metadata, o.metadata_count = kv_array("metadata", metadata)
        lib = self._lib
        return self._pager(
            lib.oft_job_iter_new, (byref(o),), lib.oft_job_iter_next, lib.oft_job_iter_free,
            _ffi.Job, self._job,
        )

    def list_events(
        self, job_id: str, *, limit: int | None = None, after: str | None = None
    ) -> Pager[t.Event]:
        """Every event of a job, newest first (``limit`` is the page size)."""
        o = _ffi.EventListOptions(
            _ffi.EVENT_LIST_OPTIONS_VERSION, encode("after", after), _limit(limit)
        )
        lib = self._lib
        return self._pager(
            lib.oft_event_iter_new, (_id("job_id", job_id), byref(o)), lib.oft_event_iter_next,
            lib.oft_event_iter_free, _ffi.Event, _convert.event,
        )

    def list_checkpoints(
        self, job_id: str, *, limit: int | None = None, after: str | None = None
    ) -> Pager[t.Checkpoint]:
        """Every checkpoint of a job (``limit`` is the page size)."""
        o = _ffi.CheckpointListOptions(
            _ffi.CHECKPOINT_LIST_OPTIONS_VERSION, encode("after", after), _limit(limit)
        )
        lib = self._lib
        return self._pager(
            lib.oft_checkpoint_iter_new, (_id("job_id", job_id), byref(o)),
            lib.oft_checkpoint_iter_next, lib.oft_checkpoint_iter_free, _ffi.Checkpoint,
            _convert.checkpoint,
        )

    def wait(
        self,
        job_id: str,
        *,
        on_progress: WaitCallback | None = None,
        poll_interval: float = 5.0,
        timeout: float | None = None,
    ) -> t.Job:
        """Blocks until the job succeeded and returns it.

        on_progress(job, None) is called when the job changed and
        on_progress(job, event) once per new event, oldest first. An exception
        it raises stops the wait and is raised here. A failed or cancelled job
        raises JobFailedError, a passed deadline WaitTimeoutError (both carry
        the last job seen); passing network and server faults are polled again.
        """
        o = _ffi.WaitOptions(_ffi.WAIT_OPTIONS_VERSION, millis("poll_interval", poll_interval),
                             millis("timeout", timeout))
        if on_progress is not None:
            def progress(job: Any, event: Any, payload: Any) -> None:
                ev = _convert.event(event.contents) if event else None
                on_progress(self._job(job.contents), ev)

            o.on_progress = _ffi.WAIT_CB(self._client._callback(progress))
        lib = self._lib
        out = POINTER(_ffi.Job)()
        try:
            with self._client._calling() as call:
                rc = lib.oft_job_wait(byref(out), call.ptr, _id("job_id", job_id), byref(o))
                call.rc = rc
                last = self._job(out.contents) if out else None
                if self._client._callback_error is None:
                    if rc == _ffi.EJOBFAILED and last is not None:
                        raise JobFailedError(from_last_error(lib, call.ptr, rc).message, last)
                    if rc == _ffi.ETIMEOUT:
                        raise WaitTimeoutError(from_last_error(lib, call.ptr, rc).message, last)
                call.check(rc)
                assert last is not None
                return last
        finally:
            lib.oft_job_free(out)


class Files(_Resource):
    """Files: upload (streamed from disk), list, retrieve, delete, download."""

    def upload(
        self,
        path: str | os.PathLike[str],
        *,
        purpose: str = "fine-tune",
        expires_after: int | None = None,
        progress: ProgressCallback | None = None,
        large_threshold: int | None = None,
        part_size: int | None = None,
        concurrency: int | None = None,
        mime_type: str | None = None,
    ) -> t.File:
        """Uploads the file at path; progress(sent, total) is called as bytes go
        out (an exception it raises stops the upload and is raised here). Large
        files go through the Uploads API in parallel parts."""
        o = _ffi.FileUploadOptions()
        o.version = _ffi.FILE_UPLOAD_OPTIONS_VERSION
        o.purpose = encode("purpose", purpose)
        o.expires_after_seconds = expires_after or 0
        o.large_threshold = large_threshold or 0
        o.part_size = part_size or 0
        o.concurrency = concurrency or 0
        o.mime_type = encode("mime_type", mime_type)
        if progress is not None:
            def on_progress(sent: int, total: int, payload: Any) -> None:
                progress(sent, total)

            o.progress = _ffi.PROGRESS_CB(self._client._callback(on_progress))
        lib = self._lib
        return self._fetch(
            lib.oft_file_upload, _ffi.File, lib.oft_file_free, _convert.file,
            path_bytes("path", path), byref(o),
        )

    def retrieve(self, file_id: str) -> t.File:
        lib = self._lib
        return self._fetch(
            lib.oft_file_retrieve, _ffi.File, lib.oft_file_free, _convert.file,
            _id("file_id", file_id),
        )

    def list(
        self,
        *,
        purpose: str | None = None,
        order: Literal["asc", "desc"] | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> Pager[t.File]:
        if order not in _FILE_ORDERS:
            raise InvalidArgumentError('order: expected "asc", "desc" or None')
        o = _ffi.FileListOptions(
            _ffi.FILE_LIST_OPTIONS_VERSION, encode("purpose", purpose), _FILE_ORDERS[order],
            encode("after", after), _limit(limit),
        )
        lib = self._lib
        return self._pager(
            lib.oft_file_iter_new, (byref(o),), lib.oft_file_iter_next, lib.oft_file_iter_free,
            _ffi.File, _convert.file,
        )

    def delete(self, file_id: str) -> t.Deleted:
        return self._deleted(self._lib.oft_file_delete, _id("file_id", file_id))

    def download(self, file_id: str, path: str | os.PathLike[str]) -> None:
        """Streams the file's content to path (complete, or not there at all)."""
        fid = _id("file_id", file_id)
        with self._client._calling() as call:
            call.check(self._lib.oft_file_download(call.ptr, fid, path_bytes("path", path)))

    def wait_for_processing(
        self, file_id: str, *, poll_interval: float = 5.0, timeout: float = 30 * 60.0
    ) -> t.File:
        """Retrieves the file until it is processed or failed; WaitTimeoutError after timeout."""
        lib = self._lib
        out = POINTER(_ffi.File)()
        try:
            with self._client._calling() as call:
                rc = lib.oft_file_wait_processed(
                    byref(out), call.ptr, _id("file_id", file_id),
                    millis("poll_interval", poll_interval), millis("timeout", timeout),
                )
                call.rc = rc
                if rc == _ffi.ETIMEOUT:
                    err = from_last_error(lib, call.ptr, rc)
                    raise WaitTimeoutError(err.message, None)
                call.check(rc)
                return _convert.file(out.contents)
        finally:
            lib.oft_file_free(out)


class Models(_Resource):
    def retrieve(self, model_id: str) -> t.Model:
        lib = self._lib
        return self._fetch(
            lib.oft_model_retrieve, _ffi.Model, lib.oft_model_free, _convert.model,
            _id("model_id", model_id),
        )

    def list(self) -> list[t.Model]:
        """Every model the key can use (the API does not page them)."""
        lib = self._lib

        def convert(page: _ffi.ModelPage) -> list[t.Model]:
            return _convert.page_items(page, _convert.model)

        return self._fetch(lib.oft_model_list, _ffi.ModelPage, lib.oft_model_page_free, convert)

    def delete(self, model_id: str) -> t.Deleted:
        return self._deleted(self._lib.oft_model_delete, _id("model_id", model_id))


class Permissions(_Resource):
    """Checkpoint permissions (they use the client's admin key)."""

    def create(self, checkpoint: str, project_ids: Sequence[str]) -> list[t.Permission]:
        if isinstance(project_ids, str) or not project_ids:
            raise InvalidArgumentError("project_ids: expected a non-empty sequence of str")
        lib = self._lib

        def convert(page: _ffi.PermissionPage) -> list[t.Permission]:
            return _convert.page_items(page, _convert.permission)

        return self._fetch(
            lib.oft_checkpoint_permission_create, _ffi.PermissionPage,
            lib.oft_checkpoint_permission_page_free, convert, _id("checkpoint", checkpoint),
            _strings("project_ids", project_ids), len(project_ids),
        )

    def list(
        self,
        checkpoint: str,
        *,
        project_id: str | None = None,
        order: Literal["ascending", "descending"] | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> Pager[t.Permission]:
        if order not in _PERMISSION_ORDERS:
            raise InvalidArgumentError('order: expected "ascending", "descending" or None')
        o = _ffi.PermissionListOptions(
            _ffi.PERMISSION_LIST_OPTIONS_VERSION, encode("project_id", project_id),
            encode("after", after), _limit(limit), _PERMISSION_ORDERS[order],
        )
        lib = self._lib
        return self._pager(
            lib.oft_checkpoint_permission_iter_new, (_id("checkpoint", checkpoint), byref(o)),
            lib.oft_checkpoint_permission_iter_next, lib.oft_checkpoint_permission_iter_free,
            _ffi.Permission, _convert.permission,
        )

    def delete(self, checkpoint: str, permission_id: str) -> t.Deleted:
        return self._deleted(
            self._lib.oft_checkpoint_permission_delete,
            _id("checkpoint", checkpoint), _id("permission_id", permission_id),
        )


def _json_text(name: str, value: Mapping[str, Any] | str) -> bytes | None:
    """A JSON object argument as C's JSON text: a mapping, or JSON text as is."""
    if isinstance(value, Mapping):
        try:
            value = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise InvalidArgumentError(f"{name}: not encodable as JSON ({e})") from None
    elif not isinstance(value, str):
        raise InvalidArgumentError(
            f"{name}: expected a mapping or JSON text, got {type(value).__name__}")
    return encode(name, value)


class Graders(_Resource):
    """The alpha graders of reinforcement fine-tuning (the SDK's
    ``client.fine_tuning.alpha.graders``): check a grader, or run it on one
    sample, before paying for a job. A grader is a mapping (the object a
    reinforcement method takes) or its JSON text; one that is not a JSON object
    with a "type" raises InvalidArgumentError before anything is sent, one the
    API refuses raises BadRequestError with its ``param``."""

    def validate(self, *, grader: Mapping[str, Any] | str) -> t.GraderValidation:
        lib = self._lib
        return self._fetch(
            lib.oft_grader_validate, _ffi.GraderValidation, lib.oft_grader_validation_free,
            _convert.grader_validation, _json_text("grader", grader),
        )

    def run(
        self,
        *,
        grader: Mapping[str, Any] | str,
        model_sample: str,
        item: Mapping[str, Any] | None = None,
    ) -> t.GraderRunResult:
        if model_sample is None:
            raise InvalidArgumentError("model_sample: expected a str, got NoneType")
        o = _ffi.GraderRunOptions(
            _ffi.GRADER_RUN_OPTIONS_VERSION,
            None if item is None else _json_text("item", item),
        )
        lib = self._lib
        return self._fetch(
            lib.oft_grader_run, _ffi.GraderRunResult, lib.oft_grader_run_result_free,
            _convert.grader_run, _json_text("grader", grader),
            encode("model_sample", model_sample), byref(o),
        )
