output "fine_tuned_model_id" {
  description = "The trained model's name (ft:...); null until the job has succeeded (and been refreshed)."
  value       = openai_fine_tuned_model.this.fine_tuned_model
}

output "job_id" {
  description = "The fine-tuning job's ID (ftjob-...)."
  value       = openai_fine_tuned_model.this.id
}

output "status" {
  description = "The job's status when last read."
  value       = openai_fine_tuned_model.this.status
}

output "training_file_id" {
  description = "The training file's ID: training_file, or the file uploaded from training_data."
  value       = local.training_file
}

output "validation_file_id" {
  description = "The validation file's ID (validation_file, or the file uploaded from validation_data), or null."
  value       = local.validation_file
}
