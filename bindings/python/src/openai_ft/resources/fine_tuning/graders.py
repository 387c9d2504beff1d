"""client.fine_tuning.alpha.graders: check a grader, or run it on one sample,
before paying for a reinforcement job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ... import _types as t
from ..._legacy import Graders as _Graders
from .._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource

if TYPE_CHECKING:
    from ..raw import GradersWithRawResponse


class Graders(SyncAPIResource):
    @property
    def with_raw_response(self) -> GradersWithRawResponse:
        from ..raw import GradersWithRawResponse

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
