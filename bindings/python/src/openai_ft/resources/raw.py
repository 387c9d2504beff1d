"""``with_raw_response``: each resource's methods returning an APIResponse
(``.headers``, ``.status_code``, ``.request_id``, ``.parse()``) instead of the
object alone, as the SDK's do. Reached as ``client.with_raw_response.files...``
or ``client.files.with_raw_response...``.

Each resource's WithRawResponse class lives in the resource's own module (as
in the official SDK), which builds it; this module only assembles the client's
whole raw tree from them (and names them all, as it always has)."""

from __future__ import annotations

from typing import Protocol

from .files import Files, FilesWithRawResponse
from .fine_tuning.alpha import AlphaWithRawResponse
from .fine_tuning.checkpoints import CheckpointsWithRawResponse
from .fine_tuning.fine_tuning import FineTuning, FineTuningWithRawResponse
from .fine_tuning.graders import GradersWithRawResponse
from .fine_tuning.job_checkpoints import JobCheckpointsWithRawResponse
from .fine_tuning.jobs import JobsWithRawResponse
from .fine_tuning.permissions import PermissionsWithRawResponse
from .models import Models, ModelsWithRawResponse
from .uploads import PartsWithRawResponse, Uploads, UploadsWithRawResponse


class ResourceTree(Protocol):
    """What OpenAIWithRawResponse reads of its client: the resource tree."""

    @property
    def fine_tuning(self) -> FineTuning: ...

    @property
    def files(self) -> Files: ...

    @property
    def uploads(self) -> Uploads: ...

    @property
    def models(self) -> Models: ...


class OpenAIWithRawResponse:
    """``client.with_raw_response``: the whole tree, raw."""

    def __init__(self, client: ResourceTree) -> None:
        self._client = client

    @property
    def fine_tuning(self) -> FineTuningWithRawResponse:
        return FineTuningWithRawResponse(self._client.fine_tuning)

    @property
    def files(self) -> FilesWithRawResponse:
        return FilesWithRawResponse(self._client.files)

    @property
    def uploads(self) -> UploadsWithRawResponse:
        return UploadsWithRawResponse(self._client.uploads)

    @property
    def models(self) -> ModelsWithRawResponse:
        return ModelsWithRawResponse(self._client.models)


__all__ = [
    "AlphaWithRawResponse", "CheckpointsWithRawResponse", "FilesWithRawResponse",
    "FineTuningWithRawResponse", "GradersWithRawResponse", "JobCheckpointsWithRawResponse",
    "JobsWithRawResponse", "ModelsWithRawResponse", "OpenAIWithRawResponse",
    "PartsWithRawResponse", "PermissionsWithRawResponse", "UploadsWithRawResponse",
]
