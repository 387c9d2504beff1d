//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/terraform/internal/emutest"
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
