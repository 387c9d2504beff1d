"""client.fine_tuning: jobs, checkpoints (permissions), alpha (graders)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .alpha import Alpha
from .checkpoints import Checkpoints
from .jobs import Jobs

if TYPE_CHECKING:
    from ..._client import OpenAI
    from ..raw import FineTuningWithRawResponse


class FineTuning:
    def __init__(self, client: OpenAI) -> None:
        self._client = client  # a namespace of the client (AsyncClient mirrors it)
        self.jobs = Jobs(client)
        self.checkpoints = Checkpoints(client)
        self.alpha = Alpha(client)

    @property
    def with_raw_response(self) -> FineTuningWithRawResponse:
        from ..raw import FineTuningWithRawResponse

        return FineTuningWithRawResponse(self)
