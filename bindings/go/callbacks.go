package openaift

// Callbacks from the library into Go. A file with //export may only have
// declarations in its preamble.

// #include <stdint.h>
// #include <openai_ft.h>
import "C"

import (
	"fmt"
	"os"
	"runtime/cgo"
)

//export goftLog
func goftLog(level C.int, message *C.char, h C.uintptr_t) {
	cgo.Handle(h).Value().(*logSink).line(LogLevel(level), C.GoString(message))
}

//export goftWaitProgress
func goftWaitProgress(job *C.oft_job, event *C.oft_event, h C.uintptr_t) C.int {
	st := cgo.Handle(h).Value().(*waitState)
	var ev *Event
	if event != nil {
		ev = eventFrom(event)
	}
	if err := st.progress(jobFrom(job), ev); err != nil {
		st.err = err
		return 1
	}
	return 0
}

//export goftUploadProgress
func goftUploadProgress(sent, total C.int64_t, h C.uintptr_t) C.int {
	st := cgo.Handle(h).Value().(*uploadState)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err != nil {
		return 1
	}
	if err := st.progress(int64(sent), int64(total)); err != nil {
		st.err = err
		return 1
	}
	return 0
}

// line hands one library log line to the Logger (or standard error).
func (s *logSink) line(level LogLevel, msg string) {
	s.mu.Lock()
	if s.bootup {
		// A failed creation: its reason is the error (oft_error_last()), not a log line.
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	switch {
	case s.off:
	case s.logger != nil:
		s.logger(level, msg)
	default:
		fmt.Fprintf(os.Stderr, "libopenai_ft: %s\n", msg)
	}
}
