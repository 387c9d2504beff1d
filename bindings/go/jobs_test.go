package openaift_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

func TestJobLifecycle(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	file := upload(t, c, "train.jsonl")
	seed := int64(42)
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{
		Model: "gpt-4o-mini-2024-07-18", TrainingFile: file, Suffix: "lifecycle", Seed: &seed,
		NEpochs: openaift.Value(3), BatchSize: openaift.Auto(), LearningRateMultiplier: openaift.Value(0.5),
		Metadata: map[string]string{"team": "infra"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(j.ID, "ftjob-") || j.TrainingFile != file || j.UserProvidedSuffix != "lifecycle" ||
		j.Status.Finished() || j.CreatedAt.IsZero() || j.RequestID == "" || j.RawJSON == "" ||
		j.Seed == nil || *j.Seed != 42 || j.Metadata["team"] != "infra" {
		t.Fatalf("created %+v", j)
	}
	if j.Method == nil || j.Method.Type != openaift.MethodSupervised ||
		j.Method.Hyperparameters.NEpochs != openaift.Value(3) ||
		j.Method.Hyperparameters.LearningRateMultiplier != openaift.Value(0.5) {
		t.Fatalf("method %+v", j.Method)
	}

	got, err := c.RetrieveJob(ctx, j.ID)
	if err != nil || got.ID != j.ID || got.Integrations != nil {
		t.Fatalf("retrieve: %+v %v", got, err)
	}
	page, err := c.ListJobs(ctx, openaift.ListJobsParams{Metadata: map[string]string{"team": "infra"}})
	if err != nil || len(page.Jobs) != 1 || page.Jobs[0].ID != j.ID {
		t.Fatalf("list: %+v %v", page, err)
	}
	cancelled, err := c.CancelJob(ctx, j.ID)
	if err != nil || cancelled.Status != openaift.JobCancelled {
		t.Fatalf("cancel: %+v %v", cancelled, err)
	}
	if _, err := c.CancelJob(ctx, j.ID); !errors.Is(err, openaift.ErrConflict) {
		t.Fatalf("second cancel: %v, want ErrConflict", err)
	}
}

// A job's integrations, as the API reports them.
func TestJobIntegrations(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl"),
		ExtraBodyJSON: `{"integrations": [{"type": "wandb", "wandb": {"project": "ft", "entity": "team",
			"tags": ["a", "b"]}}]}`})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.RetrieveJob(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []openaift.Integration{{Type: "wandb", WandB: openaift.WandB{Project: "ft", Entity: "team",
		Tags: []string{"a", "b"}}}}
	if !reflect.DeepEqual(got.Integrations, want) || !reflect.DeepEqual(j.Integrations, want) {
		t.Fatalf("integrations: created %+v, retrieved %+v, want %+v", j.Integrations, got.Integrations, want)
	}
}

func TestCreateRejectsBadParamsLocally(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	_, err := c.CreateJob(context.Background(), openaift.CreateJobParams{
		Model: "gpt-4o-mini", TrainingFile: "file-x", Suffix: strings.Repeat("s", 65)})
	if e := asError(t, err); !errors.Is(e, openaift.ErrInvalid) || !strings.Contains(e.Message, "suffix") {
		t.Fatalf("got %v", e)
	}
	if n := len(emu.Requests(t, 0)); n != 0 {
		t.Fatalf("%d requests were sent", n)
	}
}

func TestCheckCreateJobParamsNeedsNoClient(t *testing.T) {
	ok := openaift.CreateJobParams{Model: "m", TrainingFile: "file-1", Suffix: "s",
		NEpochs: openaift.Value(50), BatchSize: openaift.Auto()}
	if err := openaift.CheckCreateJobParams(ok); err != nil {
		t.Fatal(err)
	}
	seed := int64(-1)
	for _, c := range []struct {
		p    openaift.CreateJobParams
		want string
	}{
		{openaift.CreateJobParams{Model: "m", TrainingFile: "file-1", NEpochs: openaift.Value(51)},
			"n_epochs: must be in [1, 50] (got 51)"},
		{openaift.CreateJobParams{Model: "m", TrainingFile: "file-1", Suffix: strings.Repeat("x", 65)},
			"suffix: longer than 64 characters"},
		{openaift.CreateJobParams{Model: "m", TrainingFile: "file-1", Seed: &seed},
			"seed: must be in [0, 2147483647] (got -1)"},
		{openaift.CreateJobParams{Model: "m", TrainingFile: "file-1", Beta: openaift.Value(1)},
			"beta: not a hyperparameter of method"},
	} {
		err := openaift.CheckCreateJobParams(c.p)
		var e *openaift.APIError
		if !errors.Is(err, openaift.ErrInvalid) || !errors.As(err, &e) ||
			!strings.HasPrefix(e.Message, c.want) {
			t.Errorf("%+v: got %v, want %q", c.p, err, c.want)
		}
	}
}

func TestWaitReportsProgressAndSucceeds(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "1")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	var changes, events int
	seen := map[string]bool{}
	done, err := c.Wait(ctx, j.ID, openaift.WaitOptions{PollInterval: 100 * time.Millisecond,
		Progress: func(job *openaift.Job, ev *openaift.Event) error {
			if ev == nil {
				changes++
				return nil
			}
			if seen[ev.ID] {
				t.Errorf("event %s reported twice", ev.ID)
			}
			seen[ev.ID] = true
			events++
			return nil
		}})
	if err != nil || done.Status != openaift.JobSucceeded || !strings.HasPrefix(done.FineTunedModel, "ft:") {
		t.Fatalf("wait: %+v %v", done, err)
	}
	if changes == 0 || events == 0 {
		t.Fatalf("%d changes, %d events reported", changes, events)
	}
	all, err := openaift.Collect(c.Events(ctx, j.ID))
	if err != nil || len(all) != events {
		t.Fatalf("Events: %d (%v), the wait reported %d", len(all), err, events)
	}
	cks, err := openaift.Collect(c.Checkpoints(ctx, j.ID))
	if err != nil || len(cks) == 0 || cks[0].FineTuningJobID != j.ID || cks[0].FineTunedModelCheckpoint == "" {
		t.Fatalf("Checkpoints: %+v %v", cks, err)
	}
	// The cursor (the API's after): what follows the first item.
	older, err := openaift.Collect(c.EventsAfter(ctx, j.ID, all[0].ID))
	if err != nil || len(older) != len(all)-1 || (len(older) > 0 && older[0].ID != all[1].ID) {
		t.Fatalf("EventsAfter(%s): %d (%v), want the %d after it", all[0].ID, len(older), err, len(all)-1)
	}
	olderCks, err := openaift.Collect(c.CheckpointsAfter(ctx, j.ID, cks[0].ID))
	if err != nil || len(olderCks) != len(cks)-1 || (len(olderCks) > 0 && olderCks[0].ID != cks[1].ID) {
		t.Fatalf("CheckpointsAfter(%s): %d (%v), want the %d after it", cks[0].ID, len(olderCks), err, len(cks)-1)
	}
	m, err := c.RetrieveModel(ctx, done.FineTunedModel)
	if err != nil || m.ID != done.FineTunedModel {
		t.Fatalf("RetrieveModel: %+v %v", m, err)
	}
}

