# Every job whose metadata say team = "support", newest first.
data "openai_fine_tuning_jobs" "support" {
  metadata = {
    team = "support"
  }
}

# The ten newest jobs.
data "openai_fine_tuning_jobs" "recent" {
  limit = 10
}

output "support_models" {
  value = [for j in data.openai_fine_tuning_jobs.support.jobs : j.fine_tuned_model if j.status == "succeeded"]
}
