"""validate(): the library's local check of fine-tuning training data (JSONL)."""

from __future__ import annotations

import os
from ctypes import POINTER, byref
from typing import Any, Literal

from . import _convert, _ffi
from . import _types as t
from ._convert import encode, path_bytes
from ._errors import InvalidArgumentError, LocalFileError, OpenAIFTError
from ._lib import load_library

Format = Literal["auto", "chat", "completion", "dpo", "reinforcement"]
_FORMATS = {"auto": 0, "chat": 1, "completion": 2, "dpo": 3, "reinforcement": 4}


def _count(name: str, value: int | None) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidArgumentError(f"{name}: expected an int > 0, got {value!r}")
    return value


def validate(
    data: str | os.PathLike[str] | bytes,
    *,
    format: Format = "auto",
    model: str | None = None,
    max_errors: int | None = None,
    max_warnings: int | None = None,
    stop_at_first: bool = False,
    max_line_bytes: int | None = None,
) -> t.ValidationReport:
    """Checks training data line by line, offline: a path, or the bytes themselves.

    Returns the report (``ok`` is False when an error was found); raises
    LocalFileError when the file cannot be read. ``model`` sets the context
    limit of the token estimate. The GIL is released while it runs.
    """
    if format not in _FORMATS:
        raise InvalidArgumentError(f"format: expected one of {sorted(_FORMATS)}")
    lib: Any = load_library()
    o = _ffi.JsonlOptions()
    lib.oft_jsonl_options_init(byref(o), _ffi.JSONL_OPTIONS_VERSION)
    o.format = _FORMATS[format]
    o.model = encode("model", model)
    o.max_errors = _count("max_errors", max_errors)
    o.max_warnings = _count("max_warnings", max_warnings)
    o.stop_at_first = 1 if stop_at_first else 0
    o.max_line_bytes = _count("max_line_bytes", max_line_bytes)
    out = POINTER(_ffi.JsonlReport)()
    try:
        if isinstance(data, bytes):
            rc = lib.oft_jsonl_validate_buffer(byref(out), data, len(data), byref(o))
        else:
            rc = lib.oft_jsonl_validate_path(byref(out), path_bytes("path", data), byref(o))
        report = (
            _convert.report(out.contents, lib.oft_jsonl_code_str, lib.oft_jsonl_format_str)
            if out
            else None
        )
    finally:
        lib.oft_jsonl_report_free(out)
    if rc == _ffi.EIO and report is not None and report.problems:
        raise LocalFileError(report.problems[-1].message, oft_status=rc)
    if rc == _ffi.EINVAL:
        raise InvalidArgumentError("validate: an option was refused", oft_status=rc)
    if rc != _ffi.OK or report is None:
        raise OpenAIFTError(f"validate: {lib.oft_status_str(rc).decode()}", oft_status=rc)
    return report
