"""Step metrics and the many-jobs watch (include/openai_ft/metrics.h, watch.h).

    for m in client.fine_tuning.jobs.metrics(job_id):   # steps in increasing order
        print(m.step, m.train_loss, m.valid_loss)
    client.fine_tuning.jobs.watch(ids, on_event=lambda job, ev: print(job.id, ev.message))

(resources/fine_tuning/jobs.py offers them; an AsyncClient mirrors them.)

The ctypes mirrors of these headers live here, next to their only user.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    byref,
    c_char_p,
    c_double,
    c_int,
    c_int64,
    c_size_t,
    c_uint,
    c_void_p,
)
from dataclasses import dataclass
from typing import Any

from . import _convert, _ffi
from . import _types as t
from ._convert import millis
from ._errors import InvalidArgumentError, WaitTimeoutError, from_last_error
from ._protocols import ClientProtocol as Client


class StepMetricsStruct(Structure):
    """oft_step_metrics."""

    _fields_ = [
        ("step", c_int64),
        ("train_loss", c_double),
        ("train_mean_token_accuracy", c_double),
        ("valid_loss", c_double),
        ("valid_mean_token_accuracy", c_double),
        ("full_valid_loss", c_double),
        ("full_valid_mean_token_accuracy", c_double),
    ]


WATCH_EVENT_CB = CFUNCTYPE(c_int, POINTER(_ffi.Job), POINTER(_ffi.Event), c_void_p)
WATCH_JOB_CB = CFUNCTYPE(c_int, POINTER(_ffi.Job), c_void_p)


class WatchOptions(Structure):
    """oft_watch_options."""

    _fields_ = [
        ("version", c_uint),
        ("poll_interval_ms", c_int64),
        ("timeout_ms", c_int64),
        ("on_event", WATCH_EVENT_CB),
        ("on_job", WATCH_JOB_CB),
        ("payload", c_void_p),
    ]


WATCH_OPTIONS_VERSION = 1

# C struct name -> its mirror, for tests/test_layout.py (as _ffi.C_NAMES).
C_NAMES: dict[str, type[Structure]] = {
    "oft_step_metrics": StepMetricsStruct,
    "oft_watch_options": WatchOptions,
}

_PROTOTYPES: dict[str, tuple[Any, list[Any]]] = {
    "oft_metrics_iter_new": (c_int, [POINTER(c_void_p), c_void_p, c_char_p]),
    "oft_metrics_iter_next": (c_int, [POINTER(POINTER(StepMetricsStruct)), c_void_p]),
    "oft_metrics_iter_free": (None, [c_void_p]),
    "oft_jobs_watch": (c_int, [c_void_p, POINTER(c_char_p), c_size_t, POINTER(WatchOptions)]),
}


def _declare(lib: Any) -> Any:
    """Sets the prototypes of this module's calls once per library."""
    if not getattr(lib, "_oft_metrics_declared", False):
        for name, (restype, argtypes) in _PROTOTYPES.items():
            if not hasattr(lib, name):
                raise InvalidArgumentError(f"the loaded libopenai_ft has no {name}: too old")
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = restype, argtypes
        lib._oft_metrics_declared = True
    return lib


def _opt(x: float) -> float | None:
    return None if math.isnan(x) else x


@dataclass(frozen=True)
class StepMetrics:
    """One training step's metrics; a value the job did not report is None."""

    step: int
    train_loss: float | None
    train_mean_token_accuracy: float | None
    valid_loss: float | None
    valid_mean_token_accuracy: float | None
    full_valid_loss: float | None
    full_valid_mean_token_accuracy: float | None


def _step(m: StepMetricsStruct) -> StepMetrics:
    return StepMetrics(
        m.step,
        _opt(m.train_loss),
        _opt(m.train_mean_token_accuracy),
        _opt(m.valid_loss),
        _opt(m.valid_mean_token_accuracy),
        _opt(m.full_valid_loss),
        _opt(m.full_valid_mean_token_accuracy),
    )


def _job_id(value: str) -> bytes:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(f"job_id: expected a non-empty str, got {value!r}")
    return value.encode()


def metrics(client: Client, job_id: str) -> Iterator[StepMetrics]:
    """The step metrics of a job, steps in increasing order: from its metrics
    events while it runs, from its result file (the step-metrics CSV) once it
    has succeeded. Memory stays bounded whatever the number of steps. A
    malformed result file raises APIResponseValidationError naming the line."""
    lib = _declare(client.lib)
    raw = _job_id(job_id)
    it = c_void_p()
    bound: int | None = None  # the C client the C iterator was made with
    try:
        while True:
            out = POINTER(StepMetricsStruct)()
            with client._calling(bound) as call:
                if not it:
                    call.check(lib.oft_metrics_iter_new(byref(it), call.ptr, raw))
                    bound = call.ptr
                rc = lib.oft_metrics_iter_next(byref(out), it)
                if rc == _ffi.ITEROVER:
                    call.check(_ffi.OK)
                    return
                call.check(rc)
                item = _step(out.contents)
            yield item
    finally:
        if it:
            lib.oft_metrics_iter_free(it)


EventCallback = Callable[[t.Job, t.Event], object]
JobCallback = Callable[[t.Job], object]


def watch(
    client: Client,
    job_ids: Iterable[str],
    *,
    on_event: EventCallback | None = None,
    on_job: JobCallback | None = None,
    poll_interval: float = 5.0,
    timeout: float | None = None,
) -> None:
    """Follows many jobs from this thread until each has ended.

    One request per interval reads the status of all of them (the job list),
    plus the events of the jobs that changed. on_event(job, event) is called
    once per new event of a job, oldest first, before on_job(job) reports the
    change it led to (on_job is also called when a job is first seen). An
    exception a callback raises stops the watch and is raised here; a passed
    deadline raises WaitTimeoutError; passing faults are polled again.
    """
    lib = _declare(client.lib)
    ids = [_job_id(i) for i in job_ids]
    if not ids:
        raise InvalidArgumentError("job_ids: no job to watch")
    arr = (c_char_p * len(ids))(*ids)
    o = WatchOptions(WATCH_OPTIONS_VERSION, millis("poll_interval", poll_interval),
                     millis("timeout", timeout))

    def job_of(j: Any) -> t.Job:
        return _convert.job(j.contents, lib.oft_job_status_str)

    if on_event is not None:
        cb = on_event

        def event(j: Any, ev: Any, payload: Any) -> None:
            cb(job_of(j), _convert.event(ev.contents))

        o.on_event = WATCH_EVENT_CB(client._callback(event))
    if on_job is not None:
        jcb = on_job

        def changed(j: Any, payload: Any) -> None:
            jcb(job_of(j))

        o.on_job = WATCH_JOB_CB(client._callback(changed))
    with client._calling() as call:
        rc = lib.oft_jobs_watch(call.ptr, arr, len(ids), byref(o))
        call.rc = rc
        if client._callback_error is None and rc == _ffi.ETIMEOUT:
            raise WaitTimeoutError(from_last_error(lib, call.ptr, rc).message, None)
        call.check(rc)
