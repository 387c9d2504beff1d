module "fine_tuned_model" {
  source = "/usr/local/share/openai-ft/terraform/modules/fine_tuning"

  model         = "gpt-3.5-turbo"
  training_file = "file-abc123"

  hyperparameters = {
    n_epochs = "auto"
  }

  # Share the trained model with other projects (needs an admin key, and a
  # window long enough for the job to finish, or a later apply).
  completion_window   = 3600
  share_with_projects = ["proj_abGMw1llN8IrBb6SvvY5A1iH"]
}

output "model_id" {
  value = module.fine_tuned_model.fine_tuned_model_id
}
