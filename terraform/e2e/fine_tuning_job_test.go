//go:build e2e

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// upstreamJobConfig is upstream's example of openai_fine_tuning_job (n_epochs
// a number, a seed and metadata), as a configuration written for it has it.
const upstreamJobConfig = `terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

provider "openai" {}

variable "training_file" {
  type = string
}

resource "openai_fine_tuning_job" "custom_model" {
  training_file = var.training_file
  model         = "gpt-4o-mini-2024-07-18"

  hyperparameters {
    n_epochs = 3
  }

  suffix = "customer-support-v2"
  seed   = 42

  cancel_after_timeout = 3600

  metadata = {
    department = "customer-service"
  }
}
`

const customModel = "openai_fine_tuning_job.custom_model"

// State the upstream provider's openai_fine_tuning_job wrote (SDKv2, schema
// version 0) loads once the provider address is replaced: no change
// planned, a refresh fills it, and it still plans no change (upstream's
// cancel_after_timeout and last_updated kept as they were); then the job
// forgotten and imported by ID is the same job (an in-place update that
// calls nothing), and destroy keeps the trained model.
func TestUpstreamFineTuningJob(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			file := emu.Upload(t, "train.jsonl")
			var job emutest.Job
			emu.Do(t, "POST", "/v1/fine_tuning/jobs", map[string]any{"model": "gpt-4o-mini-2024-07-18",
				"training_file": file, "suffix": "customer-support-v2", "seed": 42,
				"metadata":        map[string]string{"department": "customer-service"},
				"hyperparameters": map[string]any{"n_epochs": 3}}, &job)
			job = emu.Finish(t, job.ID)

			w := configWorkspace(t, c, emu, map[string]string{"main.tf": upstreamJobConfig})
			w.vars = []string{"-var", "training_file=" + file}
			w.write("terraform.tfstate", upstreamJobState(t, map[string]any{
				"id": job.ID, "model": "gpt-4o-mini-2024-07-18", "training_file": file, "validation_file": "",
				"suffix": "customer-support-v2", "seed": 42, "metadata": map[string]string{"department": "customer-service"},
				"hyperparameters": []any{map[string]any{"n_epochs": 3, "batch_size": 0, "learning_rate_multiplier": 0}},
				"method":          []any{}, "integrations": []any{}, "cancel_after_timeout": 3600, "status": "running",
				"fine_tuned_model": "", "organization_id": "", "result_files": []any{}, "validation_loss": 0,
				"trained_tokens": 0, "created_at": 1764600000, "finished_at": 0,
				"last_updated": "Monday, 01-Dec-25 12:00:00 UTC",
			}))
			w.ok("state", "replace-provider", "-auto-approve", "-no-color",
				"registry.terraform.io/mkdev-me/openai", c.host+"/libopenai-ft/openai")
			w.noChanges()
			w.apply("-refresh-only")
			got := w.resource(customModel)
			if str(got["status"]) != "succeeded" || str(got["fine_tuned_model"]) != job.FineTunedModel ||
				got["organization_id"] == nil || got["seed"] != float64(42) || got["cancel_after_timeout"] != float64(3600) ||
				str(got["last_updated"]) != "Monday, 01-Dec-25 12:00:00 UTC" {
				t.Fatalf("state after the refresh: %v", got)
			}
			w.noChanges()

			// upstream's cancel_after_timeout is accepted, with a warning saying it does nothing.
			mustContain(t, w.ok("validate", "-no-color"), "cancel_after_timeout has no effect")

			w.ok("state", "rm", customModel)
			w.ok("import", "-no-color", customModel, job.ID)
			if a := actions(w.plan()); a[customModel] != "update" {
				t.Fatalf("plan after the import: %v, want an in-place update", a)
			}
			seq := emu.LastSeq(t)
			w.apply("-refresh=false")
			if reqs := apiRequests(t, emu, seq); len(reqs) != 0 {
				t.Fatalf("the in-place update called the API: %v", reqs)
			}
			w.noChanges()

			w.ok("destroy", "-auto-approve", "-no-color")
			if emu.Status(t, "GET", "/v1/models/"+job.FineTunedModel) != 200 {
				t.Fatal("destroy deleted the trained model")
			}
		})
	}
}

// upstreamJobState is a state of one openai_fine_tuning_job as the upstream
// provider wrote it.
func upstreamJobState(t *testing.T, attrs map[string]any) string {
	state := map[string]any{
		"version": 4, "terraform_version": "1.5.7", "serial": 1,
		"lineage": "8d3f5a1e-2c4b-4e6f-9a0b-1c2d3e4f5a6b", "outputs": map[string]any{},
		"resources": []any{map[string]any{
			"mode": "managed", "type": "openai_fine_tuning_job", "name": "custom_model",
			"provider": `provider["registry.terraform.io/mkdev-me/openai"]`,
			"instances": []any{map[string]any{
				"schema_version": 0, "attributes": attrs, "sensitive_attributes": []any{},
			}},
		}},
	}
	b, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
