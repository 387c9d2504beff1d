data "openai_fine_tuning_job" "example" {
  id = "ftjob-abc123"
}

output "latest_checkpoint" {
  value = data.openai_fine_tuning_job.example.checkpoints[0].fine_tuned_model_checkpoint
}
