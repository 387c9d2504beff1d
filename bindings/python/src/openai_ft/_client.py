"""OpenAI (the first release's Client): a pool of oft_clients (see _pool),
usable from many threads, with the official SDK's resource tree.

Every call that may block goes through OpenAI._calling(), which
 - takes a C client of the pool for the call (the C library runs one call per
   oft_client at a time) and gives it back after;
 - lets a Ctrl-C in the main thread interrupt the C call (see _interrupt), and
   an AsyncClient's cancelled task interrupt its own (see _async);
 - sets the call's per-call options (timeout, extra headers, query, body:
   oft_client_set_call_options) on that C client, and clears them after;
 - re-raises the first exception a Python callback raised during the call;
 - turns a failed status into the exception of _errors.
ctypes releases the GIL around every C call; its callbacks take it back.
"""

from __future__ import annotations

import json
import threading
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from ctypes import POINTER, byref, c_void_p
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import _ffi
from ._convert import encode, kv_array, millis, path_bytes
from ._errors import (
    APIUserAbortError,
    InvalidArgumentError,
    OpenAIFTError,
    from_last_error,
)
from ._interrupt import deliver_pending, in_main_call, sigint_interrupts, user_callback
from ._lib import load_library
from ._pool import Pool
from ._response import Headers, parse_header_block, raw_capture

if TYPE_CHECKING:
    from ._legacy import Graders as LegacyGraders
    from ._legacy import Jobs as LegacyJobs
    from ._legacy import Permissions as LegacyPermissions
    from .resources.files import Files
    from .resources.fine_tuning import FineTuning
    from .resources.models import Models
    from .resources.raw import OpenAIWithRawResponse
    from .resources.uploads import Uploads

DEFAULT_POOL_SIZE = 8

LogCallback = Callable[[int, str], None]
_Self = TypeVar("_Self", bound="OpenAI")
# The per-call options (client, oft_call_options) the next call of this thread takes.
_pending = threading.local()


def _query_value(v: object) -> str:
    """An extra_query value as the SDK sends it (true/false for a bool)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)

LOG_LEVELS = {"off": 0, "error": 1, "warn": 2, "warning": 2, "info": 3, "debug": 4}
_PY_LEVELS = {1: 40, 2: 30, 3: 20, 4: 10}  # logging.ERROR, WARNING, INFO, DEBUG


class _Closable(Protocol):
    def close(self) -> None: ...


class _Call:
    """One blocking call on a C client of the pool: what a SIGINT (or a
    cancelled task) interrupts, until the call has ended."""

    __slots__ = ("client", "ptr", "rc", "ended", "stopped")

    def __init__(self, client: OpenAI) -> None:
        self.client = client
        self.ptr = 0  # the C client, once the pool gave one
        self.rc = _ffi.OK
        self.ended = False
        self.stopped = False  # interrupted before it had a C client

    def attach(self, ptr: int) -> None:
        """The call's C client, interrupted at once if the call already was."""
        with self.client._calls_lock:
            self.ptr = ptr
            if self.stopped:
                self.client.lib.oft_client_interrupt(ptr)

    def interrupt(self) -> None:
        with self.client._calls_lock:  # never after the C client went back to the pool
            if self.ended:
                return
            if self.ptr:
                self.client.lib.oft_client_interrupt(self.ptr)
            else:
                self.stopped = True

    def check(self, rc: int) -> None:
        """Raises for a failed status: the callback's exception, else the C error."""
        self.rc = rc
        exc = self.client._callback_error
        if exc is not None:
            raise exc
        if rc == _ffi.OK:
            return
        deliver_pending()  # Ctrl-C stopped it (or came as it failed): KeyboardInterrupt
        _, headers = self.client._response_headers(self.ptr)
        raise from_last_error(self.client.lib, self.ptr, rc, headers)


class Cancellation:
    """What an AsyncClient task cancels: the calls its worker thread makes
    while this is the thread's current one. cancel() interrupts the call under
    way and refuses the next ones (APIUserAbortError, nothing sent)."""

    def __init__(self) -> None:
        self.cancelled = False
        self.calls: list[_Call] = []
        self.lock = threading.Lock()

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            calls = list(self.calls)
        for call in calls:
            call.interrupt()

    @contextmanager
    def current(self) -> Iterator[None]:
        """Makes this the cancellation of the calls this thread makes inside."""
        previous = getattr(_thread, "cancellation", None)
        _thread.cancellation = self
        try:
            yield
        finally:
            _thread.cancellation = previous


