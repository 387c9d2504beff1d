//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

const simple = "openai_fine_tuned_model.simple"

// The simple example as a user lives it: init from the mirror, plan, apply
// (no wait), plan with no change, a refresh that sees the job succeed, an
// import of the job, and a destroy that keeps the trained model.
func TestSimpleExample(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "2")
			w := newWorkspace(t, c, "simple", emu, "training_file="+emu.Upload(t, "train.jsonl"))

			if a := actions(w.plan()); a[simple] != "create" {
				t.Fatalf("first plan: %v", a)
			}
			w.apply()
			job := w.resource(simple)
			id := str(job["id"])
			if !strings.HasPrefix(id, "ftjob-") || str(job["model"]) != "gpt-3.5-turbo" || job["fine_tuned_model"] != nil {
				t.Fatalf("state after apply: %v", job)
			}
			w.noChanges()

			eventually(t, 30e9, "the job to succeed", func() bool { return emu.Job(t, id).Status == "succeeded" })
			w.apply("-refresh-only")
			job = w.resource(simple)
			model := str(job["fine_tuned_model"])
			if str(job["status"]) != "succeeded" || !strings.HasPrefix(model, "ft:") || job["trained_tokens"] == nil {
				t.Fatalf("state after the refresh: %v", job)
			}
			// The API reports the dated snapshot; the state keeps what the configuration says.
			w.noChanges()

			// Import: the state is forgotten, then imported by job ID. The
			// hyperparameters the API chose are imported too; the
			// configuration leaves them to the API, which is an in-place
			// update (no new job), after which nothing changes.
			w.ok("state", "rm", simple)
			w.ok("import", "-no-color", simple, id)
			imported := w.resource(simple)
			if str(imported["training_file"]) != str(job["training_file"]) || str(imported["status"]) != "succeeded" {
				t.Fatalf("imported state: %v", imported)
			}
			if a := actions(w.plan()); a[simple] != "update" {
				t.Fatalf("plan after the import: %v, want an in-place update", a)
			}
			// ...but a value the API did not report is another job.
			w.write("epochs_override.tf", `resource "openai_fine_tuned_model" "simple" {
  hyperparameters {
    n_epochs = "7"
  }
}
`)
			if a := actions(w.plan()); a[simple] != "delete,create" {
				t.Fatalf("plan after the import with other epochs: %v, want a replacement", a)
			}
			w.remove("epochs_override.tf")
			seq := emu.LastSeq(t)
			w.apply("-refresh=false")
			if reqs := apiRequests(t, emu, seq); len(reqs) != 0 {
				t.Fatalf("the in-place update called the API: %v", reqs)
			}
			w.noChanges()

			seq = emu.LastSeq(t)
			w.ok("destroy", "-auto-approve", "-no-color")
			if w.resource(simple) != nil {
				t.Fatal("the resource is still in the state after destroy")
			}
			for _, r := range apiRequests(t, emu, seq) {
				if !strings.HasPrefix(r, "GET ") {
					t.Fatalf("destroying a finished job sent %s", r)
				}
			}
			if s := emu.Status(t, "GET", "/v1/models/"+model); s != 200 {
				t.Fatalf("the trained model is gone after destroy (GET: %d)", s)
			}
		})
	}
}

// A job deleted on the server leaves the state at the next refresh, and the
// next plan creates it again.
func TestJobDeletedOnTheServer(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "600")
	w := newWorkspace(t, tofu, "simple", emu, "training_file="+emu.Upload(t, "train.jsonl"))
	w.apply()
	emu.DeleteJob(t, str(w.resource(simple)["id"]))
	if a := actions(w.plan()); a[simple] != "create" {
		t.Fatalf("plan after the job was deleted: %v, want create", a)
	}
	w.apply("-refresh-only")
	if w.resource(simple) != nil {
		t.Fatal("a deleted job is still in the state after a refresh")
	}
}

// Destroying a job that has not finished cancels it.
func TestDestroyCancelsARunningJob(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "600")
	w := newWorkspace(t, tofu, "simple", emu, "training_file="+emu.Upload(t, "train.jsonl"))
	w.apply()
	id := str(w.resource(simple)["id"])
	seq := emu.LastSeq(t)
	w.ok("destroy", "-auto-approve", "-no-color")
	if s := emu.Job(t, id).Status; s != "cancelled" {
		t.Fatalf("job %s is %s after destroy, want cancelled", id, s)
	}
	reqs := strings.Join(apiRequests(t, emu, seq), "\n")
	mustContain(t, reqs, "POST /v1/fine_tuning/jobs/"+id+"/cancel")
	mustNotContain(t, reqs, "DELETE")
}
