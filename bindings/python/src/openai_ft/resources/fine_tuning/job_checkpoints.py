"""client.fine_tuning.jobs.checkpoints: a job's checkpoints."""

from __future__ import annotations

from ctypes import byref
from typing import Any

from ... import _convert, _ffi
from ... import _types as t
from ..._convert import encode
from ..._legacy import _id, _limit
from ..._page import SyncCursorPage
from .._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource, cursor_page
from .._base import to_raw_response_wrapper as _raw


class JobCheckpoints(SyncAPIResource):
    @property
    def with_raw_response(self) -> JobCheckpointsWithRawResponse:
        return JobCheckpointsWithRawResponse(self)

    def list(
        self,
        fine_tuning_job_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> SyncCursorPage[t.Checkpoint]:
        """The first page of a job's checkpoints, newest first; iterate it for all."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            jid = _id("fine_tuning_job_id", fine_tuning_job_id)
            lim = _limit(limit)
            lib = client.lib

            def args(cursor: str | None) -> tuple[Any, ...]:
                o = _ffi.CheckpointListOptions(
                    _ffi.CHECKPOINT_LIST_OPTIONS_VERSION, encode("after", cursor), lim)
                return (jid, byref(o))

            return cursor_page(
                client, lib.oft_checkpoint_list, _ffi.CheckpointPage, lib.oft_checkpoint_page_free,
                _convert.checkpoint, args, after,
            )


class JobCheckpointsWithRawResponse:
    def __init__(self, r: JobCheckpoints) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.list = _raw(r.list)
