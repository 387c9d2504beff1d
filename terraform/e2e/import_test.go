//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// Import fills every argument from the API: with an import block and
// -generate-config-out, the generated configuration holds all of them and
// the next plan after the import is empty.
func TestImportFillsEveryArgument(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			made := advancedWorkspace(t, c, emu)
			made.apply()
			id := str(made.resource(advanced)["id"])

			w := configWorkspace(t, c, emu, map[string]string{"main.tf": `terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

provider "openai" {}

import {
  to = openai_fine_tuned_model.imported
  id = "` + id + `"
}
`})
			w.ok("plan", "-no-color", "-generate-config-out=generated.tf")
			generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
			if err != nil {
				t.Fatal(err)
			}
			mustContain(t, string(generated), `model `, `training_file `, `validation_file `,
				`suffix `, `hyperparameters {`, `n_epochs `, `batch_size `, `learning_rate_multiplier `,
				`completion_window `)
			w.apply()
			got, want := w.resource("openai_fine_tuned_model.imported"), made.resource(advanced)
			for _, attr := range []string{"training_file", "validation_file", "suffix", "fine_tuned_model", "status"} {
				if got[attr] != want[attr] {
					t.Errorf("imported %s = %v, want %v", attr, got[attr], want[attr])
				}
			}
			w.noChanges()
		})
	}
}

// An ID that is not a job's is refused before any request, and a job ID
// the API does not know fails after its 404, each saying what a job ID looks
// like and where to find one (not the CLI's generic "non-existent remote
// object"); both with the import command and an import block.
func TestImportExplainsJobIDs(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t)
			w := newWorkspace(t, c, "simple", emu, "training_file=file-x")
			seq := emu.LastSeq(t)
			out := flat(w.fails("import", "-no-color", simple, "ft-abc123"))
			mustContain(t, out, "Not a fine-tuning job ID", `"ft-abc123" is not the ID of a fine-tuning job`,
				`begins with "ftjob-"`, "openai-ft jobs list", "OpenAI dashboard")
			mustNotContain(t, out, "non-existent remote object")
			if reqs := apiRequests(t, emu, seq); len(reqs) != 0 {
				t.Fatalf("a malformed ID was sent: %v", reqs)
			}

			out = flat(w.fails("import", "-no-color", simple, "ftjob-abc123"))
			mustContain(t, out, "No such fine-tuning job", "no fine-tuning job ftjob-abc123",
				`begins with "ftjob-"`, "openai-ft jobs list", "OpenAI dashboard")
			mustNotContain(t, out, "non-existent remote object")
			if reqs := apiRequests(t, emu, seq); len(reqs) != 1 || reqs[0] != "GET /v1/fine_tuning/jobs/ftjob-abc123" {
				t.Fatalf("requests of the two imports: %v", reqs)
			}

			w.write("import.tf", `import {
  to = openai_fine_tuned_model.simple
  id = "ft-abc123"
}
`)
			mustContain(t, flat(w.fails("plan", "-no-color")), "Not a fine-tuning job ID", "openai-ft jobs list")
			if w.resource(simple) != nil {
				t.Fatal("a failed import left the resource in the state")
			}
		})
	}
}

// flat is s with every run of white space (the CLI wraps its diagnostics
// at 78 columns off a terminal) made one space.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
