resource "openai_fine_tuned_model" "this" {
  model             = var.model
  training_file     = var.training_file
  validation_file   = var.validation_file
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
