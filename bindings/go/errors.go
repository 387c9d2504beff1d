package openaift

// #include "glue.h"
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status is a libopenai_ft status code (an oft_status: 0 or negative). The
// named values below match *Error under errors.Is.
type Status int

// The library's status codes.
const (
	StatusOK         Status = C.OFT_OK
	ErrGeneric       Status = C.OFT_ERROR
	ErrNoMemory      Status = C.OFT_ENOMEM
	ErrInvalid       Status = C.OFT_EINVAL
	ErrVersion       Status = C.OFT_EVERSION
	ErrNetwork       Status = C.OFT_ENETWORK
	ErrTimeout       Status = C.OFT_ETIMEOUT
	ErrAuth          Status = C.OFT_EAUTH
	ErrPermission    Status = C.OFT_EPERM
	ErrNotFound      Status = C.OFT_ENOTFOUND
	ErrConflict      Status = C.OFT_ECONFLICT
	ErrRateLimit     Status = C.OFT_ERATELIMIT
	ErrServer        Status = C.OFT_ESERVER
	ErrAPI           Status = C.OFT_EAPI
	ErrParse         Status = C.OFT_EPARSE
	ErrStopped       Status = C.OFT_EUSER
	ErrJobFailed     Status = C.OFT_EJOBFAILED
	ErrInterrupted   Status = C.OFT_EINTERRUPTED
	ErrIO            Status = C.OFT_EIO
	ErrIterationOver Status = C.OFT_ITEROVER
	ErrInternal      Status = C.OFT_EINTERNAL
)

// ErrClosed is returned by every call on a closed Client.
var ErrClosed = errors.New("openaift: client is closed")

// Error makes a Status usable as an error value (for errors.Is).
func (s Status) Error() string { return C.GoString(C.oft_status_str(C.int(s))) }

// Error is a failed library call: its status, and what the server said.
type Error struct {
	Status     Status // the oft_status
	HTTPStatus int    // 0 when no response arrived
	Type       string // the API error's type, code and param ("" when absent)
	Code       string
	Param      string
	Message    string        // the library's message (names the request or field)
	RequestID  string        // x-request-id of the failed response
	RetryAfter time.Duration // the server's Retry-After; -1 when none was sent

	cause error // the context's error when a cancelled context stopped the call
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if e.Message == "" {
		b.WriteString(e.Status.Error())
	}
	if e.RequestID != "" && !strings.Contains(e.Message, e.RequestID) {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is matches the error's Status (errors.Is(err, openaift.ErrNotFound)).
func (e *Error) Is(target error) bool {
	s, ok := target.(Status)
	return ok && s == e.Status
}

// Unwrap returns the context's error when a cancelled context stopped the call.
func (e *Error) Unwrap() error { return e.cause }

// errorFrom converts a copy of the client's last error (or nil) to *Error and
// frees the copy.
func errorFrom(rc C.int, cerr *C.oft_error) *Error {
	e := &Error{Status: Status(rc), RetryAfter: -1}
	if cerr == nil {
		e.Message = e.Status.Error()
		return e
	}
	defer C.oft_error_free(cerr)
	e.HTTPStatus = int(C.oft_error_http_status(cerr))
	e.Type = goString(C.oft_error_type(cerr))
	e.Code = goString(C.oft_error_code(cerr))
	e.Param = goString(C.oft_error_param(cerr))
	e.Message = goString(C.oft_error_message(cerr))
	e.RequestID = goString(C.oft_error_request_id(cerr))
	if ms := int64(C.oft_error_retry_after_ms(cerr)); ms >= 0 {
		e.RetryAfter = time.Duration(ms) * time.Millisecond
	}
	return e
}

// goString copies a C string; NULL is "".
func goString(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}
