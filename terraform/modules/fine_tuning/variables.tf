variable "model" {
  description = "The base model to fine-tune (e.g. gpt-4o-mini-2024-07-18), or a fine-tuned model to train further."
  type        = string
}

variable "training_file" {
  description = "The ID of an uploaded training file (file-...); or give training_data."
  type        = string
  default     = null
}

variable "training_data" {
  description = "Path of a local training file (JSONL), uploaded by the module (openai_file); or give training_file."
  type        = string
  default     = null
}

variable "validation_file" {
  description = "The ID of an uploaded validation file, or null."
  type        = string
  default     = null
}

variable "validation_data" {
  description = "Path of a local validation file (JSONL), uploaded by the module; or give validation_file (or neither)."
  type        = string
  default     = null
}

variable "suffix" {
  description = "Up to 64 characters added to the fine-tuned model's name, or null."
  type        = string
  default     = null
}

variable "hyperparameters" {
  description = "Hyperparameters: n_epochs (\"auto\" or an integer, as text), batch_size, learning_rate_multiplier. null: the API chooses them all."
  type        = map(any)
  default     = null
}

variable "completion_window" {
  description = "Seconds to wait at apply for the job to finish (0: do not wait)."
  type        = number
  default     = 0
}

variable "share_with_projects" {
  description = "Project IDs (proj_...) to share the trained model with (needs the provider's admin key and a trained model: a completion window long enough, or a later apply)."
  type        = list(string)
  default     = []
}
