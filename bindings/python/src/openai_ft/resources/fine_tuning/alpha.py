"""client.fine_tuning.alpha: the API's alpha calls (graders)."""

from __future__ import annotations

from ..._protocols import ClientProtocol
from .graders import Graders, GradersWithRawResponse


class Alpha:
    def __init__(self, client: ClientProtocol) -> None:
        self._client = client  # a namespace of the client (AsyncClient mirrors it)
        self.graders = Graders(client)


class AlphaWithRawResponse:
    def __init__(self, graders: Graders) -> None:
        self._client = graders._client  # AsyncClient mirrors what holds the client
        self.graders = GradersWithRawResponse(graders)
