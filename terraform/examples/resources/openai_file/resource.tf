# Training data on disk: checked at plan time, uploaded, and waited for
# until the API has processed it.
resource "openai_file" "training" {
  file    = "${path.module}/data/train.jsonl"
  purpose = "fine-tune"
}

resource "openai_fine_tuned_model" "example" {
  model             = "gpt-4o-mini-2024-07-18"
  training_file     = openai_file.training.id
  completion_window = 3600
}

output "training_file_id" {
  value = openai_file.training.id
}
