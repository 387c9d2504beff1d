data "openai_fine_tuning_job" "example" {
  id = "ftjob-abc123"
}

output "latest_checkpoint" {
  value = data.openai_fine_tuning_job.example.checkpoints[0].fine_tuned_model_checkpoint
}

output "epochs" {
  value = data.openai_fine_tuning_job.example.method[0].type == "supervised" ? data.openai_fine_tuning_job.example.method[0].supervised[0].hyperparameters[0].n_epochs : null
}
