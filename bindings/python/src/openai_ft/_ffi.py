"""ctypes mirrors of the public C structs and the prototypes of the calls we make.

Every Structure here copies a struct of include/openai_ft/*.h field by field;
tests/test_layout.py compares each one with the layout libabigail reads from
the built library, so a drift fails a test instead of corrupting memory.
Library-owned strings are ``c_char_p`` (``const char *`` or ``char *`` alike).
"""

from __future__ import annotations

from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_double,
    c_int,
    c_int64,
    c_size_t,
    c_uint,
    c_uint64,
    c_void_p,
)
from typing import Any

# ---- common.h ----


class Kv(Structure):
    _fields_ = [("key", c_char_p), ("value", c_char_p)]


class HpNum(Structure):
    _fields_ = [("mode", c_int), ("value", c_double)]


HP_UNSET, HP_AUTO, HP_VALUE = 0, 1, 2
TIME_NONE = -1

# ---- client.h ----

LOG_CB = CFUNCTYPE(None, c_int, c_char_p, c_void_p)


class ClientOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("api_key", c_char_p),
        ("admin_key", c_char_p),
        ("organization", c_char_p),
        ("project", c_char_p),
        ("base_url", c_char_p),
        ("timeout_ms", c_int64),
        ("connect_timeout_ms", c_int64),
        ("max_retries", c_int),
        ("initial_retry_delay_ms", c_int64),
        ("max_retry_delay_ms", c_int64),
        ("retry_after_cap_ms", c_int64),
        ("headers", POINTER(Kv)),
        ("headers_count", c_size_t),
        ("user_agent_suffix", c_char_p),
        ("ca_file", c_char_p),
        ("ca_path", c_char_p),
        ("log_cb", LOG_CB),
        ("log_payload", c_void_p),
        ("log_level", c_int),
        ("idempotency_keys", c_int),
        ("max_response_bytes", c_size_t),
    ]


CLIENT_OPTIONS_VERSION = 2


class CallOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("timeout_ms", c_int64),
        ("max_retries", c_int),
        ("headers", POINTER(Kv)),
        ("headers_count", c_size_t),
        ("query", POINTER(Kv)),
        ("query_count", c_size_t),
        ("extra_body_json", c_char_p),
    ]


CALL_OPTIONS_VERSION = 1

# ---- jobs.h ----


class JobError(Structure):
    _fields_ = [("code", c_char_p), ("message", c_char_p), ("param", c_char_p)]


class Hyperparameters(Structure):
    _fields_ = [
        ("n_epochs", HpNum),
        ("batch_size", HpNum),
        ("learning_rate_multiplier", HpNum),
    ]


class MethodHyperparameters(Structure):
    _fields_ = [
        ("n_epochs", HpNum),
        ("batch_size", HpNum),
        ("learning_rate_multiplier", HpNum),
        ("beta", HpNum),
        ("compute_multiplier", HpNum),
        ("eval_interval", HpNum),
        ("eval_samples", HpNum),
        ("reasoning_effort", c_char_p),
    ]


class Method(Structure):
    _fields_ = [
        ("type", c_int),
        ("type_raw", c_char_p),
        ("hyperparameters", MethodHyperparameters),
        ("grader_json", c_char_p),
    ]


METHOD_UNSET, METHOD_SUPERVISED, METHOD_DPO, METHOD_REINFORCEMENT = 0, 1, 2, 3
NONE = -1  # OFT_NONE: an absent integer


class Wandb(Structure):
    _fields_ = [
        ("project", c_char_p),
        ("name", c_char_p),
        ("entity", c_char_p),
        ("tags", POINTER(c_char_p)),
        ("tags_count", c_size_t),
        ("run_id", c_char_p),
    ]


class Integration(Structure):
    _fields_ = [("type", c_char_p), ("wandb", Wandb)]


