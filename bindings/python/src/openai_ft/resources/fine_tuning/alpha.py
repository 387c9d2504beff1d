"""client.fine_tuning.alpha: the API's alpha calls (graders)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .graders import Graders

if TYPE_CHECKING:
    from ..._client import OpenAI


class Alpha:
    def __init__(self, client: OpenAI) -> None:
        self._client = client  # a namespace of the client (AsyncClient mirrors it)
        self.graders = Graders(client)
