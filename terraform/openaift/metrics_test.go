package openaift_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/libopenai-ft/libopenai_ft/terraform/internal/emutest"
	"github.com/libopenai-ft/libopenai_ft/terraform/openaift"
)

func TestMetricsOfASucceededJob(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	emu.Finish(t, j.ID)
	var steps []*openaift.StepMetrics
	for m, err := range c.Metrics(ctx, j.ID) {
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, m)
	}
	if len(steps) == 0 {
		t.Fatal("no step")
	}
	for i, m := range steps {
		if m.Step != int64(i+1) || m.TrainLoss <= 0 || m.HasValid() {
			t.Fatalf("step %d: %+v", i+1, m)
		}
	}
	// Stopping early frees the iterator; the client stays usable.
	for range c.Metrics(ctx, j.ID) {
		break
	}
	for _, err := range c.Metrics(ctx, "ftjob-nope") {
		if !errors.Is(err, openaift.ErrNotFound) {
			t.Fatalf("unknown job: %v", err)
		}
	}
}

func TestWatchThreeJobs(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "1")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	file := upload(t, c, "train.jsonl")
	var ids []string
	for range 3 {
		j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: file})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	since := emu.LastSeq(t)
	events := map[string][]string{}
	final := map[string]openaift.JobStatus{}
	err := c.Watch(ctx, ids, openaift.WatchOptions{PollInterval: 50 * time.Millisecond,
		OnEvent: func(job *openaift.Job, ev *openaift.Event) error {
			if final[job.ID].Finished() {
				t.Errorf("%s: event %s after its final status", job.ID, ev.ID)
			}
			events[job.ID] = append(events[job.ID], ev.ID)
			return nil
		},
		OnJob: func(job *openaift.Job) error {
			final[job.ID] = job.Status
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if final[id] != openaift.JobSucceeded {
			t.Fatalf("%s ended %s", id, final[id])
		}
		all, err := c.Events(ctx, id)
		if err != nil || len(all) != len(events[id]) {
			t.Fatalf("%s: %d events listed, %d reported (%v)", id, len(all), len(events[id]), err)
		}
		for i, e := range all { // newest first: the reports read backwards
			if events[id][len(all)-1-i] != e.ID {
				t.Fatalf("%s: event %d is %s, reported %s", id, i, e.ID, events[id][len(all)-1-i])
			}
		}
	}
	for _, r := range emu.Requests(t, since) {
		for _, id := range ids {
			if r.Method == "GET" && r.Path == "/v1/fine_tuning/jobs/"+id {
				t.Fatalf("job %s retrieved alone: %s", id, r)
			}
		}
	}
}

func TestWatchStopsAndTimesOut(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	mine := errors.New("enough")
	err = c.Watch(ctx, []string{j.ID}, openaift.WatchOptions{PollInterval: 50 * time.Millisecond,
		OnJob: func(*openaift.Job) error { return mine }})
	if !errors.Is(err, openaift.ErrStopped) || !errors.Is(err, mine) {
		t.Fatalf("stopped: %v", err)
	}
	err = c.Watch(ctx, []string{j.ID}, openaift.WatchOptions{PollInterval: 50 * time.Millisecond,
		Timeout: 300 * time.Millisecond})
	if !errors.Is(err, openaift.ErrTimeout) {
		t.Fatalf("deadline: %v", err)
	}
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err = c.Watch(cctx, []string{j.ID}, openaift.WatchOptions{PollInterval: time.Minute})
	if !errors.Is(err, openaift.ErrInterrupted) {
		t.Fatalf("cancelled: %v", err)
	}
	if err := c.Watch(ctx, nil, openaift.WatchOptions{}); !errors.Is(err, openaift.ErrInvalid) {
		t.Fatalf("no job: %v", err)
	}
}
