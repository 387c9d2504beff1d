# The projects a model is shared with (needs the provider's admin key).
data "openai_fine_tuning_checkpoint_permissions" "example" {
  checkpoint_id = "ft:gpt-4o-mini-2024-07-18:my-org::abc123"
}

output "shared_with" {
  value = [for p in data.openai_fine_tuning_checkpoint_permissions.example.permissions : p.project_id]
}
