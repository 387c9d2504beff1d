//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// upstreamSource and ourSource are the one line a user of the upstream
// provider (mkdev-me/openai v1.2.0) changes in a configuration.
const (
	upstreamSource = `source = "mkdev-me/openai"`
	ourSource      = `source = "libopenai-ft/openai"`
)

// upstreamConfig is a configuration written for the upstream provider, of
// the shape its examples/ and docs/ show: each entry of upstreamConfigs is
// applied by tofu and terraform 1.5.7 with only the source line changed,
// then planned again, which must show no change.
type upstreamConfig struct {
	name    string
	emuArgs []string // the emulator's arguments
	// files are the configuration's files (name: content), with
	// upstreamSource in its required_providers; they may use emu (make a
	// job, upload a file) for the IDs a user would have.
	files func(t *testing.T, emu *emutest.Emulator) map[string]string
	env   []string // the user's environment beyond OPENAI_API_KEY, OPENAI_ADMIN_KEY, OPENAI_BASE_URL
	// warnings must each be in a diagnostic of apply (deprecations), words
	// compared with spaces and line breaks alike.
	warnings []string
	// state, if set, is the state the upstream provider wrote for the
	// configuration (terraform.tfstate): its provider address is replaced
	// (the documented migration) before the apply, which changes nothing.
	state func(t *testing.T, emu *emutest.Emulator) string
	// check, if set, looks at the workspace after apply.
	check func(t *testing.T, w *workspace, emu *emutest.Emulator)
}

// upstreamVersions is examples/provider/versions.tf of the upstream
// provider, its version constraint kept: this provider's own version
// (terraform/VERSION, 1.3.0) continues upstream's 1.x.
const upstreamVersions = `terraform {
  required_version = ">= 1.0"

  required_providers {
    openai = {
      ` + upstreamSource + `
      version = ">= 1.0.0"
    }
  }
}
`

// upstreamPinned is a terraform block pinning upstream's minor version, as
// a user of v1.2.0 would: "~> 1.2" holds for this provider too.
const upstreamPinned = `terraform {
  required_providers {
    openai = {
      ` + upstreamSource + `
      version = "~> 1.2"
    }
  }
}
`

// upstreamProvider is the provider.tf of the upstream examples of a type.
const upstreamProvider = `terraform {
  required_providers {
    openai = {
      ` + upstreamSource + `
    }
  }
}

provider "openai" {
  # API key is loaded from OPENAI_API_KEY environment variable
}
`

// upstreamVariables is the variables.tf of the upstream examples of a type.
const upstreamVariables = `variable "openai_api_key" {
  description = "OpenAI API key. If not provided, uses OPENAI_API_KEY environment variable"
  type        = string
  sensitive   = true
  default     = null
}
`

// finishedJob makes a job in emu and runs it to its end: the job.
func finishedJob(t *testing.T, emu *emutest.Emulator) emutest.Job {
	var j emutest.Job
	emu.Do(t, "POST", "/v1/fine_tuning/jobs", map[string]any{
		"model": "gpt-4o-mini-2024-07-18", "training_file": emu.Upload(t, "train.jsonl"), "suffix": "upstream"}, &j)
	return emu.Finish(t, j.ID)
}

// upstreamModel is the model of one finished job of emu, made at the first call.
func upstreamModel(t *testing.T, emu *emutest.Emulator) string {
	upstreamModels.Lock()
	defer upstreamModels.Unlock()
	if upstreamModels.m == nil {
		upstreamModels.m = map[*emutest.Emulator]string{}
	}
	if upstreamModels.m[emu] == "" {
		upstreamModels.m[emu] = finishedJob(t, emu).FineTunedModel
	}
	return upstreamModels.m[emu]
}

var upstreamModels struct {
	sync.Mutex
	m map[*emutest.Emulator]string
}

// deprecated is the start of the warning an upstream argument name gives.
func deprecated(upstream, ours string) string {
	return fmt.Sprintf(`"%s" is the upstream provider's (mkdev-me/openai) name for "%s": write %s instead`, upstream, ours, ours)
}

