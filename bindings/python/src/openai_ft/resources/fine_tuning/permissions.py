"""client.fine_tuning.checkpoints.permissions: who may use a checkpoint
(these calls use the client's admin key)."""

from __future__ import annotations

from collections.abc import Sequence
from ctypes import byref
from typing import Any, Literal

from ... import _convert, _ffi
from ... import _types as t
from ..._convert import encode
from ..._legacy import _PERMISSION_ORDERS, _id, _limit
from ..._legacy import Permissions as _Permissions
from ..._errors import InvalidArgumentError
from ..._page import SyncCursorPage, SyncPage
from .._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource, cursor_page
from .._base import to_raw_response_wrapper as _raw


class Permissions(SyncAPIResource):
    @property
    def with_raw_response(self) -> PermissionsWithRawResponse:
        return PermissionsWithRawResponse(self)

    def create(
        self,
        fine_tuned_model_checkpoint: str,
        *,
        project_ids: Sequence[str],
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> SyncPage[t.Permission]:
        """Grants the projects access to the checkpoint; the permissions made."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return SyncPage(_Permissions(client).create(fine_tuned_model_checkpoint, project_ids))

    def retrieve(
        self,
        fine_tuned_model_checkpoint: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: Literal["ascending", "descending"] | None = None,
        project_id: str | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> SyncCursorPage[t.Permission]:
        """The first page of the checkpoint's permissions (``data``,
        ``has_more``, ``first_id``, ``last_id``); iterate it for all of them."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            if order not in _PERMISSION_ORDERS:
                raise InvalidArgumentError('order: expected "ascending", "descending" or None')
            ckpt = _id("fine_tuned_model_checkpoint", fine_tuned_model_checkpoint)
            lim = _limit(limit)
            pid = encode("project_id", project_id)
            lib = client.lib

            def args(cursor: str | None) -> tuple[Any, ...]:
                o = _ffi.PermissionListOptions(
                    _ffi.PERMISSION_LIST_OPTIONS_VERSION, pid, encode("after", cursor), lim,
                    _PERMISSION_ORDERS[order],
                )
                return (ckpt, byref(o))

            return cursor_page(
                client, lib.oft_checkpoint_permission_list, _ffi.PermissionPage,
                lib.oft_checkpoint_permission_page_free, _convert.permission, args, after,
            )

    list = retrieve  # the SDK's newer name for the paged list

    def delete(
        self,
        permission_id: str,
        *,
        fine_tuned_model_checkpoint: str,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Deleted:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _Permissions(client).delete(fine_tuned_model_checkpoint, permission_id)


class PermissionsWithRawResponse:
    def __init__(self, r: Permissions) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.delete = _raw(r.delete)
