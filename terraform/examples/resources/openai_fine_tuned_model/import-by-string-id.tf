import {
  to = openai_fine_tuned_model.example
  id = "ftjob-abc123"
}
