package openaift

// #include <stdint.h>
// #include <stdlib.h>
// #include <openai_ft.h>
//
// extern int goftWatchEvent(oft_job *job, oft_event *event, uintptr_t h);
// extern int goftWatchJob(oft_job *job, uintptr_t h);
//
// static int goft_watch_event(const oft_job *job, const oft_event *event, void *payload)
// {
//     return goftWatchEvent((oft_job *)job, (oft_event *)event, (uintptr_t)payload);
// }
// static int goft_watch_job(const oft_job *job, void *payload)
// {
//     return goftWatchJob((oft_job *)job, (uintptr_t)payload);
// }
// /* oft_jobs_watch with a copy of the client's last error on failure. */
// static int goft_jobs_watch(oft_client *c, char **ids, size_t n, int64_t poll_ms,
//                            int64_t timeout_ms, uintptr_t handle, int events, int jobs,
//                            oft_error **err)
// {
//     oft_watch_options o = OFT_WATCH_OPTIONS_INIT;
//     if (poll_ms > 0)
//         o.poll_interval_ms = poll_ms;
//     o.timeout_ms = timeout_ms;
//     o.on_event = events ? goft_watch_event : NULL;
//     o.on_job = jobs ? goft_watch_job : NULL;
//     o.payload = (void *)handle;
//     int rc = oft_jobs_watch(c, (const char *const *)ids, n, &o);
//     *err = NULL;
//     if (rc != OFT_OK && oft_error_dup(err, oft_client_last_error(c)) != OFT_OK)
//         *err = NULL;
//     return rc;
// }
import "C"

import (
	"context"
	"runtime/cgo"
	"time"
	"unsafe"
)

// WatchOptions shape Watch.
type WatchOptions struct {
	PollInterval time.Duration // 0: 5 s; a longer Retry-After is honoured
	Timeout      time.Duration // from the start; 0: none
	// OnEvent, when set, is called once per new event of a watched job,
	// oldest first, before OnJob reports the change it led to.
	OnEvent func(job *Job, event *Event) error
	// OnJob, when set, is called when a job is first seen and whenever it
	// changed (its status or any field but the estimated finish).
	// A non-nil return from either stops the watch, which then returns an
	// *APIError matching ErrStopped (wrapping it). Both run inside the watch:
	// they must not call the same Client.
	OnJob func(job *Job) error
}

type watchState struct {
	onEvent func(*Job, *Event) error
	onJob   func(*Job) error
	err     error
}

// Watch follows many jobs until each has ended (nil, whatever they ended
// as: OnJob tells), opts.Timeout passed (ErrTimeout), ctx was cancelled
// (ErrInterrupted) or a callback stopped it (ErrStopped). One request per
// interval reads the status of all of them (the job list), plus the events
// of the jobs that changed or run; each job's events are reported once,
// oldest first, before its change of status; passing faults are polled
// again.
func (c *Client) Watch(ctx context.Context, ids []string, opts WatchOptions) error {
	var strs cstrings
	defer strs.free()
	if len(ids) == 0 {
		return &APIError{Err: ErrInvalid, RetryAfter: -1, Message: "ids: no job to watch"}
	}
	arr := (*[1 << 28]*C.char)(C.malloc(C.size_t(len(ids)) * C.size_t(unsafe.Sizeof((*C.char)(nil)))))[:len(ids):len(ids)]
	defer C.free(unsafe.Pointer(&arr[0]))
	for i, id := range ids {
		arr[i] = strs.must("ids", id)
	}
	if strs.err != nil {
		return strs.err
	}
	st := &watchState{onEvent: opts.OnEvent, onJob: opts.OnJob}
	h := cgo.NewHandle(st)
	defer h.Delete()
	var events, jobs C.int
	if opts.OnEvent != nil {
		events = 1
	}
	if opts.OnJob != nil {
		jobs = 1
	}
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_jobs_watch(cl, &arr[0], C.size_t(len(ids)), millis(opts.PollInterval),
			millis(opts.Timeout), C.uintptr_t(h), events, jobs, e)
	})
	return stoppedBy(err, st.err)
}