_thread = threading.local()


class OpenAI:
    """A client of the fine-tuning API, shaped as the official SDK's ``OpenAI``:
    ``client.fine_tuning.jobs``, ``client.files``, ``client.uploads``,
    ``client.models``, ``with_options()``, ``with_raw_response``.
    ``admin_api_key`` is the SDK's name of ``admin_key``.

    Every argument left None comes from the environment as in the C library:
    OPENAI_API_KEY, OPENAI_ADMIN_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID,
    OPENAI_BASE_URL, OPENAI_LOG. Durations are in seconds. Any number of
    threads may use it at once: each call takes one of up to ``pool_size`` C
    clients (made as needed) and waits for one when all are busy. Close it (or
    use ``with``) to free them at once.
    """

    fine_tuning: FineTuning
    files: Files
    uploads: Uploads
    models: Models
    with_raw_response: OpenAIWithRawResponse

    def __init__(
        self,
        *,
        api_key: str | None = None,
        admin_key: str | None = None,
        admin_api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        initial_retry_delay: float | None = None,
        max_retry_delay: float | None = None,
        retry_after_cap: float | None = None,
        default_headers: Mapping[str, str] | None = None,
        user_agent_suffix: str | None = None,
        ca_file: str | None = None,
        ca_path: str | None = None,
        log: LogCallback | None = None,
        log_level: int | str | None = None,
        idempotency_keys: bool = False,
        max_response_bytes: int | None = None,
        pool_size: int = DEFAULT_POOL_SIZE,
    ) -> None:
        if admin_api_key is not None:
            if admin_key is not None and admin_key != admin_api_key:
                raise InvalidArgumentError("admin_api_key and admin_key: give one of them")
            admin_key = admin_api_key
        # What with_options() copies (the C clients' options never change).
        self._kwargs: dict[str, Any] = {
            "api_key": api_key, "admin_key": admin_key, "organization": organization,
            "project": project, "base_url": base_url, "timeout": timeout,
            "connect_timeout": connect_timeout, "max_retries": max_retries,
            "initial_retry_delay": initial_retry_delay, "max_retry_delay": max_retry_delay,
            "retry_after_cap": retry_after_cap, "default_headers": default_headers,
            "user_agent_suffix": user_agent_suffix, "ca_file": ca_file, "ca_path": ca_path,
            "log": log, "log_level": log_level, "idempotency_keys": idempotency_keys,
            "max_response_bytes": max_response_bytes, "pool_size": pool_size,
        }
        self._legacy: dict[str, Any] = {}
        self.lib: Any = load_library()
        self._pool: Pool | None = None
        self._tls = threading.local()  # the callback error of this thread's call
        self._calls_lock = threading.RLock()
        self._calls: set[_Call] = set()  # the calls under way
        self._log = log
        self._open: weakref.WeakSet[Any] = weakref.WeakSet()

        if isinstance(pool_size, bool) or not isinstance(pool_size, int) or pool_size < 1:
            raise InvalidArgumentError(f"pool_size: expected an int >= 1, got {pool_size!r}")

        if max_retries is not None and (isinstance(max_retries, bool) or max_retries < 0):
            raise InvalidArgumentError(f"max_retries: expected an int >= 0, got {max_retries!r}")
        if max_response_bytes is not None and max_response_bytes <= 0:
            raise InvalidArgumentError("max_response_bytes: expected an int > 0")
        o = _ffi.ClientOptions()
        self.lib.oft_client_options_init(byref(o), _ffi.CLIENT_OPTIONS_VERSION)
        o.api_key = encode("api_key", api_key)
        o.admin_key = encode("admin_key", admin_key)
        o.organization = encode("organization", organization)
        o.project = encode("project", project)
        o.base_url = encode("base_url", base_url)
        o.timeout_ms = millis("timeout", timeout)
        o.connect_timeout_ms = millis("connect_timeout", connect_timeout)
        o.max_retries = -1 if max_retries is None else max_retries
        o.initial_retry_delay_ms = millis("initial_retry_delay", initial_retry_delay)
        o.max_retry_delay_ms = millis("max_retry_delay", max_retry_delay)
        o.retry_after_cap_ms = millis("retry_after_cap", retry_after_cap)
        o.headers, o.headers_count = kv_array("default_headers", default_headers)
        o.user_agent_suffix = encode("user_agent_suffix", user_agent_suffix)
        o.ca_file = encode("ca_file", ca_file)
        o.ca_path = encode("ca_path", ca_path)
        level = _log_level(log_level)
        o.log_level = level
        o.idempotency_keys = 1 if idempotency_keys else 0
        o.max_response_bytes = max_response_bytes or 0
        # A Python callback only when asked for: `log`, else the "openai_ft"
        # logger when a level is given; otherwise C's default (OPENAI_LOG to stderr).
        self._log_cb: Any = None
        if log is not None or log_level is not None:
            self._log_cb = _ffi.LOG_CB(_make_log_trampoline(weakref.ref(self)))
            o.log_cb = self._log_cb

        # Kept (with the strings it holds) for the pool's next C clients.
        self._options = o
        self._log_off = log_level is not None and level == 0
        self._pool = Pool(self._new_c_client(), self._new_c_client, self.lib.oft_client_free,
                          self.lib.oft_client_interrupt, self.lib.oft_client_interrupt_clear,
                          pool_size)

        from .resources.files import Files
        from .resources.fine_tuning import FineTuning
        from .resources.models import Models
        from .resources.raw import OpenAIWithRawResponse
        from .resources.uploads import Uploads

        self.fine_tuning = FineTuning(self)
        self.files = Files(self)
        self.uploads = Uploads(self)
        self.models = Models(self)
        self.with_raw_response = OpenAIWithRawResponse(self)

    # ---- options: with_options(), and the clients of per-call options ----

    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        **options: Any,
    ) -> OpenAI:
        """A new client with these options changed, the others as this one's
        (the SDK's ``with_options``/``copy``). default_headers are added to this
        client's. Close it when done, or let it be collected."""
        opts = dict(self._kwargs)
        given = {"timeout": timeout, "max_retries": max_retries, "base_url": base_url,
                 "api_key": api_key, **options}
        opts.update({k: v for k, v in given.items() if v is not None})
        if default_headers:
            opts["default_headers"] = {**(self._kwargs["default_headers"] or {}),
                                       **default_headers}
        return OpenAI(**opts)

    copy = with_options

    def _call_options(
        self,
        timeout: float | None,
        max_retries: int | None,
        headers: Mapping[str, str] | None,
        query: Mapping[str, object] | None,
        body: Mapping[str, object] | None = None,
    ) -> _ffi.CallOptions | None:
        """The C call options for these per-call options, or None when none is given."""
        if timeout is None and max_retries is None and not headers and not query and not body:
            return None
        o = _ffi.CallOptions()
        self.lib.oft_call_options_init(byref(o), _ffi.CALL_OPTIONS_VERSION)
        o.timeout_ms = millis("timeout", timeout)
        if max_retries is not None:
            if isinstance(max_retries, bool) or max_retries < 0:
                raise InvalidArgumentError(f"max_retries: expected an int >= 0, got {max_retries!r}")
            o.max_retries = max_retries
        o.headers, o.headers_count = kv_array("extra_headers", headers)
        o.query, o.query_count = kv_array(
            "extra_query", {k: _query_value(v) for k, v in (query or {}).items()})
        if body:
            try:
                o.extra_body_json = json.dumps(dict(body), allow_nan=False).encode()
            except (TypeError, ValueError) as e:
                raise InvalidArgumentError(f"extra_body: not encodable as JSON ({e})") from None
        return o

    def _pending_call_options(self) -> _ffi.CallOptions | None:
        """The per-call options the next call of this thread on this client takes."""
        pending = getattr(_pending, "opts", None)
        return pending[1] if pending is not None and pending[0] is self else None

    @contextmanager
    def _with_call_options(self, opts: _ffi.CallOptions | None) -> Iterator[OpenAI]:
        """The calls this thread makes on this client inside take opts (the
        first _calling() takes them: a callback's own calls do not)."""
        prev = getattr(_pending, "opts", None)
        _pending.opts = (self, opts) if opts is not None else None
        try:
            yield self
        finally:
            _pending.opts = prev

    def _response_headers(self, ptr: int) -> tuple[int | None, Headers]:
        """The status and headers of the last response of the call that just
        ended on ptr (none when it received none)."""
        raw: bytes | None = self.lib.oft_client_response_headers(ptr)
        return parse_header_block(None if raw is None else raw.decode("latin-1"))

    # ---- the names of the first release (deprecated) ----

    def _legacy_resource(self, name: str) -> Any:
        """The first release's resource, made (and the warning given) on its
        first use on this client: a loop over client.jobs.retrieve pays nothing more."""
        resource = self._legacy.get(name)
        if resource is None:
            warnings.warn(
                f"client.{name} is deprecated: use client.fine_tuning."
                + {"jobs": "jobs", "permissions": "checkpoints.permissions",
                   "graders": "alpha.graders"}[name],
                DeprecationWarning, stacklevel=3,
            )
            from . import _legacy

            resource = self._legacy[name] = getattr(_legacy, name.capitalize())(self)
        return resource

    @property
    def jobs(self) -> LegacyJobs:
        """Deprecated: client.fine_tuning.jobs."""
        r: LegacyJobs = self._legacy_resource("jobs")
        return r

    @property
    def permissions(self) -> LegacyPermissions:
        """Deprecated: client.fine_tuning.checkpoints.permissions."""
        r: LegacyPermissions = self._legacy_resource("permissions")
        return r

    @property
    def graders(self) -> LegacyGraders:
        """Deprecated: client.fine_tuning.alpha.graders."""
        r: LegacyGraders = self._legacy_resource("graders")
        return r

    def _new_c_client(self) -> int:
        out = c_void_p()
        rc = self.lib.oft_client_new(byref(out), byref(self._options))
        if rc != _ffi.OK:
            raise self._refused(rc)
        ptr = out.value
        assert ptr is not None
        if self._log_off:  # an explicit "off", not the environment's
            self.lib.oft_client_set_log(ptr, 0, self._log_cb, None)
        return ptr

    def _refused(self, rc: int) -> OpenAIFTError:
        """The error for options oft_client_new refused: with no client to ask,
        its reason is this thread's oft_error_last()."""
        raw: bytes | None = self.lib.oft_error_message(self.lib.oft_error_last())
        reason = (raw or b"").decode("utf-8", "replace") or self.lib.oft_status_str(rc).decode()
        cls = InvalidArgumentError if rc == _ffi.EINVAL else OpenAIFTError
        return cls(reason, oft_status=rc)

    # ---- life ----

    def close(self) -> None:
        """Frees the C clients (and the iterators still open on it). Idempotent.
        A call under way on another thread ends as it would; its C client is
        freed then, and later calls raise."""
        for it in list(self._open):
            stop = getattr(it, "_client_closed", None)
            (stop or it.close)()
        if self._pool is not None:
            self._pool.close()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None and not pool.closed:
            # Iterators first, as close() does (only a cycle collected at once
            # can leave one open: an open iterator keeps its client alive).
            for it in list(self._open):
                it.close()
            pool.close()

    @property
    def closed(self) -> bool:
        return self._pool is None or self._pool.closed

    @property
    def pool_size(self) -> int:
        """The most C clients this Client holds (calls it runs at once)."""
        return self._pool.size if self._pool is not None else 0

    @property
    def base_url(self) -> str:
        """The base URL in use (no trailing slash)."""
        with self._calling() as call:
            raw: bytes = self.lib.oft_client_base_url(call.ptr)
            return raw.decode()

    def interrupt(self) -> None:
        """Stops the calls under way on this client, on every thread (each
        raises APIUserAbortError). Safe from any thread. Made while no call
        runs, it does nothing: no interrupt is left pending to stop a later,
        unrelated call (the pool drops any as a C client is given back).
        """
        with self._calls_lock:
            calls = list(self._calls)
            for call in calls:
                call.interrupt()
            if not calls and self._pool is not None:
                self._pool.interrupt()

    # ---- the calling machinery (used by _resources and _pager) ----

    @property
    def _callback_error(self) -> BaseException | None:
        """The first exception a callback of this thread's call raised."""
        err: BaseException | None = getattr(self._tls, "error", None)
        return err

    @_callback_error.setter
    def _callback_error(self, err: BaseException | None) -> None:
        self._tls.error = err

    @contextmanager
    def _calling(self, want: int | None = None) -> Iterator[_Call]:
        """One call on a C client of the pool (on `want`, the one a C iterator
        was made with, when given). A Ctrl-C in the main thread is only noted
        from before the pool is touched to after the C client is back in it
        (see _interrupt), and raised as the call ends."""
        pool = self._pool
        if pool is None:
            raise OpenAIFTError("the Client is closed")
        call = _Call(self)
        with sigint_interrupts(call):
            ptr = pool.acquire(want, stop=deliver_pending if in_main_call() else None)
            try:
                call.attach(ptr)
                with self._calling_on(call) as c:
                    yield c
            finally:
                with self._calls_lock:
                    call.ended = True  # also when _calling_on did not start
                pool.release(ptr)  # dropping an interrupt that came too late

    @contextmanager
    def _calling_on(self, call: _Call) -> Iterator[_Call]:
        """The call on its C client: its cancellation, its per-call options,
        the raw response's headers, its callbacks' error."""
        ptr = call.ptr
        cancellation: Cancellation | None = getattr(_thread, "cancellation", None)
        if cancellation is not None:
            with cancellation.lock:
                if cancellation.cancelled:
                    raise APIUserAbortError("the task was cancelled",
                                            oft_status=_ffi.EINTERRUPTED)
                cancellation.calls.append(call)
        with self._calls_lock:
            self._calls.add(call)
        outer_error = self._callback_error  # a callback's own call nests in its call
        self._callback_error = None
        pending = getattr(_pending, "opts", None)
        opts = pending[1] if pending is not None and pending[0] is self else None
        try:
            if opts is not None:
                _pending.opts = None  # taken: a callback's calls do not get them
                rc = self.lib.oft_client_set_call_options(ptr, byref(opts))
                if rc != _ffi.OK:
                    raise from_last_error(self.lib, ptr, rc)
            yield call
            capture = raw_capture()
            if capture is not None:  # with_raw_response: read before the next call
                capture.append(self._response_headers(ptr))
        finally:
            if opts is not None:  # the pool's C client goes back without them
                self.lib.oft_client_set_call_options(ptr, None)
            with self._calls_lock:
                call.ended = True  # no interrupt reaches the C client from here on
                self._calls.discard(call)
            if cancellation is not None:
                with cancellation.lock:
                    cancellation.calls.remove(call)
            self._callback_error = outer_error

    def _callback(self, fn: Callable[..., object]) -> Callable[..., int]:
        """Wraps a Python callback for C: an exception stops the operation
        (non-zero) and is raised by the call once C returns."""

        def run(*args: Any) -> int:
            try:
                with user_callback():
                    fn(*args)
                return 0
            except BaseException as e:  # KeyboardInterrupt too: raised after the call
                if self._callback_error is None:
                    self._callback_error = e
                return 1

        return run


