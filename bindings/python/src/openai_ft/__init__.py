"""openai_ft: the OpenAI fine-tuning API through libopenai_ft (ctypes), in
the official SDK's shape.

    from pathlib import Path
    from openai_ft import OpenAI
    import openai_ft

    client = OpenAI()                             # OPENAI_API_KEY, OPENAI_BASE_URL...
    report = openai_ft.validate("train.jsonl")    # ours: offline
    f = client.files.create(file=Path("train.jsonl"), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id)
    job = client.fine_tuning.jobs.wait(job.id, on_progress=lambda j, e: e and print(e.message))
    print(job.fine_tuned_model)
"""

import warnings
from typing import TYPE_CHECKING, Any

from ._client import OpenAI
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    APIUserAbortError,
    AuthenticationError,
    BadRequestError,
    ConcurrentUseError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    JobFailedError,
    LibraryNotFoundError,
    LocalFileError,
    NotFoundError,
    OpenAIFTError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    WaitTimeoutError,
)
from ._lib import load_library
from ._async_pages import AsyncCursorPage, AsyncPage, AsyncPaginator
from ._metrics import StepMetrics
from ._page import SyncCursorPage, SyncPage
from ._pager import Pager
from ._response import APIResponse, Headers, Response
from ._types import (
    AUTO,
    JOB_STATUSES,
    TERMINAL_STATUSES,
    Checkpoint,
    CheckpointMetrics,
    Deleted,
    Event,
    EventData,
    EventLevel,
    EventType,
    File,
    FilePurpose,
    FileStatus,
    GraderRunErrors,
    GraderRunMetadata,
    GraderRunResult,
    GraderValidation,
    Hyperparameters,
    Integration,
    Job,
    JobError,
    JobStatus,
    Method,
    MethodType,
    MethodHyperparameters,
    Model,
    Permission,
    Problem,
    Upload,
    UploadPart,
    UploadStatus,
    ValidationReport,
    Wandb,
)
from ._validate import validate
from .resources.files import BinaryContent, FileWaitTimeoutError

__version__ = "0.2.0"

if TYPE_CHECKING:
    from ._async import AsyncClient, AsyncOpenAI
    from ._client import Client  # the first release's name (deprecated): OpenAI


def __getattr__(name: str) -> Any:
    # AsyncOpenAI and AsyncClient are imported when first named: asyncio costs
    # a program that does not use it a third of the package's import time.
    if name in ("AsyncOpenAI", "AsyncClient"):
        from . import _async

        return getattr(_async, name)
    if name == "Client":  # the first release's name, kept one more release
        warnings.warn("openai_ft.Client is deprecated: use openai_ft.OpenAI",
                      DeprecationWarning, stacklevel=2)
        return OpenAI
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def library_version() -> str:
    """The version of the loaded libopenai_ft (oft_version_string)."""
    raw: bytes = load_library().oft_version_string()
    return raw.decode()


__all__ = [
    "AUTO",
    "APIResponse",
    "AsyncCursorPage",
    "AsyncOpenAI",
    "AsyncPage",
    "AsyncPaginator",
    "BinaryContent",
    "EventData",
    "EventLevel",
    "EventType",
    "FilePurpose",
    "FileStatus",
    "FileWaitTimeoutError",
    "Headers",
    "JobStatus",
    "MethodType",
    "OpenAI",
    "Response",
    "SyncCursorPage",
    "SyncPage",
    "Upload",
    "UploadPart",
    "UploadStatus",
    "AsyncClient",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "APIUserAbortError",
    "AuthenticationError",
    "BadRequestError",
    "Checkpoint",
    "CheckpointMetrics",
    "Client",
    "ConcurrentUseError",
    "ConflictError",
    "Deleted",
    "Event",
    "File",
    "GraderRunErrors",
    "GraderRunMetadata",
    "GraderRunResult",
    "GraderValidation",
    "Hyperparameters",
    "Integration",
    "InternalServerError",
    "InvalidArgumentError",
    "JOB_STATUSES",
    "Job",
    "JobError",
    "JobFailedError",
    "StepMetrics",
    "LibraryNotFoundError",
    "LocalFileError",
    "Method",
    "MethodHyperparameters",
    "Model",
    "NotFoundError",
    "OpenAIFTError",
    "Pager",
    "PermissionDeniedError",
    "Permission",
    "Problem",
    "RateLimitError",
    "TERMINAL_STATUSES",
    "UnprocessableEntityError",
    "ValidationReport",
    "WaitTimeoutError",
    "Wandb",
    "library_version",
    "load_library",
    "validate",
]
