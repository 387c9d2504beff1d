"""client.fine_tuning: jobs, checkpoints (permissions), alpha (graders)."""

from __future__ import annotations

from ..._protocols import ClientProtocol
from .alpha import Alpha, AlphaWithRawResponse
from .checkpoints import Checkpoints, CheckpointsWithRawResponse
from .jobs import Jobs, JobsWithRawResponse


class FineTuning:
    def __init__(self, client: ClientProtocol) -> None:
        self._client = client  # a namespace of the client (AsyncClient mirrors it)
        self.jobs = Jobs(client)
        self.checkpoints = Checkpoints(client)
        self.alpha = Alpha(client)

    @property
    def with_raw_response(self) -> FineTuningWithRawResponse:
        return FineTuningWithRawResponse(self)


class FineTuningWithRawResponse:
    def __init__(self, r: FineTuning) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.jobs = JobsWithRawResponse(r.jobs)
        self.checkpoints = CheckpointsWithRawResponse(r.checkpoints.permissions)
        self.alpha = AlphaWithRawResponse(r.alpha.graders)
