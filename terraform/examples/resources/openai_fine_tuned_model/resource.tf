# Simple example
resource "openai_fine_tuned_model" "simple" {
  model         = "gpt-3.5-turbo"
  training_file = "file-abc123"
}

# Advanced example with all parameters
resource "openai_fine_tuned_model" "advanced" {
  model           = "gpt-3.5-turbo"
  training_file   = "file-abc123"
  validation_file = "file-xyz789"
  suffix          = "custom-model-name"

  hyperparameters {
    n_epochs                 = "4"
    batch_size               = 8
    learning_rate_multiplier = 0.8
  }

  # Wait for up to 30 minutes during creation
  completion_window = 1800
}
