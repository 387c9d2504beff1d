//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

const (
	moduleModel = "module.fine_tuned_model.openai_fine_tuned_model.this"
	share       = `module.fine_tuned_model.openai_fine_tuning_checkpoint_permission.share["proj_partner"]`
)

// The module example trains a model and shares it with a project; the
// permission is imported back and destroyed with the rest.
func TestModuleExample(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			w := newWorkspace(t, c, "module", emu, "training_file="+emu.Upload(t, "train.jsonl"),
				`share_with_projects=["proj_partner"]`)
			w.apply()
			model := str(w.resource(moduleModel)["fine_tuned_model"])
			if !strings.HasPrefix(model, "ft:") || strings.TrimSpace(w.ok("output", "-raw", "model_id")) != model {
				t.Fatalf("model %q, output model_id %q", model, w.ok("output", "-raw", "model_id"))
			}
			perm := w.resource(share)
			id := str(perm["id"])
			if !strings.HasPrefix(id, "cp_") || str(perm["checkpoint"]) != model || str(perm["project_id"]) != "proj_partner" {
				t.Fatalf("permission in the state: %v", perm)
			}
			w.noChanges()

			w.ok("state", "rm", share)
			w.ok("import", "-no-color", share, model+"/"+id)
			if got := w.resource(share); str(got["project_id"]) != "proj_partner" || got["created_at"] == nil {
				t.Fatalf("imported permission: %v", got)
			}
			w.noChanges()

			w.ok("destroy", "-auto-approve", "-no-color")
			var list struct {
				Data []struct {
					ID string `json:"id"`
				} `json:"data"`
			}
			emu.Do(t, "GET", "/v1/fine_tuning/checkpoints/"+model+"/permissions", nil, &list)
			if len(list.Data) != 0 {
				t.Fatalf("permissions left after destroy: %v", list.Data)
			}
		})
	}
}

// Sharing a model whose job has not succeeded yet is refused with a message
// that says what to do; the job itself is created.
func TestModuleSharesOnlyATrainedModel(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "600")
	w := newWorkspace(t, tofu, "module", emu, "training_file="+emu.Upload(t, "train.jsonl"),
		`share_with_projects=["proj_partner"]`)
	w.write("window_override.tf", `module "fine_tuned_model" {
  completion_window = 1
}
`)
	out := w.fails("apply", "-auto-approve", "-no-color")
	mustContain(t, out, "Completion window ran out", "can be shared once job")
	if str(w.resource(moduleModel)["id"]) == "" {
		t.Fatal("the job is not in the state")
	}
}

// The module alone goes from data on disk to a model: it uploads the
// training and validation files (openai_file), trains on them, and plans
// nothing more; a touch of the data changes nothing, an edit retrains;
// destroy deletes the files.
func TestModuleFromDataOnDisk(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "1")
			data := t.TempDir()
			train, valid := copyFile(t, "train.jsonl", data), copyFile(t, "train.jsonl", filepath.Join(data, "v"))
			w := newWorkspace(t, c, "module", emu, "training_data="+train, "validation_data="+valid)
			w.apply()
			job := w.resource(moduleModel)
			trainFile := w.resource("module.fine_tuned_model.openai_file.training[0]")
			validFile := w.resource("module.fine_tuned_model.openai_file.validation[0]")
			if !strings.HasPrefix(str(job["fine_tuned_model"]), "ft:") ||
				str(job["training_file"]) != str(trainFile["id"]) || str(job["validation_file"]) != str(validFile["id"]) ||
				str(trainFile["status"]) != "processed" ||
				strings.TrimSpace(w.ok("output", "-raw", "training_file_id")) != str(trainFile["id"]) {
				t.Fatalf("job %v\ntraining file %v\nvalidation file %v", job, trainFile, validFile)
			}
			w.noChanges()

			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(train, later, later); err != nil {
				t.Fatal(err)
			}
			w.noChanges()

			appendLine(t, train, `{"messages":[{"role":"user","content":"And 3 + 3?"},{"role":"assistant","content":"6, obviously."}]}`)
			got := actions(w.plan())
			if got["module.fine_tuned_model.openai_file.training[0]"] != "delete,create" ||
				got[moduleModel] != "delete,create" || len(got) != 2 {
				t.Fatalf("after an edit of the training data the plan is %v, want the file and the job replaced", got)
			}

			w.ok("destroy", "-auto-approve", "-no-color")
			for _, f := range []map[string]any{trainFile, validFile} {
				if st := emu.Status(t, "GET", "/v1/files/"+str(f["id"])); st != 404 {
					t.Fatalf("file %s after destroy: HTTP %d", str(f["id"]), st)
				}
			}
		})
	}
}

// The module refuses both a training file ID and training data.
func TestModuleTrainingFileOrData(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t)
	train := copyFile(t, "train.jsonl", t.TempDir())
	w := newWorkspace(t, tofu, "module", emu, "training_data="+train, "training_file=file-abc")
	mustContain(t, w.fails("plan", "-no-color"), "exactly one of training_file")
}
