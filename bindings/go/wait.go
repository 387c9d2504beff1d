package openaift

// #include "glue.h"
import "C"

import (
	"context"
	"runtime/cgo"
	"time"
)

// WaitOptions shape Wait.
type WaitOptions struct {
	PollInterval time.Duration // 0: 5 s; a longer Retry-After is honoured
	Timeout      time.Duration // from the start; 0: none
	// Progress, when set, is called with event nil whenever the job changed
	// and once per new event, oldest first. A non-nil return stops the wait,
	// which then returns an *Error matching ErrStopped (wrapping it). It
	// runs inside the wait: it must not call the same Client.
	Progress func(job *Job, event *Event) error
}

// waitState is what the progress trampoline reaches through its handle.
type waitState struct {
	progress func(*Job, *Event) error
	err      error // what Progress returned when it stopped the wait
}

// Wait blocks until the job finishes. It returns the last job seen (also
// with an error, when one was fetched) and nil when it succeeded; an *Error
// matching ErrJobFailed when it failed or was cancelled (the job's Error
// says why); ErrTimeout when opts.Timeout passed; ErrInterrupted (and the
// context's error) when ctx was cancelled; ErrStopped when Progress
// stopped it. Passing network and server faults are polled again.
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
	var j *C.oft_job
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_job_wait(&j, cl, cid, millis(opts.PollInterval), millis(opts.Timeout), handle, e)
	})
	if e, ok := err.(*Error); ok && e.Status == ErrStopped && st.err != nil {
		e.cause = st.err
	}
	return takeJob(j), err
}
