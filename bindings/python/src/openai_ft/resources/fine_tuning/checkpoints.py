"""client.fine_tuning.checkpoints: a checkpoint's permissions."""

from __future__ import annotations

from ..._protocols import ClientProtocol
from .permissions import Permissions, PermissionsWithRawResponse


class Checkpoints:
    def __init__(self, client: ClientProtocol) -> None:
        self._client = client  # a namespace of the client (AsyncClient mirrors it)
        self.permissions = Permissions(client)


class CheckpointsWithRawResponse:
    def __init__(self, permissions: Permissions) -> None:
        self._client = permissions._client  # AsyncClient mirrors what holds the client
        self.permissions = PermissionsWithRawResponse(permissions)
