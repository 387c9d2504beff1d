data "openai_models" "all" {}

output "fine_tuned_models" {
  value = [for m in data.openai_models.all.models : m.id if startswith(m.id, "ft:")]
}