// upstreamConfigs are the configurations; one entry per type or shape.
var upstreamConfigs = []upstreamConfig{
	{
		// docs/resources/fine_tuned_model.md's arguments, every one set.
		name: "openai_fine_tuned_model", emuArgs: []string{"--job-duration", "1"},
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider, "variables.tf": upstreamVariables,
				"resource.tf": fmt.Sprintf(`resource "openai_fine_tuned_model" "custom_model" {
  model           = "gpt-4o-mini-2024-07-18"
  training_file   = %q
  validation_file = %[1]q
  suffix          = "custom-model"

  hyperparameters {
    n_epochs                 = "3"
    batch_size               = 8
    learning_rate_multiplier = 0.5
  }

  completion_window = 120
}

output "fine_tuned_model" {
  value = openai_fine_tuned_model.custom_model.fine_tuned_model
}

output "status" {
  value = openai_fine_tuned_model.custom_model.status
}
`, emu.Upload(t, "train.jsonl"))}
		},
		check: func(t *testing.T, w *workspace, _ *emutest.Emulator) {
			m := w.resource("openai_fine_tuned_model.custom_model")
			if str(m["status"]) != "succeeded" || !strings.HasPrefix(str(m["fine_tuned_model"]), "ft:") {
				t.Fatalf("state after apply: %v", m)
			}
		},
	},
	{
		// examples/data-sources/openai_fine_tuning_job, with a job of the emulator's.
		name: "openai_fine_tuning_job data source",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider, "variables.tf": upstreamVariables,
				"data-source.tf": fmt.Sprintf(`# Fetch a specific fine-tuning job by ID
data "openai_fine_tuning_job" "custom_model" {
  fine_tuning_job_id = %q
}

# Output fine-tuning job status
output "job_status" {
  value = data.openai_fine_tuning_job.custom_model.status
}

output "suffix" {
  value = data.openai_fine_tuning_job.custom_model.user_provided_suffix
}

# The attributes upstream exports in its shapes: method as a list of one
# block, the job's object, an integration's id.
output "method" {
  value = "${data.openai_fine_tuning_job.custom_model.object} ${data.openai_fine_tuning_job.custom_model.method[0].type} ${data.openai_fine_tuning_job.custom_model.method[0].supervised[0].hyperparameters[0].n_epochs} ${length(data.openai_fine_tuning_job.custom_model.method[0].dpo)}"
}

output "integration_ids" {
  value = [for i in data.openai_fine_tuning_job.custom_model.integrations : i.id]
}
`, finishedJob(t, emu).ID)}
		},
		warnings: []string{deprecated("fine_tuning_job_id", "id")},
		check: func(t *testing.T, w *workspace, _ *emutest.Emulator) {
			out := w.ok("output", "-raw", "job_status") + " " + w.ok("output", "-raw", "suffix")
			if out != "succeeded upstream" {
				t.Fatalf("outputs: %q", out)
			}
			if m := w.ok("output", "-raw", "method"); !regexp.MustCompile(`^fine_tuning\.job supervised [0-9]+ 0$`).MatchString(m) {
				t.Fatalf("output method: %q", m)
			}
		},
	},
	{
		// docs/resources/fine_tuning_checkpoint_permission.md's project_ids
		// with several projects: one permission each; a project swapped
		// for another changes only those two, the first's permission stays.
		name: "openai_fine_tuning_checkpoint_permission, several projects",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider,
				"resource.tf": severalProjects(upstreamModel(t, emu), `"proj_a", "proj_b"`)}
		},
		warnings: []string{deprecated("checkpoint_id", "checkpoint")},
		check: func(t *testing.T, w *workspace, emu *emutest.Emulator) {
			model := upstreamModel(t, emu)
			before := projectPermissions(t, emu, model, "proj_a", "proj_b")
			p := w.resource("openai_fine_tuning_checkpoint_permission.example")
			if str(p["id"]) != before["proj_a"]+","+before["proj_b"] || w.ok("output", "-raw", "permission_id") != str(p["id"]) {
				t.Fatalf("state after apply: %v, permissions %v", p, before)
			}
			w.write("resource.tf", severalProjects(model, `"proj_a", "proj_c"`))
			if a := actions(w.plan()); a["openai_fine_tuning_checkpoint_permission.example"] != "update" {
				t.Fatalf("planned %v, want an update in place", a)
			}
			w.apply()
			if after := projectPermissions(t, emu, model, "proj_a", "proj_c"); after["proj_a"] != before["proj_a"] {
				t.Fatalf("proj_a's permission %s became %s", before["proj_a"], after["proj_a"])
			}
		},
	},
	{
		// docs/resources/fine_tuning_checkpoint_permission.md's arguments.
		name: "openai_fine_tuning_checkpoint_permission",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider,
				"resource.tf": fmt.Sprintf(`resource "openai_fine_tuning_checkpoint_permission" "example" {
  checkpoint_id = %q
  project_ids   = ["proj_abGMw1llN8IrBb6SvvY5A1iH"]
}

output "permission_id" {
  value = openai_fine_tuning_checkpoint_permission.example.id
}
`, finishedJob(t, emu).FineTunedModel)}
		},
		warnings: []string{deprecated("checkpoint_id", "checkpoint"), deprecated("project_ids", "project_id")},
		check: func(t *testing.T, w *workspace, _ *emutest.Emulator) {
			p := w.resource("openai_fine_tuning_checkpoint_permission.example")
			if !strings.HasPrefix(str(p["id"]), "cp_") || str(p["project_id"]) != "proj_abGMw1llN8IrBb6SvvY5A1iH" {
				t.Fatalf("state after apply: %v", p)
			}
		},
	},
	{
		// examples/provider: its three provider blocks (one with
		// organization_id, as upstream's example writes it), its variables
		// given in terraform.tfvars, the endpoint from OPENAI_API_URL.
		name: "provider example",
		env:  []string{"OPENAI_BASE_URL="},
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"versions.tf": upstreamVersions,
				"provider.tf": `# Basic provider configuration
provider "openai" {
  # Admin key is loaded from OPENAI_ADMIN_KEY environment variable
  # API key is loaded from OPENAI_API_KEY environment variable
}

# Provider with organization ID
provider "openai" {
  alias           = "org"
  api_key         = var.openai_api_key
  organization_id = var.organization_id
}

# Provider with admin API key for organization management
provider "openai" {
  alias = "admin"
}
`,
				"variables.tf": `variable "openai_api_key" {
  description = "OpenAI API key"
  type        = string
  sensitive   = true
}

variable "openai_admin_key" {
  description = "OpenAI admin API key for organization management"
  type        = string
  sensitive   = true
}

variable "organization_id" {
  description = "OpenAI organization ID"
  type        = string
}
`,
				"terraform.tfvars": fmt.Sprintf("openai_api_key   = %q\nopenai_admin_key = %[1]q\norganization_id  = \"org-example\"\n", emu.Key),
				"main.tf": fmt.Sprintf(`data "openai_fine_tuning_job" "org" {
  provider           = openai.org
  fine_tuning_job_id = %q
}

resource "openai_fine_tuning_checkpoint_permission" "admin" {
  provider      = openai.admin
  checkpoint_id = data.openai_fine_tuning_job.org.fine_tuned_model
  project_ids   = ["proj_example"]
}
`, finishedJob(t, emu).ID),
			}
		},
		warnings: []string{deprecated("organization_id", "organization"), "OPENAI_API_URL is the upstream provider's",
			"set OPENAI_BASE_URL instead"},
	},
	{
		// docs/index.md's provider arguments, every one set.
		name: "provider arguments",
		env:  []string{"OPENAI_BASE_URL="},
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"versions.tf": upstreamPinned,
				"provider.tf": fmt.Sprintf(`provider "openai" {
  api_key      = %q
  admin_key    = %[1]q
  api_url      = %q
  organization = "org-example"
  timeout      = 300
}

data "openai_fine_tuning_job" "example" {
  fine_tuning_job_id = %q
}
`, emu.Key, emu.URL, finishedJob(t, emu).ID)}
		},
		warnings: []string{deprecated("api_url", "base_url"), deprecated("fine_tuning_job_id", "id")},
	},
	{
		// The permission of docs/resources/fine_tuning_checkpoint_permission.md
		// in the state the upstream provider wrote for it.
		name: "openai_fine_tuning_checkpoint_permission state",
		files: func(t *testing.T, emu *emutest.Emulator) map[string]string {
			return map[string]string{"provider.tf": upstreamProvider,
				"resource.tf": fmt.Sprintf(`resource "openai_fine_tuning_checkpoint_permission" "example" {
  checkpoint_id = %q
  project_ids   = ["proj_abGMw1llN8IrBb6SvvY5A1iH"]
}
`, upstreamModel(t, emu))}
		},
		state: func(t *testing.T, emu *emutest.Emulator) string {
			var perms struct {
				Data []struct {
					ID        string `json:"id"`
					CreatedAt int64  `json:"created_at"`
				} `json:"data"`
			}
			emu.Do(t, "POST", "/v1/fine_tuning/checkpoints/"+upstreamModel(t, emu)+"/permissions",
				map[string]any{"project_ids": []string{"proj_abGMw1llN8IrBb6SvvY5A1iH"}}, &perms)
			if len(perms.Data) != 1 {
				t.Fatalf("permissions made: %v", perms)
			}
			return upstreamState(t, "openai_fine_tuning_checkpoint_permission", "example", map[string]any{
				"id": perms.Data[0].ID, "checkpoint_id": upstreamModel(t, emu),
				"project_ids": []string{"proj_abGMw1llN8IrBb6SvvY5A1iH"}, "created_at": perms.Data[0].CreatedAt})
		},
		warnings: []string{deprecated("checkpoint_id", "checkpoint"), deprecated("project_ids", "project_id")},
		check: func(t *testing.T, w *workspace, emu *emutest.Emulator) {
			p := w.resource("openai_fine_tuning_checkpoint_permission.example")
			if str(p["checkpoint"]) != upstreamModel(t, emu) || str(p["project_id"]) != "proj_abGMw1llN8IrBb6SvvY5A1iH" {
				t.Fatalf("state after apply: %v", p)
			}
			var perms struct{ Data []any }
			emu.Do(t, "GET", "/v1/fine_tuning/checkpoints/"+upstreamModel(t, emu)+"/permissions", nil, &perms)
			if len(perms.Data) != 1 {
				t.Fatalf("the checkpoint's permissions after apply: %v, want the one of the state", perms.Data)
			}
		},
	},
}

