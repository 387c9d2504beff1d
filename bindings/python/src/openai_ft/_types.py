"""The typed results: immutable dataclasses with slots.

Timestamps are ints (Unix seconds), None when the API sent null. A
hyperparameter is None (not set: the server's default), the string "auto", or
a number; "auto" never turns into a number here. Every top-level result keeps
the ``request_id`` of its response and the object as the API sent it
(``raw_json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypedDict, Union

AUTO: Final = "auto"
Auto = Literal["auto"]
IntOrAuto = Union[int, Auto]
FloatOrAuto = Union[float, Auto]

#: A job's status. The API may add statuses: a value this version does not
#: know is kept as sent (the type names the known ones, as the SDK's does).
JobStatus = Literal[
    "validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled"
]
EventLevel = Literal["info", "warn", "error"]
EventType = Literal["message", "metrics"]
FileStatus = Literal["uploaded", "processed", "error"]
FilePurpose = Literal[
    "assistants", "assistants_output", "batch", "batch_output", "fine-tune",
    "fine-tune-results", "vision", "user_data", "evals",
]
UploadStatus = Literal["pending", "completed", "cancelled", "expired"]
MethodType = Literal["supervised", "dpo", "reinforcement"]

#: Job statuses of the API (a newer server may send others).
JOB_STATUSES: Final = (
    "validating_files",
    "queued",
    "running",
    "paused",
    "succeeded",
    "failed",
    "cancelled",
)
TERMINAL_STATUSES: Final = frozenset({"succeeded", "failed", "cancelled"})


@dataclass(frozen=True, slots=True)
class Hyperparameters:
    """The legacy top-level hyperparameters of a job."""

    n_epochs: IntOrAuto | None = None
    batch_size: IntOrAuto | None = None
    learning_rate_multiplier: FloatOrAuto | None = None


@dataclass(frozen=True, slots=True)
class MethodHyperparameters:
    """The hyperparameters of a method; only those of its type are set."""

    n_epochs: IntOrAuto | None = None
    batch_size: IntOrAuto | None = None
    learning_rate_multiplier: FloatOrAuto | None = None
    beta: FloatOrAuto | None = None  # dpo
    compute_multiplier: FloatOrAuto | None = None  # reinforcement
    eval_interval: IntOrAuto | None = None  # reinforcement
    eval_samples: IntOrAuto | None = None  # reinforcement
    reasoning_effort: str | None = None  # reinforcement


@dataclass(frozen=True, slots=True)
class Method:
    """``type`` is "supervised", "dpo", "reinforcement" or what the server sent."""

    type: MethodType
    hyperparameters: MethodHyperparameters = field(default_factory=MethodHyperparameters)
    grader: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class JobError:
    message: str
    code: str | None = None
    param: str | None = None


@dataclass(frozen=True, slots=True)
class Wandb:
    """A Weights & Biases integration (``run_id`` only in responses)."""

    project: str
    name: str | None = None
    entity: str | None = None
    tags: tuple[str, ...] = ()
    run_id: str | None = None


@dataclass(frozen=True, slots=True)
class Integration:
    type: str
    wandb: Wandb


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    object: str
    created_at: int
    model: str
    organization_id: str | None
    status: JobStatus
    training_file: str | None
    validation_file: str | None
    result_files: tuple[str, ...]
    fine_tuned_model: str | None
    finished_at: int | None
    trained_tokens: int | None
    error: JobError | None
    hyperparameters: Hyperparameters | None
    seed: int | None
    estimated_finish: int | None
    integrations: tuple[Integration, ...]
    method: Method | None
    metadata: dict[str, str]
    user_provided_suffix: str | None
    request_id: str | None
    raw_json: str

    @property
    def is_terminal(self) -> bool:
        """True once the job succeeded, failed or was cancelled."""
        return self.status in TERMINAL_STATUSES


class EventData(TypedDict, total=False):
    """The ``data`` of an event: for a "metrics" event, the step's metrics
    (the keys sent; the API may add others). A message event's data is
    usually empty."""

    step: int
    total_steps: int
    train_loss: float
    train_mean_token_accuracy: float
    valid_loss: float
    valid_mean_token_accuracy: float
    full_valid_loss: float
    full_valid_mean_token_accuracy: float


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    object: str
    created_at: int
    level: EventLevel
    message: str
    type: EventType | None
    data: EventData | None
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class CheckpointMetrics:
    """Each metric is None when the server did not send it."""

    step: float | None = None
    train_loss: float | None = None
    train_mean_token_accuracy: float | None = None
    valid_loss: float | None = None
    valid_mean_token_accuracy: float | None = None
    full_valid_loss: float | None = None
    full_valid_mean_token_accuracy: float | None = None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    id: str
    object: str
    created_at: int
    fine_tuned_model_checkpoint: str
    step_number: int
    fine_tuning_job_id: str
    metrics: CheckpointMetrics
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class Permission:
    id: str
    object: str
    created_at: int
    project_id: str
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class GraderValidation:
    """The answer of graders.validate: the grader as the API echoed it back."""

    grader: dict[str, Any] | None
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class GraderRunErrors:
    """Why a run could not grade: the API's flags, and the details it gave."""

    formula_parse_error: bool
    sample_parse_error: bool
    truncated_observation_error: bool
    unresponsive_reward_error: bool
    invalid_variable_error: bool
    other_error: bool
    python_grader_server_error: bool
    python_grader_runtime_error: bool
    model_grader_server_error: bool
    model_grader_refusal_error: bool
    model_grader_parse_error: bool
    python_grader_server_error_type: str | None
    python_grader_runtime_error_details: str | None
    model_grader_server_error_details: str | None

    def any(self) -> bool:
        """True when the API flagged an error: the reward is not a grade then."""
        return any(getattr(self, f) for f in _GRADER_ERROR_FLAGS)


