data "openai_fine_tuning_checkpoints" "example" {
  fine_tuning_job_id = "ftjob-abc123"
}

# The checkpoint with the lowest training loss.
locals {
  checkpoints = data.openai_fine_tuning_checkpoints.example.checkpoints
  losses      = [for c in local.checkpoints : c.metrics["train_loss"]]
}

output "best_checkpoint" {
  value = [for c in local.checkpoints : c.fine_tuned_model_checkpoint if c.metrics["train_loss"] == min(local.losses...)][0]
}