// The configurations written for the upstream provider apply with only the
// source line changed, and a second plan shows no change, on both CLIs.
func TestUpstreamConfigurations(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		for _, tc := range upstreamConfigs {
			t.Run(c.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				emu := emutest.Start(t, tc.emuArgs...)
				files := tc.files(t, emu)
				changed := 0
				for name, content := range files {
					if strings.Contains(content, upstreamSource) {
						files[name] = strings.Replace(content, upstreamSource, ourSource, 1)
						changed++
					}
				}
				if changed != 1 {
					t.Fatalf("%d files name %s, want one", changed, upstreamSource)
				}
				env := append([]string{"OPENAI_API_URL=" + emu.URL}, tc.env...)
				w := initWorkspace(t, c, t.TempDir(), emu, files, nil, env)
				if tc.state != nil {
					w.write("terraform.tfstate", tc.state(t, emu))
					w.ok("state", "replace-provider", "-auto-approve", "-no-color",
						"registry.terraform.io/mkdev-me/openai", c.host+"/libopenai-ft/openai")
					w.noChanges()
				}
				// A CLI shows one warning of a kind and counts the others;
				// apply -json prints each.
				out := jsonDiagnostics(w, w.apply("-json"))
				for _, want := range tc.warnings {
					mustContain(t, out, flat(want))
				}
				if tc.check != nil {
					tc.check(t, w, emu)
				}
				w.noChanges()
			})
		}
	}
}

