# Data given as local paths are uploaded (checked at plan time); an edit of
# a file replaces it, and so the job trained on it.
resource "openai_file" "training" {
  count = var.training_data == null ? 0 : 1

  file    = var.training_data
  purpose = "fine-tune"
}

resource "openai_file" "validation" {
  count = var.validation_data == null ? 0 : 1

  file    = var.validation_data
  purpose = "fine-tune"
}

locals {
  training_file   = var.training_data == null ? var.training_file : openai_file.training[0].id
  validation_file = var.validation_data == null ? var.validation_file : openai_file.validation[0].id
}

resource "openai_fine_tuned_model" "this" {
  model             = var.model
  training_file     = local.training_file
  validation_file   = local.validation_file
  suffix            = var.suffix
  completion_window = var.completion_window

  dynamic "hyperparameters" {
    for_each = var.hyperparameters == null ? [] : [var.hyperparameters]
    content {
      n_epochs                 = lookup(hyperparameters.value, "n_epochs", null)
      batch_size               = lookup(hyperparameters.value, "batch_size", null)
      learning_rate_multiplier = lookup(hyperparameters.value, "learning_rate_multiplier", null)
    }
  }

  lifecycle {
    precondition {
      condition     = (var.training_file == null) != (var.training_data == null)
      error_message = "Give the module exactly one of training_file (an uploaded file's ID) and training_data (a local path)."
    }
    precondition {
      condition     = var.validation_file == null || var.validation_data == null
      error_message = "Give the module at most one of validation_file (an uploaded file's ID) and validation_data (a local path)."
    }
  }
}

resource "openai_fine_tuning_checkpoint_permission" "share" {
  for_each = toset(var.share_with_projects)

  checkpoint = openai_fine_tuned_model.this.fine_tuned_model
  project_id = each.value

  lifecycle {
    precondition {
      condition     = openai_fine_tuned_model.this.fine_tuned_model != null
      error_message = "The model can be shared once job ${openai_fine_tuned_model.this.id} has succeeded (it is ${openai_fine_tuned_model.this.status}): apply again then, or give completion_window the time the job needs."
    }
  }
}
