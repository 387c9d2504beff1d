"""client.fine_tuning.alpha.graders: check a grader, or run it on one sample,
before paying for a reinforcement job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import _types as t
from ..._legacy import Graders as _Graders
from .._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource
from .._base import to_raw_response_wrapper as _raw


class Graders(SyncAPIResource):
    @property
    def with_raw_response(self) -> GradersWithRawResponse:
        return GradersWithRawResponse(self)

    def run(
        self,
        *,
        grader: Mapping[str, Any],
        model_sample: str,
        item: Mapping[str, Any] | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.GraderRunResult:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _Graders(client).run(grader=grader, model_sample=model_sample, item=item)

    def validate(
        self,
        *,
        grader: Mapping[str, Any],
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.GraderValidation:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _Graders(client).validate(grader=grader)


class GradersWithRawResponse:
    def __init__(self, r: Graders) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.run = _raw(r.run)
        self.validate = _raw(r.validate)
