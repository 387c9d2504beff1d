//go:build e2e

package e2e

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// windowed writes a configuration of one job with a completion window.
func windowed(t *testing.T, emu *emutest.Emulator, file string, window int) *workspace {
	w := newWorkspace(t, tofu, "simple", emu, "training_file="+file)
	w.write("window_override.tf", `resource "openai_fine_tuned_model" "simple" {
  completion_window = `+itoa(window)+`
}
`)
	return w
}

func itoa(n int) string { return strconv.Itoa(n) }

// A job that fails in the window is an error that carries the job's own
// error; the job is saved, tainted, so the next apply replaces it.
func TestJobFailingInTheWindow(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "1")
	w := windowed(t, emu, emu.Upload(t, "bad.jsonl"), 60)
	out := w.fails("apply", "-auto-approve", "-no-color")
	mustContain(t, out, "Fine-tuning job failed", "invalid_training_file")
	status, ok := w.instanceStatus("openai_fine_tuned_model", "simple")
	if !ok || status != "tainted" {
		t.Fatalf("after a failed job the instance is %q (present: %v), want tainted", status, ok)
	}
	job := w.resource(simple)
	if str(job["status"]) != "failed" || job["error"].(map[string]any)["code"] != "invalid_training_file" {
		t.Fatalf("state of the failed job: %v", job)
	}
	if a := actions(w.plan()); a[simple] != "delete,create" {
		t.Fatalf("plan after a failed job: %v, want a replacement", a)
	}
}

// A window that runs out is a warning; the job is saved untainted, the next
// plan changes nothing, and a later refresh sees it succeed.
func TestWindowRunsOut(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "600")
	w := windowed(t, emu, emu.Upload(t, "train.jsonl"), 1)
	out := w.apply()
	mustContain(t, out, "Warning: Completion window ran out", "Apply complete! Resources: 1 added")
	if status, ok := w.instanceStatus("openai_fine_tuned_model", "simple"); !ok || status != "" {
		t.Fatalf("instance status %q (present: %v), want untainted", status, ok)
	}
	w.noChanges()
	id := str(w.resource(simple)["id"])
	emu.Finish(t, id)
	w.apply("-refresh-only")
	if job := w.resource(simple); str(job["status"]) != "succeeded" || job["fine_tuned_model"] == nil {
		t.Fatalf("after the job finished and a refresh: %v", job)
	}
}

// Ctrl-C during the wait stops tofu promptly; the job is saved, untainted,
// and keeps running.
func TestInterruptDuringTheWait(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--job-duration", "600")
	w := windowed(t, emu, emu.Upload(t, "train.jsonl"), 600)
	cmd := w.command("apply", "-auto-approve", "-no-color")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			killGroup(cmd)
			<-exited
		}
	})

	var id string
	eventually(t, 30*time.Second, "the job to be created", func() bool {
		var list struct {
			Data []emutest.Job `json:"data"`
		}
		emu.Do(t, "GET", "/v1/fine_tuning/jobs", nil, &list)
		if len(list.Data) == 1 {
			id = list.Data[0].ID
		}
		return id != ""
	})
	time.Sleep(500 * time.Millisecond) // well into the wait
	// As a terminal's Ctrl-C: to the foreground process group.
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("tofu still runs 30 s after SIGINT:\n%s", out.String())
	}
	mustContain(t, out.String(), "Wait interrupted")
	if got := str(w.resource(simple)["id"]); got != id {
		t.Fatalf("state has job %q, want %s\n%s", got, id, out.String())
	}
	if status, _ := w.instanceStatus("openai_fine_tuned_model", "simple"); status != "" {
		t.Fatalf("instance is %q after the interrupt, want untainted", status)
	}
	if s := emu.Job(t, id).Status; s == "cancelled" || s == "succeeded" || s == "failed" {
		t.Fatalf("job is %s after the interrupt, want it still training", s)
	}
}

// While apply waits, TF_LOG=info follows the job: its status once per
// change (not once per poll) and each training step with its loss.
func TestApplyLogsTheJobsProgress(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t, "--job-duration", "2")
			w := newWorkspace(t, c, "simple", emu, "training_file="+emu.Upload(t, "train.jsonl"))
			w.write("window_override.tf", `resource "openai_fine_tuned_model" "simple" {
  completion_window = 120
}
`)
			env := w.env
			w.env = append(env, "TF_LOG=info")
			r := w.run("apply", "-auto-approve", "-no-color")
			w.env = env
			if r.code != 0 {
				t.Fatalf("apply: exit %d\n%s", r.code, r)
			}
			id := str(w.resource(simple)["id"])
			log := r.stderr
			count := func(pattern string) int {
				return len(regexp.MustCompile(pattern).FindAllString(log, -1))
			}
			job := regexp.QuoteMeta("fine-tuning job " + id)
			if n := count(`\[INFO\].*` + job + `: validating_files; waiting up to 120 s`); n != 1 {
				t.Errorf("the start of the wait is logged %d times, want once", n)
			}
			for _, status := range []string{"running", "succeeded"} {
				if n := count(`\[INFO\].*` + job + `: ` + status + `:`); n != 1 {
					t.Errorf("status %s is logged %d times, want once\n%s", status, n, log)
				}
			}
			steps := count(`\[INFO\].*` + job + `: step \d+/\d+, training loss \d+\.\d{4}`)
			if steps == 0 {
				t.Errorf("no training step logged at INFO\n%s", log)
			}
			polls := 0
			for _, r := range apiRequests(t, emu, 0) {
				if strings.HasSuffix(r, "/fine_tuning/jobs/"+id) {
					polls++
				}
			}
			if polls <= 2 {
				t.Errorf("the wait polled %d times: the test shows nothing of once per change", polls)
			}
			t.Logf("%d polls, %d steps logged", polls, steps)
			if os.Getenv("OFT_E2E_SHOW_LOG") != "" {
				t.Log(log)
			}
		})
	}
}