#: The first release's name of OpenAI. ``openai_ft.Client`` warns
#: (DeprecationWarning, from the package's __getattr__); this alias does not,
#: for the modules of the package that name the class.
Client = OpenAI


def _log_level(level: int | str | None) -> int:
    if level is None:
        return 0  # from OPENAI_LOG / OFT_LOG_LEVEL, else off
    if isinstance(level, str):
        if level.lower() not in LOG_LEVELS:
            raise InvalidArgumentError(f"log_level: expected one of {sorted(LOG_LEVELS)}")
        return LOG_LEVELS[level.lower()]
    if isinstance(level, bool) or not 0 <= level <= 4:
        raise InvalidArgumentError(f"log_level: expected 0..4, got {level!r}")
    return level


def _make_log_trampoline(ref: weakref.ref[OpenAI]) -> Callable[[int, bytes | None, Any], None]:
    """The C log callback: to the user's `log`, else to the "openai_ft" logger.
    While oft_client_new runs (no handle yet), lines are dropped: a failure's
    reason is read with oft_error_last()."""

    def on_log(level: int, message: bytes | None, payload: Any) -> None:
        client = ref()
        if client is None:
            return
        text = (message or b"").decode("utf-8", "replace")
        if client._pool is None:  # oft_client_new of the first C client
            return
        try:
            with user_callback():
                if client._log is None:
                    import logging  # only for clients that log there

                    logging.getLogger("openai_ft").log(_PY_LEVELS.get(level, 10), "%s", text)
                else:
                    client._log(level, text)
        except BaseException as e:
            if client._callback_error is None:
                client._callback_error = e

    return on_log
