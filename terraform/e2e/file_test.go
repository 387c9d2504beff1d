//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// copyFile copies a file of examples/data into dir (made if needed) and
// returns its path.
func copyFile(t *testing.T, name, dir string) string {
	t.Helper()
	data, err := os.ReadFile(emutest.DataFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// appendLine adds a line to the file at path.
func appendLine(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
}

const fileConfig = `terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

provider "openai" {}

variable "data" {
  type = string
}

resource "openai_file" "training" {
  file    = var.data
  purpose = "fine-tune"
}

resource "openai_fine_tuned_model" "model" {
  model             = "gpt-4o-mini-2024-07-18"
  training_file     = openai_file.training.id
  completion_window = 60
}

data "openai_files" "tuning" {
  purpose    = "fine-tune"
  depends_on = [openai_file.training]
}

output "files" {
  value = length(data.openai_files.tuning.files)
}
`

// A configuration of openai_file and openai_fine_tuned_model trained on it
// applies, and a second plan shows no change; the file is imported back by
// its ID; a bad line of data stops the plan with its line number and
// nothing is uploaded.
func TestFileAndModel(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			train := copyFile(t, "train.jsonl", t.TempDir())
			w := configWorkspace(t, c, emu, map[string]string{"main.tf": fileConfig})
			w.vars = []string{"-var", "data=" + train}
			w.apply()
			file, model := w.resource("openai_file.training"), w.resource("openai_fine_tuned_model.model")
			if !strings.HasPrefix(str(file["id"]), "file-") || str(model["training_file"]) != str(file["id"]) ||
				str(model["status"]) != "succeeded" || strings.TrimSpace(w.ok("output", "-raw", "files")) != "1" {
				t.Fatalf("file %v\nmodel %v", file, model)
			}
			w.noChanges()

			// Imported by ID: the first apply records the path (nothing is sent).
			w.ok("state", "rm", "openai_file.training")
			w.ok("import", "-no-color", "openai_file.training", str(file["id"]))
			seq := emu.LastSeq(t)
			w.apply()
			for _, r := range emu.Requests(t, seq) {
				if r.Method != "GET" {
					t.Fatalf("the apply after an import sent %v", r)
				}
			}
			if got := w.resource("openai_file.training"); got["content_sha256"] != file["content_sha256"] || got["file"] != train {
				t.Fatalf("imported file %v, want %v", got, file)
			}
			w.noChanges()

			bad := copyFile(t, "bad.jsonl", t.TempDir())
			seq = emu.LastSeq(t)
			out := w.fails("plan", "-no-color", "-var", "data="+bad)
			mustContain(t, strings.Join(strings.Fields(out), " "), "Invalid fine-tuning data", "bad.jsonl, line 2 (invalid_json)")
			for _, r := range emu.Requests(t, seq) {
				if r.Method == "POST" {
					t.Fatalf("a plan of bad data sent %v", r)
				}
			}
		})
	}
}

// A file in the state the upstream provider (mkdev-me/openai) wrote loads
// once its provider address is replaced: the first plan is an in-place
// update that records the content's digest (the upstream state has none),
// its apply sends nothing, and the next plan is clean.
func TestFileUpstreamStateLoads(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t)
			train := copyFile(t, "train.jsonl", t.TempDir())
			id := emu.Upload(t, "train.jsonl")
			w := configWorkspace(t, c, emu, map[string]string{"main.tf": `terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

provider "openai" {}

resource "openai_file" "training" {
  file    = "` + train + `"
  purpose = "fine-tune"
}
`})
			state := map[string]any{
				"version": 4, "terraform_version": "1.5.7", "serial": 1,
				"lineage": "0b7f3c1a-5e1d-4b8e-9a57-3f1c2d4e5f60", "outputs": map[string]any{},
				"resources": []any{map[string]any{
					"mode": "managed", "type": "openai_file", "name": "training",
					"provider": `provider["registry.terraform.io/mkdev-me/openai"]`,
					"instances": []any{map[string]any{
						"schema_version": 0, "sensitive_attributes": []any{},
						"attributes": map[string]any{"id": id, "file": train, "purpose": "fine-tune",
							"project_id": "", "filename": "train.jsonl", "bytes": 1, "created_at": 1764600000},
					}},
				}},
			}
			b, err := json.Marshal(state)
			if err != nil {
				t.Fatal(err)
			}
			w.write("terraform.tfstate", string(b))
			w.ok("state", "replace-provider", "-auto-approve", "-no-color",
				"registry.terraform.io/mkdev-me/openai", c.host+"/libopenai-ft/openai")
			if got := actions(w.plan()); len(got) != 1 || got["openai_file.training"] != "update" {
				t.Fatalf("the first plan is %v, want an in-place update of openai_file.training", got)
			}
			seq := emu.LastSeq(t)
			w.apply()
			for _, r := range emu.Requests(t, seq) {
				if r.Method != "GET" {
					t.Fatalf("the apply sent %v", r)
				}
			}
			if got := w.resource("openai_file.training"); str(got["id"]) != id || str(got["content_sha256"]) == "" {
				t.Fatalf("state: %v", got)
			}
			w.noChanges()
		})
	}
}
