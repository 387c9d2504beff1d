data "openai_model" "example" {
  model_id = "ft:gpt-4o-mini-2024-07-18:my-org::abc123"
}

output "owner" {
  value = data.openai_model.example.owned_by
}
