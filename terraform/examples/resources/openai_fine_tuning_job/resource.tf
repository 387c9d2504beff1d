# The upstream provider's name for a job: the same resource as
# openai_fine_tuned_model, with its seed and metadata.
resource "openai_fine_tuning_job" "custom_model" {
  model           = "gpt-4o-mini-2024-07-18"
  training_file   = "file-abc123"
  validation_file = "file-xyz789"
  suffix          = "customer-support-v2"
  seed            = 42

  hyperparameters {
    n_epochs                 = 3
    batch_size               = 4
    learning_rate_multiplier = 0.1
  }

  metadata = {
    department = "customer-service"
    version    = "2.0"
  }

  # Report the training metrics to Weights and Biases
  integrations {
    type = "wandb"
    wandb {
      project = "support-models"
      tags    = ["v2"]
    }
  }

  # Wait for up to an hour during creation
  completion_window = 3600
}

output "fine_tuned_model" {
  value = openai_fine_tuning_job.custom_model.fine_tuned_model
}

# The method block, upstream's replacement for the hyperparameters block.
resource "openai_fine_tuning_job" "preference" {
  model         = "gpt-4o-mini-2024-07-18"
  training_file = "file-pref456"

  method {
    type = "dpo"
    dpo {
      hyperparameters {
        beta = 0.1
      }
    }
  }
}
