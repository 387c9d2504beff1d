data "openai_fine_tuning_events" "example" {
  fine_tuning_job_id = "ftjob-abc123"
  limit              = 50
}

output "messages" {
  value = [for e in data.openai_fine_tuning_events.example.events : e.message]
}