func TestWaitForAFailingJob(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "1")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "bad.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.Wait(ctx, j.ID, openaift.WaitOptions{PollInterval: 100 * time.Millisecond})
	if !errors.Is(err, openaift.ErrJobFailed) || done == nil || done.Status != openaift.JobFailed ||
		done.Error == nil || done.Error.Code != "invalid_training_file" {
		t.Fatalf("wait: %+v %v", done, err)
	}
}

func TestWaitTimeoutReturnsTheLastJob(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.Wait(ctx, j.ID, openaift.WaitOptions{PollInterval: 100 * time.Millisecond, Timeout: 500 * time.Millisecond})
	if !errors.Is(err, openaift.ErrTimeout) || done == nil || done.ID != j.ID || done.Status.Finished() {
		t.Fatalf("wait: %+v %v", done, err)
	}
}

func TestWaitStopsWhenTheContextIsCancelled(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	j, err := c.CreateJob(context.Background(), openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.Wait(ctx, j.ID, openaift.WaitOptions{PollInterval: 10 * time.Second})
	if !errors.Is(err, openaift.ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("wait: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("the wait took %v to stop", d)
	}
	// The client is whole again: the interrupt was spent by the wait.
	if _, err := c.RetrieveJob(context.Background(), j.ID); err != nil {
		t.Fatal(err)
	}
}

func TestWaitStoppedByProgress(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	enough := errors.New("enough")
	_, err = c.Wait(ctx, j.ID, openaift.WaitOptions{PollInterval: 100 * time.Millisecond,
		Progress: func(*openaift.Job, *openaift.Event) error { return enough }})
	if !errors.Is(err, openaift.ErrStopped) || !errors.Is(err, enough) {
		t.Fatalf("wait: %v", err)
	}
}

// The context's deadline is the wait's timeout: the wait ends with the last
// job seen, ErrTimeout and context.DeadlineExceeded.
func TestWaitEndsAtTheContextsDeadline(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	j, err := c.CreateJob(context.Background(), openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	last, err := c.Wait(ctx, j.ID, openaift.WaitOptions{PollInterval: 50 * time.Millisecond})
	if !errors.Is(err, openaift.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) ||
		last == nil || last.ID != j.ID || last.Status.Finished() {
		t.Fatalf("wait: %+v %v", last, err)
	}
	if _, err := c.RetrieveJob(context.Background(), j.ID); err != nil {
		t.Fatal(err)
	}
}
