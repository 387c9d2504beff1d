//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// The files, jobs, models and job listings of the upstream provider, in the
// shapes of its examples/ (resources/openai_file, resources/openai_fine_tuning_job,
// data-sources/openai_file, _files, _fine_tuning_jobs, _model, _models) and,
// for the data sources it has no example of, of its docs/data-sources pages
// (every argument set): run by TestUpstreamConfigurations with the others.
func init() {
	upstreamConfigs = append(upstreamConfigs, upstreamTypeConfigs...)
}

// upstreamData is the content of a file of examples/data, as the
// training_data.jsonl beside upstream's examples.
func upstreamData(t *testing.T, name string) string {
	b, err := os.ReadFile(emutest.DataFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// jobItems are the IDs of the items of a job's list (events, checkpoints),
// as the API lists them.
func jobItems(t *testing.T, emu *emutest.Emulator, job, list string) []string {
	var page struct {
		Data []struct{ ID string } `json:"data"`
	}
	emu.Do(t, "GET", "/v1/fine_tuning/jobs/"+job+"/"+list+"?limit=100", nil, &page)
	ids := make([]string, len(page.Data))
	for i, d := range page.Data {
		ids[i] = d.ID
	}
	if len(ids) < 2 {
		t.Fatalf("job %s has %d %s, want 2 or more", job, len(ids), list)
	}
	return ids
}

var upstreamTypeConfigs = []upstreamConfig{
	{
		// examples/resources/openai_file.
		name: "openai_file",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider, "variables.tf": upstreamVariables,
				"training_data.jsonl": upstreamData(t, "train.jsonl"),
				"resource.tf": `resource "openai_file" "training_data" {
  file    = "training_data.jsonl"
  purpose = "fine-tune"
}

output "file_id" {
  value = openai_file.training_data.id
}
`}
		},
		check: func(t *testing.T, w *workspace, emu *emutest.Emulator) {
			id := w.ok("output", "-raw", "file_id")
			var f struct{ Purpose, Filename string }
			emu.Do(t, "GET", "/v1/files/"+id, nil, &f)
			if f.Purpose != "fine-tune" || f.Filename != "training_data.jsonl" {
				t.Fatalf("file %s: %+v", id, f)
			}
		},
	},
	{
		// examples/resources/openai_fine_tuning_job: two files, three jobs
		// (no completion_window, as upstream: apply does not wait for them).
		name: "openai_fine_tuning_job",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider, "variables.tf": upstreamVariables,
				"training_data.jsonl":   upstreamData(t, "train.jsonl"),
				"validation_data.jsonl": upstreamData(t, "train.jsonl"),
				"resource.tf": `resource "openai_file" "training_data" {
  file    = "training_data.jsonl"
  purpose = "fine-tune"
}

resource "openai_file" "validation_data" {
  file    = "validation_data.jsonl"
  purpose = "fine-tune"
}

resource "openai_fine_tuning_job" "custom_model" {
  training_file = openai_file.training_data.id
  model         = "gpt-3.5-turbo-0125" # Base model to fine-tune

  validation_file = openai_file.validation_data.id

  hyperparameters {
    n_epochs                 = 3
    batch_size               = 4
    learning_rate_multiplier = 0.1
  }

  suffix = "customer-support-v2"

  metadata = {
    department = "customer-service"
    use_case   = "support-automation"
    version    = "2.0"
    trained_by = "ml-team"
  }
}

resource "openai_fine_tuning_job" "simple_model" {
  training_file = openai_file.training_data.id
  model         = "gpt-3.5-turbo-0125"

  suffix = "basic-v1"
}

resource "openai_fine_tuning_job" "reproducible_model" {
  training_file = openai_file.training_data.id
  model         = "gpt-3.5-turbo-0125"

  hyperparameters {
    n_epochs                 = 5
    batch_size               = 8
    learning_rate_multiplier = 0.05
  }

  seed = 42

  suffix = "reproducible-v1"

  metadata = {
    experiment_id = "EXP-2024-001"
    reproducible  = "true"
  }
}

output "fine_tuning_job_id" {
  value       = openai_fine_tuning_job.custom_model.id
  description = "The ID of the fine-tuning job"
}
`}
		},
		check: func(t *testing.T, w *workspace, emu *emutest.Emulator) {
			id := w.ok("output", "-raw", "fine_tuning_job_id")
			if j := emu.Job(t, id); j.Model != "gpt-3.5-turbo-0125" {
				t.Fatalf("job %s: %+v", id, j)
			}
			c := w.resource("openai_fine_tuning_job.custom_model")
			r := w.resource("openai_fine_tuning_job.reproducible_model")
			if str(c["validation_file"]) == "" || fmt.Sprint(c["metadata"]) != "map[department:customer-service trained_by:ml-team use_case:support-automation version:2.0]" ||
				fmt.Sprint(r["seed"]) != "42" || fmt.Sprint(r["hyperparameters"]) != "[map[batch_size:8 learning_rate_multiplier:0.05 n_epochs:5]]" {
				t.Fatalf("custom_model: %v\nreproducible_model: %v", c, r)
			}
		},
	},
	{
		// examples/data-sources/openai_file and openai_files, with a file of
		// the emulator's.
		name: "openai_file and openai_files data sources",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider, "variables.tf": upstreamVariables,
				"file.tf": fmt.Sprintf(`data "openai_file" "training_data" {
  file_id = %q
}

output "file_id" {
  value = data.openai_file.training_data.id
}
`, emu.Upload(t, "train.jsonl")),
				"files.tf": `data "openai_files" "all" {
  purpose = "fine-tune"
}

data "openai_files" "assistant_files" {
  purpose = "assistants"
}

output "total_files" {
  value = length(data.openai_files.all.files)
}
`}
		},
		check: func(t *testing.T, w *workspace, _ *emutest.Emulator) {
			if id, n := w.ok("output", "-raw", "file_id"), w.ok("output", "-raw", "total_files"); !strings.HasPrefix(id, "file-") || n != "1" {
				t.Fatalf("file_id %q, total_files %q", id, n)
			}
		},
	},
	{
		// examples/data-sources/openai_model and openai_models.
		name: "openai_model and openai_models data sources",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider, "variables.tf": upstreamVariables,
				"model.tf": `data "openai_model" "gpt4" {
  model_id = "gpt-4o-mini"
}

output "model_details" {
  value = {
    id       = data.openai_model.gpt4.id
    created  = data.openai_model.gpt4.created
    owned_by = data.openai_model.gpt4.owned_by
  }
}
`,
				"models.tf": `data "openai_models" "available" {}

output "available_models" {
  value = [for model in data.openai_models.available.models : model.id if startswith(model.id, "gpt-")]
}
`}
		},
		check: func(t *testing.T, w *workspace, _ *emutest.Emulator) {
			out := w.ok("output", "-json")
			mustContain(t, out, `"gpt-4o-mini`, `"owned_by"`)
		},
	},
	{
		// examples/data-sources/openai_fine_tuning_jobs, and its page's
		// limit (commented out in the example) set.
		name: "openai_fine_tuning_jobs data source",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			finishedJob(t, emu)
			finishedJob(t, emu)
			return map[string]string{"provider.tf": upstreamProvider, "variables.tf": upstreamVariables,
				"data-source.tf": `# List all fine-tuning jobs
data "openai_fine_tuning_jobs" "all" {
}

data "openai_fine_tuning_jobs" "recent" {
  limit = 1
}

output "total_jobs" {
  value = length(data.openai_fine_tuning_jobs.all.jobs)
}

output "recent_jobs" {
  value = length(data.openai_fine_tuning_jobs.recent.jobs)
}
`}
		},
		check: func(t *testing.T, w *workspace, _ *emutest.Emulator) {
			if all, recent := w.ok("output", "-raw", "total_jobs"), w.ok("output", "-raw", "recent_jobs"); all != "2" || recent != "1" {
				t.Fatalf("total_jobs %q, recent_jobs %q", all, recent)
			}
		},
	},
	{
		// docs/data-sources/fine_tuning_events.md and _checkpoints.md,
		// every argument set (after: the newest item's ID). Upstream's
		// checkpoints also list status, trained_tokens and training_progress,
		// fields the API's checkpoint object does not have (upstream sets
		// "" and 0): here they are null, and a configuration reading them
		// plans and applies.
		name: "openai_fine_tuning_events and _checkpoints data sources",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			job := finishedJob(t, emu).ID
			events, checkpoints := jobItems(t, emu, job, "events"), jobItems(t, emu, job, "checkpoints")
			return map[string]string{"provider.tf": upstreamProvider,
				"data-source.tf": fmt.Sprintf(`data "openai_fine_tuning_events" "job" {
  fine_tuning_job_id = %[1]q
  limit              = 1
}

data "openai_fine_tuning_events" "older" {
  fine_tuning_job_id = %[1]q
  after              = %[2]q
  limit              = 20
}

data "openai_fine_tuning_checkpoints" "job" {
  fine_tuning_job_id = %[1]q
  limit              = 1
}

data "openai_fine_tuning_checkpoints" "older" {
  fine_tuning_job_id = %[1]q
  after              = %[3]q
  limit              = 20
}

output "latest_event" {
  value = "${data.openai_fine_tuning_events.job.events[0].id} ${data.openai_fine_tuning_events.job.has_more}"
}

output "older_events" {
  value = length(data.openai_fine_tuning_events.older.events)
}

output "latest_checkpoint" {
  value = "${data.openai_fine_tuning_checkpoints.job.checkpoints[0].id} ${data.openai_fine_tuning_checkpoints.job.checkpoints[0].fine_tuning_job_id}"
}

output "older_checkpoints" {
  value = length(data.openai_fine_tuning_checkpoints.older.checkpoints)
}

output "checkpoint_progress" {
  value = [for c in data.openai_fine_tuning_checkpoints.job.checkpoints : {
    status            = c.status
    trained_tokens    = c.trained_tokens
    training_progress = c.training_progress
  }]
}
`, job, events[0], checkpoints[0])}
		},
		check: func(t *testing.T, w *workspace, emu *emutest.Emulator) {
			var jobs struct{ Data []struct{ ID string } }
			emu.Do(t, "GET", "/v1/fine_tuning/jobs", nil, &jobs)
			job := jobs.Data[0].ID
			events, checkpoints := jobItems(t, emu, job, "events"), jobItems(t, emu, job, "checkpoints")
			got := strings.Join([]string{w.ok("output", "-raw", "latest_event"), w.ok("output", "-raw", "older_events"),
				w.ok("output", "-raw", "latest_checkpoint"), w.ok("output", "-raw", "older_checkpoints")}, "|")
			want := fmt.Sprintf("%s true|%d|%s %s|%d", events[0], min(20, len(events)-1), checkpoints[0], job,
				min(20, len(checkpoints)-1))
			if got != want {
				t.Fatalf("outputs %q, want %q", got, want)
			}
			if p := w.ok("output", "-json", "checkpoint_progress"); strings.Join(strings.Fields(p), "") !=
				`[{"status":null,"trained_tokens":null,"training_progress":null}]` {
				t.Fatalf("output checkpoint_progress: %s", p)
			}
		},
	},
	{
		// docs/data-sources/fine_tuning_checkpoint_permissions.md, every
		// argument set, with two permissions of a trained model.
		name: "openai_fine_tuning_checkpoint_permissions data source",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			model := upstreamModel(t, emu)
			var perms struct{ Data []struct{ ID string } }
			emu.Do(t, "POST", "/v1/fine_tuning/checkpoints/"+model+"/permissions",
				map[string]any{"project_ids": []string{"proj_a"}}, &perms)
			emu.Do(t, "POST", "/v1/fine_tuning/checkpoints/"+model+"/permissions",
				map[string]any{"project_ids": []string{"proj_b"}}, &perms)
			// after: the first in the list's order, which leaves the other.
			emu.Do(t, "GET", "/v1/fine_tuning/checkpoints/"+model+"/permissions", nil, &perms)
			first := perms.Data[0].ID
			return map[string]string{"provider.tf": upstreamProvider,
				"data-source.tf": fmt.Sprintf(`data "openai_fine_tuning_checkpoint_permissions" "all" {
  checkpoint_id = %[1]q
}

data "openai_fine_tuning_checkpoint_permissions" "page" {
  checkpoint_id = %[1]q
  after         = %[2]q
  limit         = 10
}

output "projects" {
  value = join(",", sort(flatten([for p in data.openai_fine_tuning_checkpoint_permissions.all.permissions : p.project_ids])))
}

output "after_first" {
  value = length(data.openai_fine_tuning_checkpoint_permissions.page.permissions)
}

output "viewable" {
  value = length([for p in data.openai_fine_tuning_checkpoint_permissions.all.permissions : p.id if p.allow_view])
}

output "allow_create" {
  value = [for p in data.openai_fine_tuning_checkpoint_permissions.all.permissions : p.allow_create]
}
`, model, first)}
		},
		check: func(t *testing.T, w *workspace, _ *emutest.Emulator) {
			if got := w.ok("output", "-raw", "projects") + " " + w.ok("output", "-raw", "after_first") + " " +
				w.ok("output", "-raw", "viewable"); got != "proj_a,proj_b 1 2" {
				t.Fatalf("outputs: %q", got)
			}
		},
	},
}