// severalProjects is a permission of upstream's shape for the projects
// (their HCL list's elements).
func severalProjects(model, projects string) string {
	return fmt.Sprintf(`resource "openai_fine_tuning_checkpoint_permission" "example" {
  checkpoint_id = %q
  project_ids   = [%s]
}

output "permission_id" {
  value = openai_fine_tuning_checkpoint_permission.example.id
}
`, model, projects)
}

// projectPermissions is project -> permission ID of the model's
// permissions; they must be those of projects, one each.
func projectPermissions(t *testing.T, emu *emutest.Emulator, model string, projects ...string) map[string]string {
	t.Helper()
	var perms struct {
		Data []struct {
			ID        string `json:"id"`
			ProjectID string `json:"project_id"`
		} `json:"data"`
	}
	emu.Do(t, "GET", "/v1/fine_tuning/checkpoints/"+model+"/permissions?limit=100", nil, &perms)
	out := map[string]string{}
	for _, p := range perms.Data {
		out[p.ProjectID] = p.ID
	}
	if len(out) != len(perms.Data) || len(out) != len(projects) {
		t.Fatalf("permissions %v, want one for each of %v", perms.Data, projects)
	}
	for _, p := range projects {
		if out[p] == "" {
			t.Fatalf("permissions %v, want one for each of %v", perms.Data, projects)
		}
	}
	return out
}

