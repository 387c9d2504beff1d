# Every fine-tuning file, newest first.
data "openai_files" "tuning" {
  purpose = "fine-tune"
}

# The ten newest files of any purpose.
data "openai_files" "latest" {
  limit = 10
}

output "tuning_files" {
  value = [for f in data.openai_files.tuning.files : f.filename]
}
