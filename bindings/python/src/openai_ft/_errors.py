"""Exceptions, named after the official openai SDK's where they mean the same.

    OpenAIFTError
     +-- APIError                      status_code, type, code, param, request_id, ...
     |    +-- APIStatusError           an HTTP error status
     |    |    +-- BadRequestError            400
     |    |    +-- AuthenticationError        401
     |    |    +-- PermissionDeniedError      403
     |    |    +-- NotFoundError              404
     |    |    +-- ConflictError              409
     |    |    +-- UnprocessableEntityError   422
     |    |    +-- RateLimitError             429
     |    |    +-- InternalServerError        >= 500
     |    +-- APIConnectionError       no response (DNS, connect, TLS, reset)
     |    |    +-- APITimeoutError     the request timed out
     |    +-- APIResponseValidationError  a 2xx body that is not what the API sends
     |    +-- APIUserAbortError        Client.interrupt() stopped the call
     +-- (BadRequestError) InvalidArgumentError (ValueError): refused before
     |                                       anything was sent; status_code 400
     +-- LocalFileError (OSError)            a local file could not be read or written
     +-- JobFailedError                      wait(): the job failed or was cancelled
     +-- WaitTimeoutError (TimeoutError)     wait(): the deadline passed
     +-- ConcurrentUseError (RuntimeError)   a callback calling its Client, every C client busy
     +-- LibraryNotFoundError (OSError)      libopenai_ft could not be loaded
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import _ffi
from ._response import Headers, Response

if TYPE_CHECKING:
    from ._types import Job


class OpenAIFTError(Exception):
    """Base of every error this package raises. ``oft_status`` is the C status code."""

    def __init__(self, message: str, *, oft_status: int = _ffi.ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.oft_status = oft_status


class APIError(OpenAIFTError):
    """A failed API call, with what the server (or the transport) said."""

    def __init__(
        self,
        message: str,
        *,
        oft_status: int = _ffi.ERROR,
        status_code: int | None = None,
        type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        body: object | None = None,
        curl_code: int = 0,
        headers: Headers | None = None,
    ) -> None:
        super().__init__(message, oft_status=oft_status)
        self.status_code = status_code
        self.type = type
        self.code = code
        self.param = param
        self.request_id = request_id
        #: The server's Retry-After in seconds, or None.
        self.retry_after = retry_after
        #: The error object of the body (parsed), else the whole body, else None.
        self.body = body
        self.curl_code = curl_code
        #: The response's headers (case-insensitive names); empty without a response.
        self.headers = headers if headers is not None else Headers()
        #: The HTTP response (status_code, headers), None when none arrived.
        self.response: Response | None = (
            Response(status_code, self.headers) if status_code is not None else None
        )


class APIStatusError(APIError):
    """The server answered with an error status (``status_code``)."""

    status_code: int


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class APIConnectionError(APIError):
    pass


class APITimeoutError(APIConnectionError):
    pass


class APIResponseValidationError(APIError):
    pass


class APIUserAbortError(APIError):
    pass


class InvalidArgumentError(BadRequestError, ValueError):
    """An argument refused before anything was sent. It is a BadRequestError
    (``status_code`` 400, no request id, no response) so that code written
    for the SDK's 400 catches it, and a ValueError."""

    def __init__(self, message: str, *, oft_status: int = _ffi.EINVAL, **fields: Any) -> None:
        fields.setdefault("status_code", 400)
        super().__init__(message, oft_status=oft_status, **fields)
        self.response = None


class LocalFileError(OpenAIFTError, OSError):
    pass


class JobFailedError(OpenAIFTError):
    """wait(): the job ended failed or cancelled; ``job`` is its last state."""

    def __init__(self, message: str, job: Job) -> None:
        super().__init__(message, oft_status=_ffi.EJOBFAILED)
        self.job = job


class WaitTimeoutError(OpenAIFTError, TimeoutError):
    """wait(): the deadline passed; ``job`` is the last state seen, or None."""

    def __init__(self, message: str, job: Job | None) -> None:
        super().__init__(message, oft_status=_ffi.ETIMEOUT)
        self.job = job


class ConcurrentUseError(OpenAIFTError, RuntimeError):
    pass


class LibraryNotFoundError(OpenAIFTError, OSError):
    pass


_BY_HTTP_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

_HTTP_CODES = {
    _ffi.EAUTH,
    _ffi.EPERM,
    _ffi.ENOTFOUND,
    _ffi.ECONFLICT,
    _ffi.ERATELIMIT,
    _ffi.ESERVER,
    _ffi.EAPI,
}


def status_error_class(http_status: int) -> type[APIStatusError]:
    """The APIStatusError subclass the SDK raises for this HTTP status."""
    if http_status >= 500:
        return InternalServerError
    return _BY_HTTP_STATUS.get(http_status, APIStatusError)


def _parse_body(raw: str | None) -> object | None:
    if raw is None:
        return None
    try:
        parsed: object = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(parsed, dict):
        inner: object = parsed.get("error")
        if isinstance(inner, dict):
            return inner
    return parsed


def _s(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", "replace")


def from_last_error(
    lib: Any, client: int, rc: int, headers: Headers | None = None
) -> OpenAIFTError:
    """The exception for status rc, read from the client's last error;
    headers: those of the response that failed, when known."""
    err = lib.oft_client_last_error(client)
    message = _s(lib.oft_error_message(err)) or _s(lib.oft_status_str(rc)) or str(rc)
    if rc == _ffi.EINVAL:
        return InvalidArgumentError(message, oft_status=rc)
    if rc == _ffi.EIO:
        return LocalFileError(message, oft_status=rc)
    if rc == _ffi.ENOMEM:
        return OpenAIFTError(f"out of memory: {message}", oft_status=rc)
    http_status = lib.oft_error_http_status(err)
    retry_ms = lib.oft_error_retry_after_ms(err)
    request_id = _s(lib.oft_error_request_id(err))
    if not headers and http_status:
        headers = Headers({"x-request-id": request_id} if request_id else None)
    fields: dict[str, Any] = {
        "oft_status": rc,
        "status_code": http_status or None,
        "type": _s(lib.oft_error_type(err)),
        "code": _s(lib.oft_error_code(err)),
        "param": _s(lib.oft_error_param(err)),
        "request_id": request_id,
        "retry_after": None if retry_ms < 0 else retry_ms / 1000.0,
        "body": _parse_body(_s(lib.oft_error_body(err))),
        "curl_code": lib.oft_error_curl_code(err),
        "headers": headers if http_status else None,
    }
    cls: type[APIError]
    if rc in _HTTP_CODES and http_status:
        cls = status_error_class(http_status)
    elif rc == _ffi.ETIMEOUT:
        cls = APITimeoutError
    elif rc == _ffi.ENETWORK:
        cls = APIConnectionError
    elif rc == _ffi.EPARSE:
        cls = APIResponseValidationError
    elif rc in (_ffi.EINTERRUPTED, _ffi.EUSER):
        cls = APIUserAbortError
    else:
        return OpenAIFTError(message, oft_status=rc)
    return cls(message, **fields)