_GRADER_ERROR_FLAGS: Final = (
    "formula_parse_error",
    "sample_parse_error",
    "truncated_observation_error",
    "unresponsive_reward_error",
    "invalid_variable_error",
    "other_error",
    "python_grader_server_error",
    "python_grader_runtime_error",
    "model_grader_server_error",
    "model_grader_refusal_error",
    "model_grader_parse_error",
)


@dataclass(frozen=True, slots=True)
class GraderRunMetadata:
    name: str | None
    type: str | None
    errors: GraderRunErrors
    execution_time: float
    scores: dict[str, Any]
    #: the spec says an int, its example sends an object: as the API sent it
    token_usage: Any
    sampled_model_name: str | None


@dataclass(frozen=True, slots=True)
class GraderRunResult:
    """The answer of graders.run: the reward and what the API says about it."""

    reward: float
    metadata: GraderRunMetadata
    sub_rewards: dict[str, Any]
    model_grader_token_usage_per_model: dict[str, Any]
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class File:
    id: str
    object: str
    bytes: int
    created_at: int
    expires_at: int | None
    filename: str
    purpose: FilePurpose
    status: FileStatus | None
    status_details: str | None
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class Upload:
    """An Upload (uploads.create/complete/cancel); ``file`` once completed."""

    id: str
    object: str
    bytes: int
    created_at: int
    expires_at: int
    filename: str
    purpose: str
    status: UploadStatus
    file: File | None
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class UploadPart:
    id: str
    object: str
    created_at: int
    upload_id: str
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class Model:
    id: str
    object: str
    created: int
    owned_by: str
    shutdown_date: str | None
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class Deleted:
    """The result of a delete (file, model, checkpoint permission)."""

    id: str
    object: str
    deleted: bool
    request_id: str | None
    raw_json: str


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem validate() found: ``code`` is a stable snake_case name."""

    line: int
    column: int
    code: str
    severity: Literal["error", "warning"]
    message: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """validate()'s result; token figures are estimates (no tokenizer)."""

    ok: bool
    format: str
    bytes: int
    lines: int
    examples: int
    messages: int
    characters: int
    est_tokens: int
    est_tokens_min: int
    est_tokens_max: int
    est_tokens_mean: float
    context_limit: int
    examples_over_limit: int
    missing_system: int
    missing_user: int
    default_epochs: int
    est_billed_tokens: int
    errors_total: int
    warnings_total: int
    problems: tuple[Problem, ...]
