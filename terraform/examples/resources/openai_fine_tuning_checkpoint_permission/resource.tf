resource "openai_fine_tuned_model" "example" {
  model             = "gpt-4o-mini-2024-07-18"
  training_file     = "file-abc123"
  completion_window = 3600
}

resource "openai_fine_tuning_checkpoint_permission" "partner" {
  checkpoint = openai_fine_tuned_model.example.fine_tuned_model
  project_id = "proj_abGMw1llN8IrBb6SvvY5A1iH"
}

# A checkpoint of the job instead of its final model:
data "openai_fine_tuning_job" "example" {
  id = openai_fine_tuned_model.example.id
}

resource "openai_fine_tuning_checkpoint_permission" "first_checkpoint" {
  checkpoint = data.openai_fine_tuning_job.example.checkpoints[0].fine_tuned_model_checkpoint
  project_id = "proj_abGMw1llN8IrBb6SvvY5A1iH"
}

# Several projects in one resource: one permission each. Adding or removing a
# project changes only that project's access, in place.
resource "openai_fine_tuning_checkpoint_permission" "partners" {
  checkpoint  = openai_fine_tuned_model.example.fine_tuned_model
  project_ids = ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_zc4Q7MP6XxulcVzj4MZdwsAB"]
}