class Job(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("created_at", c_int64),
        ("model", c_char_p),
        ("organization_id", c_char_p),
        ("status", c_int),
        ("status_raw", c_char_p),
        ("training_file", c_char_p),
        ("validation_file", c_char_p),
        ("result_files", POINTER(c_char_p)),
        ("result_files_count", c_size_t),
        ("fine_tuned_model", c_char_p),
        ("finished_at", c_int64),
        ("trained_tokens", c_int64),
        ("error", POINTER(JobError)),
        ("hyperparameters", POINTER(Hyperparameters)),
        ("seed", c_int64),
        ("estimated_finish", c_int64),
        ("integrations", POINTER(Integration)),
        ("integrations_count", c_size_t),
        ("method", POINTER(Method)),
        ("metadata", POINTER(Kv)),
        ("metadata_count", c_size_t),
        ("user_provided_suffix", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class WandbOptions(Structure):
    _fields_ = [
        ("project", c_char_p),
        ("name", c_char_p),
        ("entity", c_char_p),
        ("tags", POINTER(c_char_p)),
        ("tags_count", c_size_t),
    ]


class JobCreateOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("model", c_char_p),
        ("training_file", c_char_p),
        ("validation_file", c_char_p),
        ("suffix", c_char_p),
        ("seed", c_int64),
        ("method_type", c_int),
        ("n_epochs", HpNum),
        ("batch_size", HpNum),
        ("learning_rate_multiplier", HpNum),
        ("beta", HpNum),
        ("compute_multiplier", HpNum),
        ("eval_interval", HpNum),
        ("eval_samples", HpNum),
        ("reasoning_effort", c_char_p),
        ("grader_json", c_char_p),
        ("hyperparameters", Hyperparameters),
        ("integrations", POINTER(WandbOptions)),
        ("integrations_count", c_size_t),
        ("metadata", POINTER(Kv)),
        ("metadata_count", c_size_t),
        ("extra_body_json", c_char_p),
    ]


JOB_CREATE_OPTIONS_VERSION = 1


class JobPage(Structure):
    _fields_ = [
        ("items", POINTER(POINTER(Job))),
        ("count", c_size_t),
        ("has_more", c_int),
        ("first_id", c_char_p),
        ("last_id", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class JobListOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("after", c_char_p),
        ("limit", c_int),
        ("metadata", POINTER(Kv)),
        ("metadata_count", c_size_t),
    ]


JOB_LIST_OPTIONS_VERSION = 1

# ---- events.h ----


class Event(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("created_at", c_int64),
        ("level", c_int),
        ("level_raw", c_char_p),
        ("message", c_char_p),
        ("type", c_int),
        ("type_raw", c_char_p),
        ("data_json", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class EventPage(Structure):
    _fields_ = [
        ("items", POINTER(POINTER(Event))),
        ("count", c_size_t),
        ("has_more", c_int),
        ("first_id", c_char_p),
        ("last_id", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class EventListOptions(Structure):
    _fields_ = [("version", c_uint), ("after", c_char_p), ("limit", c_int)]


EVENT_LIST_OPTIONS_VERSION = 1

# ---- checkpoints.h ----


class CheckpointMetrics(Structure):
    _fields_ = [
        ("step", c_double),
        ("train_loss", c_double),
        ("train_mean_token_accuracy", c_double),
        ("valid_loss", c_double),
        ("valid_mean_token_accuracy", c_double),
        ("full_valid_loss", c_double),
        ("full_valid_mean_token_accuracy", c_double),
    ]


class Checkpoint(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("created_at", c_int64),
        ("fine_tuned_model_checkpoint", c_char_p),
        ("step_number", c_int64),
        ("fine_tuning_job_id", c_char_p),
        ("metrics", CheckpointMetrics),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class CheckpointPage(Structure):
    _fields_ = [
        ("items", POINTER(POINTER(Checkpoint))),
        ("count", c_size_t),
        ("has_more", c_int),
        ("first_id", c_char_p),
        ("last_id", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class CheckpointListOptions(Structure):
    _fields_ = [("version", c_uint), ("after", c_char_p), ("limit", c_int)]


CHECKPOINT_LIST_OPTIONS_VERSION = 1

# ---- permissions.h ----


class Permission(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("created_at", c_int64),
        ("project_id", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class PermissionPage(Structure):
    _fields_ = [
        ("items", POINTER(POINTER(Permission))),
        ("count", c_size_t),
        ("has_more", c_int),
        ("first_id", c_char_p),
        ("last_id", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class PermissionListOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("project_id", c_char_p),
        ("after", c_char_p),
        ("limit", c_int),
        ("order", c_int),
    ]


PERMISSION_LIST_OPTIONS_VERSION = 1
ORDER_DEFAULT, ORDER_ASCENDING, ORDER_DESCENDING = 0, 1, 2


# ---- graders.h ----


class GraderValidation(Structure):
    _fields_ = [
        ("grader_json", c_char_p),
        ("type", c_char_p),
        ("name", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class GraderScore(Structure):
    _fields_ = [("name", c_char_p), ("value", c_double)]


GRADER_ERROR_FLAGS = (
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
GRADER_ERROR_DETAILS = (
    "python_grader_server_error_type",
    "python_grader_runtime_error_details",
    "model_grader_server_error_details",
)


class GraderRunErrors(Structure):
    _fields_ = [(f, c_int) for f in GRADER_ERROR_FLAGS] + [
        (f, c_char_p) for f in GRADER_ERROR_DETAILS
    ]


class GraderRunMetadata(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("type", c_char_p),
        ("errors", GraderRunErrors),
        ("execution_time", c_double),
        ("scores", POINTER(GraderScore)),
        ("scores_count", c_size_t),
        ("scores_json", c_char_p),
        ("token_usage_json", c_char_p),
        ("sampled_model_name", c_char_p),
    ]


class GraderRunResult(Structure):
    _fields_ = [
        ("reward", c_double),
        ("metadata", GraderRunMetadata),
        ("sub_rewards", POINTER(GraderScore)),
        ("sub_rewards_count", c_size_t),
        ("sub_rewards_json", c_char_p),
        ("model_grader_token_usage_per_model", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class GraderRunOptions(Structure):
    _fields_ = [("version", c_uint), ("item_json", c_char_p)]


GRADER_RUN_OPTIONS_VERSION = 1


class Deleted(Structure):
    """oft_deleted: the result of every delete (files, models, checkpoint permissions)."""

    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("deleted", c_int),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


# ---- wait.h ----

WAIT_CB = CFUNCTYPE(c_int, POINTER(Job), POINTER(Event), c_void_p)


class WaitOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("poll_interval_ms", c_int64),
        ("timeout_ms", c_int64),
        ("on_progress", WAIT_CB),
        ("payload", c_void_p),
    ]


WAIT_OPTIONS_VERSION = 1

# ---- files.h ----


class File(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("bytes", c_int64),
        ("created_at", c_int64),
        ("expires_at", c_int64),
        ("filename", c_char_p),
        ("purpose", c_char_p),
        ("status", c_int),
        ("status_raw", c_char_p),
        ("status_details", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


PROGRESS_CB = CFUNCTYPE(c_int, c_int64, c_int64, c_void_p)


class FileUploadOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("purpose", c_char_p),
        ("expires_after_seconds", c_int64),
        ("progress", PROGRESS_CB),
        ("payload", c_void_p),
        ("large_threshold", c_int64),
        ("part_size", c_int64),
        ("concurrency", c_int),
        ("mime_type", c_char_p),
    ]


FILE_UPLOAD_OPTIONS_VERSION = 1


class FilePage(Structure):
    _fields_ = [
        ("items", POINTER(POINTER(File))),
        ("count", c_size_t),
        ("has_more", c_int),
        ("first_id", c_char_p),
        ("last_id", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class FileListOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("purpose", c_char_p),
        ("order", c_int),
        ("after", c_char_p),
        ("limit", c_int),
    ]


FILE_LIST_OPTIONS_VERSION = 1

# ---- uploads.h ----


class Upload(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("bytes", c_int64),
        ("created_at", c_int64),
        ("expires_at", c_int64),
        ("filename", c_char_p),
        ("purpose", c_char_p),
        ("status", c_int),
        ("status_raw", c_char_p),
        ("file", POINTER(File)),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class UploadPart(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("created_at", c_int64),
        ("upload_id", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class UploadCreateOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("filename", c_char_p),
        ("purpose", c_char_p),
        ("bytes", c_int64),
        ("mime_type", c_char_p),
        ("expires_after_seconds", c_int64),
    ]


UPLOAD_CREATE_OPTIONS_VERSION = 1

# ---- models.h ----


class Model(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("object", c_char_p),
        ("created", c_int64),
        ("owned_by", c_char_p),
        ("shutdown_date", c_char_p),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


class ModelPage(Structure):
    _fields_ = [
        ("items", POINTER(POINTER(Model))),
        ("count", c_size_t),
        ("request_id", c_char_p),
        ("raw_json", c_char_p),
    ]


# ---- jsonl.h ----


class JsonlProblem(Structure):
    _fields_ = [
        ("line", c_uint64),
        ("column", c_uint64),
        ("code", c_int),
        ("severity", c_int),
        ("message", c_char_p),
    ]


class JsonlOptions(Structure):
    _fields_ = [
        ("version", c_uint),
        ("format", c_int),
        ("model", c_char_p),
        ("max_errors", c_int),
        ("max_warnings", c_int),
        ("stop_at_first", c_int),
        ("max_line_bytes", c_size_t),
        ("min_examples", c_int),  # version 2
    ]


JSONL_OPTIONS_VERSION = 2


class JsonlReport(Structure):
    _fields_ = [
        ("ok", c_int),
        ("format", c_int),
        ("bytes", c_uint64),
        ("lines", c_uint64),
        ("examples", c_uint64),
        ("messages", c_uint64),
        ("characters", c_uint64),
        ("est_tokens", c_uint64),
        ("est_tokens_min", c_uint64),
        ("est_tokens_max", c_uint64),
        ("est_tokens_mean", c_double),
        ("context_limit", c_uint64),
        ("examples_over_limit", c_uint64),
        ("missing_system", c_uint64),
        ("missing_user", c_uint64),
        ("default_epochs", c_int),
        ("est_billed_tokens", c_uint64),
        ("errors_total", c_uint64),
        ("warnings_total", c_uint64),
        ("problems", POINTER(JsonlProblem)),
        ("problems_count", c_size_t),
    ]


# The Structures above, by the C name they mirror (for the layout test).
C_NAMES: dict[str, type[Structure]] = {
    "oft_kv": Kv,
    "oft_hp_num": HpNum,
    "oft_client_options": ClientOptions,
    "oft_call_options": CallOptions,
    "oft_job_error": JobError,
    "oft_hyperparameters": Hyperparameters,
    "oft_method_hyperparameters": MethodHyperparameters,
    "oft_method": Method,
    "oft_wandb": Wandb,
    "oft_integration": Integration,
    "oft_job": Job,
    "oft_wandb_options": WandbOptions,
    "oft_job_create_options": JobCreateOptions,
    "oft_job_list_options": JobListOptions,
    "oft_event": Event,
    "oft_event_list_options": EventListOptions,
    "oft_checkpoint_metrics": CheckpointMetrics,
    "oft_checkpoint": Checkpoint,
    "oft_checkpoint_list_options": CheckpointListOptions,
    "oft_checkpoint_permission": Permission,
    "oft_checkpoint_permission_page": PermissionPage,
    "oft_checkpoint_permission_list_options": PermissionListOptions,
    "oft_wait_options": WaitOptions,
    "oft_file": File,
    "oft_file_upload_options": FileUploadOptions,
    "oft_file_list_options": FileListOptions,
    "oft_job_page": JobPage,
    "oft_event_page": EventPage,
    "oft_checkpoint_page": CheckpointPage,
    "oft_file_page": FilePage,
    "oft_upload": Upload,
    "oft_upload_part": UploadPart,
    "oft_upload_create_options": UploadCreateOptions,
    "oft_model": Model,
    "oft_model_page": ModelPage,
    "oft_deleted": Deleted,
    "oft_grader_validation": GraderValidation,
    "oft_grader_score": GraderScore,
    "oft_grader_run_errors": GraderRunErrors,
    "oft_grader_run_metadata": GraderRunMetadata,
    "oft_grader_run_result": GraderRunResult,
    "oft_grader_run_options": GraderRunOptions,
    "oft_jsonl_problem": JsonlProblem,
    "oft_jsonl_options": JsonlOptions,
    "oft_jsonl_report": JsonlReport,
}

# ---- prototypes ----

_P = c_void_p  # an opaque handle: oft_client *, oft_*_iter *, const oft_error *
_PP = POINTER(c_void_p)


def _out(struct: type[Structure]) -> Any:
    return POINTER(POINTER(struct))


def _ptr(struct: type[Structure]) -> Any:
    return POINTER(struct)


# name: (restype, argtypes). Everything the package calls; nothing else.
PROTOTYPES: dict[str, tuple[Any, list[Any]]] = {
    "oft_version": (None, [POINTER(c_int), POINTER(c_int), POINTER(c_int)]),
    "oft_version_string": (c_char_p, []),
    "oft_status_str": (c_char_p, [c_int]),
    "oft_client_options_init": (c_int, [_ptr(ClientOptions), c_uint]),
    "oft_client_new": (c_int, [_PP, _ptr(ClientOptions)]),
    "oft_client_free": (None, [_P]),
    "oft_client_last_error": (_P, [_P]),
    "oft_client_interrupt": (None, [_P]),
    "oft_client_interrupt_clear": (None, [_P]),
    "oft_client_base_url": (c_char_p, [_P]),
    "oft_client_set_log": (None, [_P, c_int, LOG_CB, c_void_p]),
    "oft_call_options_init": (c_int, [_ptr(CallOptions), c_uint]),
    "oft_client_set_call_options": (c_int, [_P, _ptr(CallOptions)]),
    "oft_client_response_headers": (c_char_p, [_P]),
    "oft_error_last": (_P, []),
    "oft_error_status": (c_int, [_P]),
    "oft_error_http_status": (c_int, [_P]),
    "oft_error_type": (c_char_p, [_P]),
    "oft_error_code": (c_char_p, [_P]),
    "oft_error_param": (c_char_p, [_P]),
    "oft_error_message": (c_char_p, [_P]),
    "oft_error_free": (None, [_P]),
    "oft_error_request_id": (c_char_p, [_P]),
    "oft_error_retry_after_ms": (c_int64, [_P]),
    "oft_error_curl_code": (c_int, [_P]),
    "oft_error_curl_message": (c_char_p, [_P]),
    "oft_error_body": (c_char_p, [_P]),
    # jobs
    "oft_job_create": (c_int, [_out(Job), _P, _ptr(JobCreateOptions)]),
    "oft_job_create_options_check": (c_int, [_ptr(JobCreateOptions), POINTER(_P)]),
    "oft_job_retrieve": (c_int, [_out(Job), _P, c_char_p]),
    "oft_job_cancel": (c_int, [_out(Job), _P, c_char_p]),
    "oft_job_pause": (c_int, [_out(Job), _P, c_char_p]),
    "oft_job_resume": (c_int, [_out(Job), _P, c_char_p]),
    "oft_job_free": (None, [_ptr(Job)]),
    "oft_job_iter_new": (c_int, [_PP, _P, _ptr(JobListOptions)]),
    "oft_job_iter_next": (c_int, [_out(Job), _P]),
    "oft_job_iter_free": (None, [_P]),
    "oft_job_wait": (c_int, [_out(Job), _P, c_char_p, _ptr(WaitOptions)]),
    # events, checkpoints
    "oft_event_iter_new": (c_int, [_PP, _P, c_char_p, _ptr(EventListOptions)]),
    "oft_event_iter_next": (c_int, [_out(Event), _P]),
    "oft_event_iter_free": (None, [_P]),
    "oft_checkpoint_iter_new": (c_int, [_PP, _P, c_char_p, _ptr(CheckpointListOptions)]),
    "oft_checkpoint_iter_next": (c_int, [_out(Checkpoint), _P]),
    "oft_checkpoint_iter_free": (None, [_P]),
    # permissions
    "oft_checkpoint_permission_create": (
        c_int,
        [_out(PermissionPage), _P, c_char_p, POINTER(c_char_p), c_size_t],
    ),
    "oft_checkpoint_permission_page_free": (None, [_ptr(PermissionPage)]),
    "oft_checkpoint_permission_iter_new": (
        c_int,
        [_PP, _P, c_char_p, _ptr(PermissionListOptions)],
    ),
    "oft_checkpoint_permission_iter_next": (c_int, [_out(Permission), _P]),
    "oft_checkpoint_permission_iter_free": (None, [_P]),
    "oft_checkpoint_permission_delete": (c_int, [_out(Deleted), _P, c_char_p, c_char_p]),
    # every delete's result
    "oft_deleted_free": (None, [_ptr(Deleted)]),
    # files
    "oft_file_upload": (c_int, [_out(File), _P, c_char_p, _ptr(FileUploadOptions)]),
    "oft_file_retrieve": (c_int, [_out(File), _P, c_char_p]),
    "oft_file_delete": (c_int, [_out(Deleted), _P, c_char_p]),
    "oft_file_download": (c_int, [_P, c_char_p, c_char_p]),
    "oft_file_wait_processed": (c_int, [_out(File), _P, c_char_p, c_int64, c_int64]),
    "oft_file_free": (None, [_ptr(File)]),
    "oft_file_iter_new": (c_int, [_PP, _P, _ptr(FileListOptions)]),
    "oft_file_iter_next": (c_int, [_out(File), _P]),
    "oft_file_iter_free": (None, [_P]),
    # models
    "oft_model_retrieve": (c_int, [_out(Model), _P, c_char_p]),
    "oft_model_list": (c_int, [_out(ModelPage), _P]),
    "oft_model_delete": (c_int, [_out(Deleted), _P, c_char_p]),
    "oft_model_free": (None, [_ptr(Model)]),
    "oft_model_page_free": (None, [_ptr(ModelPage)]),
    # graders
    "oft_grader_validate": (c_int, [_out(GraderValidation), _P, c_char_p]),
    "oft_grader_validation_free": (None, [_ptr(GraderValidation)]),
    "oft_grader_run": (
        c_int,
        [_out(GraderRunResult), _P, c_char_p, c_char_p, _ptr(GraderRunOptions)],
    ),
    "oft_grader_run_result_free": (None, [_ptr(GraderRunResult)]),
    # jsonl
    "oft_jsonl_options_init": (c_int, [_ptr(JsonlOptions), c_uint]),
    "oft_jsonl_validate_path": (c_int, [_out(JsonlReport), c_char_p, _ptr(JsonlOptions)]),
    "oft_jsonl_validate_buffer": (
        c_int,
        [_out(JsonlReport), c_char_p, c_size_t, _ptr(JsonlOptions)],
    ),
    "oft_jsonl_report_free": (None, [_ptr(JsonlReport)]),
    "oft_jsonl_code_str": (c_char_p, [c_int]),
    "oft_jsonl_format_str": (c_char_p, [c_int]),
    "oft_job_status_str": (c_char_p, [c_int]),
    # one page at a time (the SDK-shaped pages)
    "oft_job_list": (c_int, [_out(JobPage), _P, _ptr(JobListOptions)]),
    "oft_job_page_free": (None, [_ptr(JobPage)]),
    "oft_event_list": (c_int, [_out(EventPage), _P, c_char_p, _ptr(EventListOptions)]),
    "oft_event_page_free": (None, [_ptr(EventPage)]),
    "oft_checkpoint_list": (
        c_int,
        [_out(CheckpointPage), _P, c_char_p, _ptr(CheckpointListOptions)],
    ),
    "oft_checkpoint_page_free": (None, [_ptr(CheckpointPage)]),
    "oft_file_list": (c_int, [_out(FilePage), _P, _ptr(FileListOptions)]),
    "oft_file_page_free": (None, [_ptr(FilePage)]),
    "oft_checkpoint_permission_list": (
        c_int,
        [_out(PermissionPage), _P, c_char_p, _ptr(PermissionListOptions)],
    ),
    # files from a descriptor, content to a descriptor
    "oft_file_upload_fd": (
        c_int,
        [_out(File), _P, c_int, c_char_p, _ptr(FileUploadOptions)],
    ),
    "oft_file_download_fd": (c_int, [_P, c_char_p, c_int]),
    # uploads
    "oft_upload_create_options_init": (c_int, [_ptr(UploadCreateOptions), c_uint]),
    "oft_upload_create": (c_int, [_out(Upload), _P, _ptr(UploadCreateOptions)]),
    "oft_upload_add_part_buffer": (
        c_int,
        [_out(UploadPart), _P, c_char_p, c_char_p, c_size_t],
    ),
    "oft_upload_complete": (
        c_int,
        [_out(Upload), _P, c_char_p, POINTER(c_char_p), c_size_t, c_char_p],
    ),
    "oft_upload_cancel": (c_int, [_out(Upload), _P, c_char_p]),
    "oft_upload_free": (None, [_ptr(Upload)]),
    "oft_upload_part_free": (None, [_ptr(UploadPart)]),
    "oft_upload_status_str": (c_char_p, [c_int]),
}

# Status codes (errors.h).
OK = 0
ERROR = -1
ENOMEM = -2
EINVAL = -3
EVERSION = -4
ENETWORK = -5
ETIMEOUT = -6
EAUTH = -7
EPERM = -8
ENOTFOUND = -9
ECONFLICT = -10
ERATELIMIT = -11
ESERVER = -12
EAPI = -13
EPARSE = -14
EUSER = -15
EJOBFAILED = -16
EINTERRUPTED = -17
EIO = -18
ITEROVER = -19
EINTERNAL = -20  # a dependency (libcurl, OpenSSL) refused an operation

