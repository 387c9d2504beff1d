"""client.fine_tuning.checkpoints: a checkpoint's permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .permissions import Permissions

if TYPE_CHECKING:
    from ..._client import OpenAI


class Checkpoints:
    def __init__(self, client: OpenAI) -> None:
        self._client = client  # a namespace of the client (AsyncClient mirrors it)
        self.permissions = Permissions(client)
