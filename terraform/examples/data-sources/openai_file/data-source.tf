data "openai_file" "training" {
  file_id = "file-abc123"
}

output "training_file" {
  value = "${data.openai_file.training.filename}: ${data.openai_file.training.bytes} bytes, ${data.openai_file.training.status}"
}
