package openaift_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// setLatency makes every API answer of emu take ms more milliseconds.
func setLatency(t *testing.T, emu *emutest.Emulator, ms int) {
	t.Helper()
	emu.Do(t, "POST", "/_emulator/faults", map[string]any{"latency_ms": ms}, nil)
}

// A context cancelled before, during and after a call: the call is not
// sent, is stopped, or completes; in every case the next call runs on the
// same C client (none is made anew).
func TestCancelBeforeDuringAfterKeepsTheClient(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	bg := context.Background()

	// Before: nothing is sent.
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := c.ListJobs(ctx, openaift.ListJobsParams{}); !errors.Is(err, openaift.ErrInterrupted) ||
		!errors.Is(err, context.Canceled) {
		t.Fatalf("before: %v", err)
	}

	// During: a request the server holds for 60 s is stopped.
	setLatency(t, emu, 60000)
	ctx, cancel = context.WithCancel(bg)
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListJobs(ctx, openaift.ListJobsParams{})
	var e *openaift.APIError
	if !errors.Is(err, openaift.ErrInterrupted) || !errors.Is(err, context.Canceled) || !errors.As(err, &e) {
		t.Fatalf("during: %v", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Fatal("during: the cancellation did not stop the request")
	}
	setLatency(t, emu, 0)

	// After: the call has returned when the context is cancelled.
	ctx, cancel = context.WithCancel(bg)
	if _, err := c.ListJobs(ctx, openaift.ListJobsParams{}); err != nil {
		t.Fatalf("after: %v", err)
	}
	cancel()

	for i := 0; i < 3; i++ {
		if _, err := c.ListJobs(bg, openaift.ListJobsParams{}); err != nil {
			t.Fatalf("a call after the cancellations: %v", err)
		}
	}
	if n := openaift.CClientsMade(c); n != 1 {
		t.Fatalf("%d C clients were made, want 1 (none rebuilt)", n)
	}
}

// A context cancelled at any moment around a call (the race both ways:
// the interrupt lands in the call, or after it returned): the next call
// always runs, and the one C client serves them all.
func TestLateCancelNeverStopsTheNextCall(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	stopped := 0
	for i := 0; i < 300; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		go func(d time.Duration) { time.Sleep(d); cancel() }(time.Duration(i%30) * 50 * time.Microsecond)
		if _, err := c.ListJobs(ctx, openaift.ListJobsParams{Limit: 1}); errors.Is(err, openaift.ErrInterrupted) {
			stopped++
		}
		cancel()
		if _, err := c.ListJobs(context.Background(), openaift.ListJobsParams{Limit: 1}); err != nil {
			t.Fatalf("round %d: a call with a live context failed: %v", i, err)
		}
	}
	t.Logf("%d of 300 calls were stopped by their cancellation", stopped)
	if n := openaift.CClientsMade(c); n != 1 {
		t.Fatalf("%d C clients were made, want 1", n)
	}
}

// Calls from many goroutines run at once, each on a C client of the pool:
// while one is held by a slow request, the others go on.
func TestConcurrentCallsRunAtOnce(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	file := upload(t, c, "train.jsonl")
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j, err := c.CreateJob(context.Background(), openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: file})
			if err == nil {
				_, err = c.RetrieveJob(context.Background(), j.ID)
			}
			for _, ierr := range c.Jobs(context.Background(), openaift.ListJobsParams{Limit: 2}) {
				if ierr != nil && err == nil {
					err = ierr
				}
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	jobs, err := openaift.Collect(c.Jobs(context.Background(), openaift.ListJobsParams{Limit: 5}))
	if err != nil || len(jobs) != 16 {
		t.Fatalf("listed %d jobs, err %v", len(jobs), err)
	}
	t.Logf("%d C clients served 16 goroutines", openaift.CClientsMade(c))
}

// Close while a call runs: the call ends, and its C client is freed then.
func TestCloseDuringACall(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	setLatency(t, emu, 300)
	done := make(chan error, 1)
	go func() {
		_, err := c.ListJobs(context.Background(), openaift.ListJobsParams{})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the call under way: %v", err)
	}
	if _, err := c.ListJobs(context.Background(), openaift.ListJobsParams{}); !errors.Is(err, openaift.ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

// A context's deadline bounds any call: a request the server holds is
// stopped with ErrTimeout and context.DeadlineExceeded, and the C client is
// kept.
func TestContextDeadlineBoundsACall(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	setLatency(t, emu, 60000)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.RetrieveJob(ctx, "ftjob-held")
	if !errors.Is(err, openaift.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, openaift.ErrInterrupted) {
		t.Fatalf("got %v", err)
	}
	setLatency(t, emu, 0)
	if _, err := c.ListJobs(context.Background(), openaift.ListJobsParams{}); err != nil {
		t.Fatal(err)
	}
	if n := openaift.CClientsMade(c); n != 1 {
		t.Fatalf("%d C clients were made, want 1", n)
	}
}
