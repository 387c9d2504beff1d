package openaift

// The callbacks of Watch (watch.go). A file with //export may only have
// declarations in its preamble.

// #include <stdint.h>
// #include <openai_ft.h>
import "C"

import "runtime/cgo"

//export goftWatchEvent
func goftWatchEvent(job *C.oft_job, event *C.oft_event, h C.uintptr_t) C.int {
	st := cgo.Handle(h).Value().(*watchState)
	if err := st.onEvent(jobFrom(job), eventFrom(event)); err != nil {
		st.err = err
		return 1
	}
	return 0
}

//export goftWatchJob
func goftWatchJob(job *C.oft_job, h C.uintptr_t) C.int {
	st := cgo.Handle(h).Value().(*watchState)
	if err := st.onJob(jobFrom(job)); err != nil {
		st.err = err
		return 1
	}
	return 0
}
