"""``with_raw_response``: each resource's methods returning an APIResponse
(``.headers``, ``.status_code``, ``.request_id``, ``.parse()``) instead of the
object alone, as the SDK's do. Reached as ``client.with_raw_response.files...``
or ``client.files.with_raw_response...``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import to_raw_response_wrapper as _raw

if TYPE_CHECKING:
    from .._client import OpenAI
    from .files import Files
    from .fine_tuning.fine_tuning import FineTuning
    from .fine_tuning.graders import Graders
    from .fine_tuning.job_checkpoints import JobCheckpoints
    from .fine_tuning.jobs import Jobs
    from .fine_tuning.permissions import Permissions
    from .models import Models
    from .uploads import Parts, Uploads


class JobCheckpointsWithRawResponse:
    def __init__(self, r: JobCheckpoints) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.list = _raw(r.list)


class JobsWithRawResponse:
    def __init__(self, r: Jobs) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.cancel = _raw(r.cancel)
        self.pause = _raw(r.pause)
        self.resume = _raw(r.resume)
        self.list_events = _raw(r.list_events)
        self.checkpoints = JobCheckpointsWithRawResponse(r.checkpoints)


class PermissionsWithRawResponse:
    def __init__(self, r: Permissions) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.delete = _raw(r.delete)


class CheckpointsWithRawResponse:
    def __init__(self, permissions: Permissions) -> None:
        self._client = permissions._client  # AsyncClient mirrors what holds the client
        self.permissions = PermissionsWithRawResponse(permissions)


class GradersWithRawResponse:
    def __init__(self, r: Graders) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.run = _raw(r.run)
        self.validate = _raw(r.validate)


class AlphaWithRawResponse:
    def __init__(self, graders: Graders) -> None:
        self._client = graders._client  # AsyncClient mirrors what holds the client
        self.graders = GradersWithRawResponse(graders)


class FineTuningWithRawResponse:
    def __init__(self, r: FineTuning) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.jobs = JobsWithRawResponse(r.jobs)
        self.checkpoints = CheckpointsWithRawResponse(r.checkpoints.permissions)
        self.alpha = AlphaWithRawResponse(r.alpha.graders)


class FilesWithRawResponse:
    def __init__(self, r: Files) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.delete = _raw(r.delete)
        self.content = _raw(r.content)


class PartsWithRawResponse:
    def __init__(self, r: Parts) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)


class UploadsWithRawResponse:
    def __init__(self, r: Uploads) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.complete = _raw(r.complete)
        self.cancel = _raw(r.cancel)
        self.parts = PartsWithRawResponse(r.parts)


class ModelsWithRawResponse:
    def __init__(self, r: Models) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.delete = _raw(r.delete)


class OpenAIWithRawResponse:
    """``client.with_raw_response``: the whole tree, raw."""

    def __init__(self, client: OpenAI) -> None:
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
