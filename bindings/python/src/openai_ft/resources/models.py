"""client.models: retrieve, list, delete."""

from __future__ import annotations

from .. import _types as t
from .._legacy import Models as _Models
from .._page import SyncPage
from ._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource
from ._base import to_raw_response_wrapper as _raw


class Models(SyncAPIResource):
    @property
    def with_raw_response(self) -> ModelsWithRawResponse:
        return ModelsWithRawResponse(self)

    def retrieve(
        self,
        model: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Model:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _Models(client).retrieve(model)

    def list(
        self,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> SyncPage[t.Model]:
        """Every model the key can use (the API does not page them)."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return SyncPage(_Models(client).list())

    def delete(
        self,
        model: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Deleted:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _Models(client).delete(model)


class ModelsWithRawResponse:
    def __init__(self, r: Models) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.delete = _raw(r.delete)
