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
  description = "The ID of an uploaded training file (file-...)."
  type        = string
}

variable "share_with_projects" {
  description = "Projects (proj_...) that may use the trained model."
  type        = list(string)
  default     = []
}

module "fine_tuned_model" {
  source = "../../../terraform/modules/fine_tuning"

  model         = "gpt-3.5-turbo"
  training_file = var.training_file

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

output "job_id" {
  value = module.fine_tuned_model.job_id
}

output "status" {
  value = module.fine_tuned_model.status
}
