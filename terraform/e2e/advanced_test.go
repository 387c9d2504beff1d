//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

const advanced = "openai_fine_tuned_model.advanced"

func advancedWorkspace(t *testing.T, c cli, emu *emutest.Emulator) *workspace {
	return newWorkspace(t, c, "advanced", emu,
		"training_file="+emu.Upload(t, "train.jsonl"), "validation_file="+emu.Upload(t, "train.jsonl"))
}

// The advanced example waits in its completion window for the job to
// succeed, reads it back through the data source, and then changes nothing.
func TestAdvancedExampleWaitsForTheJob(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			w := advancedWorkspace(t, c, emu)
			out := w.apply()
			mustNotContain(t, out, "Warning")
			job := w.resource(advanced)
			if str(job["status"]) != "succeeded" || !strings.HasPrefix(str(job["fine_tuned_model"]), "ft:") ||
				job["finished_at"] == nil || str(job["suffix"]) != "custom-model-name" {
				t.Fatalf("state after apply: %v", job)
			}
			hp := job["hyperparameters"].([]any)[0].(map[string]any)
			if str(hp["n_epochs"]) != "4" || hp["batch_size"] != 8.0 || hp["learning_rate_multiplier"] != 0.8 {
				t.Fatalf("hyperparameters in the state: %v", hp)
			}
			data := w.resource("data.openai_fine_tuning_job.advanced")
			if data["events_count"].(float64) < 1 || len(data["checkpoints"].([]any)) == 0 ||
				str(data["validation_file"]) == "" || str(data["status"]) != "succeeded" {
				t.Fatalf("data source: %v", data)
			}
			w.noChanges()
			w.ok("destroy", "-auto-approve", "-no-color")
		})
	}
}

// completion_window changes in place and calls nothing (the simple
// example: no data source reads the job at apply).
func TestCompletionWindowChangesInPlace(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "1")
	w := windowed(t, emu, emu.Upload(t, "train.jsonl"), 60)
	w.apply()
	w.write("window_override.tf", `resource "openai_fine_tuned_model" "simple" {
  completion_window = 120
}
`)
	if a := actions(w.plan()); a[simple] != "update" {
		t.Fatalf("completion_window changed: %v, want an in-place update", a)
	}
	seq := emu.LastSeq(t)
	w.apply("-refresh=false")
	if reqs := apiRequests(t, emu, seq); len(reqs) != 0 {
		t.Fatalf("changing completion_window called the API: %v", reqs)
	}
	if w.resource(simple)["completion_window"] != 120.0 {
		t.Fatal("completion_window is not 120 in the state")
	}
	w.noChanges()
}

// Every argument that reaches the API replaces the job.
func TestArgumentChangesReplaceTheJob(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "1")
	w := advancedWorkspace(t, tofu, emu)
	w.apply()

	other := emu.Upload(t, "train.jsonl")
	for attr, override := range map[string]string{
		"model":                    `model = "gpt-4o-mini-2024-07-18"`,
		"training_file":            fmt.Sprintf("training_file = %q", other),
		"validation_file":          fmt.Sprintf("validation_file = %q", other),
		"suffix":                   `suffix = "another-name"`,
		"n_epochs":                 hyperparametersBlock(`"auto"`, 8, 0.8),
		"batch_size":               hyperparametersBlock(`"4"`, 16, 0.8),
		"learning_rate_multiplier": hyperparametersBlock(`"4"`, 8, 2),
	} {
		w.write("arg_override.tf", "resource \"openai_fine_tuned_model\" \"advanced\" {\n"+override+"\n}\n")
		if a := actions(w.plan("-refresh=false")); a[advanced] != "delete,create" {
			t.Errorf("%s changed: %v, want a replacement", attr, a)
		}
	}
}

// hyperparametersBlock is a hyperparameters block in HCL.
func hyperparametersBlock(nEpochs string, batchSize int, lrm float64) string {
	return fmt.Sprintf("hyperparameters {\n  n_epochs = %s\n  batch_size = %d\n  learning_rate_multiplier = %g\n}", nEpochs, batchSize, lrm)
}

// A plan that replaces the job says, once, that apply starts a new training
// run, billed, and keeps the model the job trained; one that changes
// completion_window in place says nothing of it.
func TestReplacementWarnsOfANewTrainingRun(t *testing.T) {
	const warning = "Warning: Replacing a fine-tuned model starts a new training run"
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			w := advancedWorkspace(t, c, emu)
			w.apply()
			job := w.resource(advanced)
			id, model := str(job["id"]), str(job["fine_tuned_model"])
			for what, override := range map[string]string{
				"suffix":           `suffix = "another-name"`,
				"suffix and model": "suffix = \"another-name\"\nmodel = \"gpt-4o-mini-2024-07-18\"",
				"hyperparameters":  hyperparametersBlock(`"auto"`, 8, 0.8),
			} {
				w.write("arg_override.tf", "resource \"openai_fine_tuned_model\" \"advanced\" {\n"+override+"\n}\n")
				out := flat(w.ok("plan", "-no-color", "-refresh=false"))
				mustContain(t, out, "must be replaced", warning, "a new training run, billed",
					"in place of "+id, "The model job "+id+" trained, "+model+", is not deleted")
				if n := strings.Count(out, warning); n != 1 {
					t.Errorf("%s changed: the warning is shown %d times, want once", what, n)
				}
			}
			w.write("arg_override.tf", "resource \"openai_fine_tuned_model\" \"advanced\" {\ncompletion_window = 120\n}\n")
			out := flat(w.ok("plan", "-no-color", "-refresh=false"))
			mustContain(t, out, "updated in-place")
			mustNotContain(t, out, warning)
		})
	}
}
