package openaift

// #include "glue.h"
import "C"

import (
	"context"
	"errors"
	"runtime/cgo"
	"time"
)

// WaitOptions shape Wait.
type WaitOptions struct {
	PollInterval time.Duration // 0: 5 s; a longer Retry-After is honoured
	// Timeout bounds the wait from its start; 0: none. A deadline of the
	// context bounds it too (the earlier of both holds), and a wait that
	// reaches it returns the last job seen with ErrTimeout.
	Timeout time.Duration
	// Progress, when set, is called with event nil whenever the job changed
	// and once per new event, oldest first. A non-nil return stops the wait,
	// which then returns an *APIError matching ErrStopped (wrapping it). It
	// runs inside the wait: it must not call the same Client.
	Progress func(job *Job, event *Event) error
}

// waitState is what the progress trampoline reaches through its handle.
type waitState struct {
	progress func(*Job, *Event) error
	err      error // what Progress returned when it stopped the wait
}

// Wait blocks until the job finishes. It returns the last job seen (also
// with an error, when one was fetched) and nil when it succeeded; an *APIError
// matching ErrJobFailed when it failed or was cancelled (the job's Error
// says why); ErrTimeout when opts.Timeout or ctx's deadline passed;
// ErrInterrupted (and the context's error) when ctx was cancelled;
// ErrStopped when Progress stopped it. Passing network and server faults are polled again.
func (c *Client) Wait(ctx context.Context, id string, opts WaitOptions) (*Job, error) {
	var strs cstrings
	defer strs.free()
	cid := strs.must("job_id", id)
	if strs.err != nil {
		return nil, strs.err
	}
	var handle C.uintptr_t
	st := &waitState{progress: opts.Progress}
	if opts.Progress != nil {
		h := cgo.NewHandle(st)
		defer h.Delete()
		handle = C.uintptr_t(h)
	}
	timeout, byCtx := opts.Timeout, false
	if d, ok := ctx.Deadline(); ok {
		// The library ends the wait at the deadline itself, with the last
		// job and ErrTimeout, before the context's interrupt would.
		if left := time.Until(d); timeout <= 0 || left < timeout {
			timeout, byCtx = max(left, time.Millisecond), true
		}
	}
	var j *C.oft_job
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_job_wait(&j, cl, cid, millis(opts.PollInterval), millis(timeout), handle, e)
	})
	var e *APIError
	if byCtx && errors.As(err, &e) && e.Err == ErrTimeout && e.cause == nil {
		e.cause = context.DeadlineExceeded
	}
	return takeJob(j), stoppedBy(err, st.err)
}
