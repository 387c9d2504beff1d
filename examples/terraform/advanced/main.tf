# Every argument: a validation file, a suffix, hyperparameters, and a
# completion window during which apply waits for the job to finish. The job's
# events and checkpoints are read back through the data source.
terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

provider "openai" {}

variable "training_file" {
  description = "The ID of an uploaded training file (file-...)."
  type        = string
}

variable "validation_file" {
  description = "The ID of an uploaded validation file (file-...)."
  type        = string
}

resource "openai_fine_tuned_model" "advanced" {
  model           = "gpt-3.5-turbo"
  training_file   = var.training_file
  validation_file = var.validation_file
  suffix          = "custom-model-name"

  hyperparameters {
    n_epochs                 = "4"
    batch_size               = 8
    learning_rate_multiplier = 0.8
  }

  # Wait for up to 30 minutes during creation. A job that fails in the window
  # is an error; a window that runs out is a warning and the job is kept.
  completion_window = 1800
}

data "openai_fine_tuning_job" "advanced" {
  id = openai_fine_tuned_model.advanced.id
}

output "fine_tuned_model" {
  value = openai_fine_tuned_model.advanced.fine_tuned_model
}

output "trained_tokens" {
  value = openai_fine_tuned_model.advanced.trained_tokens
}

output "events_count" {
  value = data.openai_fine_tuning_job.advanced.events_count
}

output "checkpoints" {
  value = [for c in data.openai_fine_tuning_job.advanced.checkpoints : c.fine_tuned_model_checkpoint]
}
