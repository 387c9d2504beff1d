"""The seam between the package and the library's delete results.

Issue 8 replaces the three delete results of the C API (files, models,
checkpoint permissions) with one ``oft_deleted``, freed by ``oft_deleted_free``.
The layout is the same, so only the free function differs; this is the one
place that knows it. Once every supported library has ``oft_deleted_free``,
``_LEGACY_FREE`` goes.
"""

from __future__ import annotations

from typing import Any, Literal

DeleteKind = Literal["file", "model", "permission"]

_LEGACY_FREE: dict[str, str] = {
    "file": "oft_file_delete_result_free",
    "model": "oft_model_delete_result_free",
    "permission": "oft_checkpoint_permission_deleted_free",
}


def free_function_names(lib: Any) -> dict[str, str]:
    """The name of the function that frees each kind's delete result in lib."""
    if hasattr(lib, "oft_deleted_free"):
        return {kind: "oft_deleted_free" for kind in _LEGACY_FREE}
    return dict(_LEGACY_FREE)
