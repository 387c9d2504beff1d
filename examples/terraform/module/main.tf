# The fine_tuning module: a job with "auto" epochs, its model shared with
# other projects of the organization once it has trained.
terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

# Sharing (checkpoint permissions) needs an admin key: OPENAI_ADMIN_KEY.
provider "openai" {}

variable "training_file" {
  description = "The ID of an uploaded training file (file-...); or give training_data."
  type        = string
  default     = null
}

variable "training_data" {
  description = "Path of a local training file (JSONL), uploaded by the module; or give training_file."
  type        = string
  default     = null
}

variable "validation_data" {
  description = "Path of a local validation file (JSONL), uploaded by the module, or null."
  type        = string
  default     = null
}

variable "share_with_projects" {
  description = "Projects (proj_...) that may use the trained model."
  type        = list(string)
  default     = []
}

module "fine_tuned_model" {
  source = "../../../terraform/modules/fine_tuning"

  model           = "gpt-3.5-turbo"
  training_file   = var.training_file
  training_data   = var.training_data
  validation_data = var.validation_data

  hyperparameters = {
    n_epochs = "auto"
  }

  # Long enough for the job to finish, so that its model can be shared.
  completion_window   = 3600
  share_with_projects = var.share_with_projects
}

output "model_id" {
  value = module.fine_tuned_model.fine_tuned_model_id
}

output "training_file_id" {
  value = module.fine_tuned_model.training_file_id
}

output "job_id" {
  value = module.fine_tuned_model.job_id
}

output "status" {
  value = module.fine_tuned_model.status
}