// jsonDiagnostics are the summaries and details of the diagnostics in
// the machine-readable output of a command (-json), flattened.
func jsonDiagnostics(w *workspace, out string) string {
	w.t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var m struct {
			Type       string `json:"type"`
			Diagnostic struct{ Summary, Detail string }
		}
		w.decode(line, &m)
		if m.Type == "diagnostic" {
			b.WriteString(flat(m.Diagnostic.Summary+": "+m.Diagnostic.Detail) + "\n")
		}
	}
	return b.String()
}

// An import block's generated configuration of a checkpoint permission
// (which writes each value under both of its names) is valid, and the next
// plan after the import is empty.
func TestPermissionImportGeneratesConfig(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t)
			model := upstreamModel(t, emu)
			var perms struct {
				Data []struct{ ID string } `json:"data"`
			}
			emu.Do(t, "POST", "/v1/fine_tuning/checkpoints/"+model+"/permissions",
				map[string]any{"project_ids": []string{"proj_gen"}}, &perms)
			w := configWorkspace(t, c, emu, map[string]string{"main.tf": `terraform {
  required_providers {
    openai = {
      ` + ourSource + `
    }
  }
}

provider "openai" {}

import {
  to = openai_fine_tuning_checkpoint_permission.imported
  id = "` + model + "/" + perms.Data[0].ID + `"
}
`})
			w.ok("plan", "-no-color", "-generate-config-out=generated.tf")
			generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("generated.tf:\n%s", generated)
			// project_ids (not deprecated: the name for several projects)
			// agrees with project_id.
			mustContain(t, string(generated), "checkpoint ", "project_id ")
			mustNotContain(t, string(generated), "checkpoint_id") // deprecated: the CLIs leave it out
			w.apply()
			if p := w.resource("openai_fine_tuning_checkpoint_permission.imported"); str(p["project_id"]) != "proj_gen" {
				t.Fatalf("imported: %v", p)
			}
			w.noChanges()
		})
	}
}

// The upstream provider shared a model with every project of project_ids
// but kept only the first's permission in its state: once moved, the first
// apply takes the others' permissions over (no second permission for a
// project), and the next plan shows no change; destroy removes them all.
func TestPermissionUpstreamStateOfSeveralProjects(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t)
			model := upstreamModel(t, emu)
			var made struct {
				Data []struct {
					ID        string `json:"id"`
					ProjectID string `json:"project_id"`
					CreatedAt int64  `json:"created_at"`
				} `json:"data"`
			}
			emu.Do(t, "POST", "/v1/fine_tuning/checkpoints/"+model+"/permissions",
				map[string]any{"project_ids": []string{"proj_a", "proj_b"}}, &made)
			upstream := projectPermissions(t, emu, model, "proj_a", "proj_b")
			w := initWorkspace(t, c, t.TempDir(), emu, map[string]string{"provider.tf": strings.Replace(upstreamProvider, upstreamSource, ourSource, 1),
				"resource.tf": severalProjects(model, `"proj_a", "proj_b"`)}, nil, nil)
			w.write("terraform.tfstate", upstreamState(t, "openai_fine_tuning_checkpoint_permission", "example", map[string]any{
				"id": upstream["proj_a"], "checkpoint_id": model, "project_ids": []string{"proj_a"},
				"created_at": made.Data[0].CreatedAt}))
			w.ok("state", "replace-provider", "-auto-approve", "-no-color",
				"registry.terraform.io/mkdev-me/openai", c.host+"/libopenai-ft/openai")
			w.apply()
			if got := projectPermissions(t, emu, model, "proj_a", "proj_b"); fmt.Sprint(got) != fmt.Sprint(upstream) {
				t.Fatalf("permissions after apply %v, want upstream's %v", got, upstream)
			}
			if p := w.resource("openai_fine_tuning_checkpoint_permission.example"); str(p["id"]) != upstream["proj_a"]+","+upstream["proj_b"] {
				t.Fatalf("state after apply: %v", p)
			}
			w.noChanges()
			w.ok("destroy", "-auto-approve", "-no-color")
			projectPermissions(t, emu, model)
		})
	}
}
