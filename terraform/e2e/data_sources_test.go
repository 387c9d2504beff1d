//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// jobAndDataSources is a configuration written for the upstream provider's
// names: a job (openai_fine_tuning_job) waited for, its model shared with a
// project, and every list data source reading them back into outputs.
const jobAndDataSources = `terraform {
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

resource "openai_fine_tuning_job" "job" {
  model         = "gpt-4o-mini-2024-07-18"
  training_file = var.training_file
  suffix        = "e2e"
  seed          = 7
  metadata = {
    team = "e2e"
  }

  hyperparameters {
    n_epochs = 2
  }

  completion_window = 120
}

resource "openai_fine_tuning_checkpoint_permission" "share" {
  checkpoint = openai_fine_tuning_job.job.fine_tuned_model
  project_id = "proj_e2e"
}

data "openai_fine_tuning_jobs" "team" {
  metadata   = { team = "e2e" }
  depends_on = [openai_fine_tuning_job.job]
}

data "openai_fine_tuning_events" "job" {
  fine_tuning_job_id = openai_fine_tuning_job.job.id
  limit              = 5
}

data "openai_fine_tuning_checkpoints" "job" {
  fine_tuning_job_id = openai_fine_tuning_job.job.id
}

data "openai_fine_tuning_checkpoint_permissions" "model" {
  checkpoint_id = openai_fine_tuning_checkpoint_permission.share.checkpoint
}

data "openai_model" "trained" {
  model_id = openai_fine_tuning_job.job.fine_tuned_model
}

# Read after the job, so that its model is listed.
data "openai_models" "all" {
  depends_on = [openai_fine_tuning_job.job]
}

output "jobs" {
  value = [for j in data.openai_fine_tuning_jobs.team.jobs : j.id]
}

output "events" {
  value = length(data.openai_fine_tuning_events.job.events)
}

output "events_more" {
  value = data.openai_fine_tuning_events.job.has_more
}

output "checkpoints" {
  value = [for c in data.openai_fine_tuning_checkpoints.job.checkpoints : c.fine_tuned_model_checkpoint]
}

output "shared_with" {
  value = [for p in data.openai_fine_tuning_checkpoint_permissions.model.permissions : p.project_id]
}

output "owner" {
  value = data.openai_model.trained.owned_by
}

output "listed" {
  value = contains([for m in data.openai_models.all.models : m.id], openai_fine_tuning_job.job.fine_tuned_model)
}
`

// The upstream name of a job and the data sources, applied on both CLIs:
// the job is waited for and its model shared, the outputs read every data
// source, and a second plan changes nothing (outputs included).
func TestJobAndDataSources(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			w := configWorkspace(t, c, emu, map[string]string{"main.tf": jobAndDataSources})
			w.vars = []string{"-var", "training_file=" + emu.Upload(t, "train.jsonl")}
			w.apply()
			job := w.resource("openai_fine_tuning_job.job")
			if str(job["status"]) != "succeeded" || !strings.HasPrefix(str(job["fine_tuned_model"]), "ft:") {
				t.Fatalf("the job after apply: %v", job)
			}
			var out map[string]struct {
				Value json.RawMessage `json:"value"`
			}
			w.decode(w.ok("output", "-json"), &out)
			want := map[string]string{
				"jobs": `["` + str(job["id"]) + `"]`, "events": "5", "events_more": "true",
				"shared_with": `["proj_e2e"]`, "listed": "true",
			}
			for name, v := range want {
				var b bytes.Buffer
				if err := json.Compact(&b, out[name].Value); err != nil || b.String() != v {
					t.Errorf("output %s = %s, want %s", name, out[name].Value, v)
				}
			}
			var checkpoints []string
			w.decode(string(out["checkpoints"].Value), &checkpoints)
			if len(checkpoints) == 0 || !strings.Contains(checkpoints[0], ":ckpt-step-") {
				t.Errorf("output checkpoints = %v", checkpoints)
			}
			if r := w.run("plan", "-no-color", "-detailed-exitcode"); r.code != 0 {
				t.Fatalf("the second plan: exit %d, want 0 (no change)\n%s", r.code, r)
			}
		})
	}
}
