# The simplest fine-tuned model: a base model and a training file. The job
# starts at apply; a later plan or refresh shows its status and, once it
# has succeeded, the model's name.
terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

# The key and the endpoint come from OPENAI_API_KEY and OPENAI_BASE_URL.
provider "openai" {}

variable "training_file" {
  description = "The ID of an uploaded training file (file-...), e.g. from `openai-ft files upload train.jsonl`."
  type        = string
}

resource "openai_fine_tuned_model" "simple" {
  model         = "gpt-3.5-turbo"
  training_file = var.training_file
}

output "job_id" {
  value = openai_fine_tuned_model.simple.id
}

output "status" {
  value = openai_fine_tuned_model.simple.status
}

output "fine_tuned_model" {
  value = openai_fine_tuned_model.simple.fine_tuned_model
}
