package openaift

// #include "glue.h"
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// libError is a libopenai_ft status code (an oft_status below zero) as an
// error: the sentinel errors below.
type libError int

func (s libError) Error() string { return "openaift: " + C.GoString(C.oft_status_str(C.int(s))) }

// The library's failures, one per status code. Every error a call returns
// is an *APIError whose Err is one of them, so errors.Is(err, ErrNotFound)
// tells what failed and errors.As(err, &apiErr) gives the details.
var (
	// ErrGeneric is a failure of no other kind.
	ErrGeneric error = libError(C.OFT_ERROR)
	// ErrNoMemory: the library ran out of memory.
	ErrNoMemory error = libError(C.OFT_ENOMEM)
	// ErrInvalid: a bad argument or option, refused before anything was
	// sent; the message names the field.
	ErrInvalid error = libError(C.OFT_EINVAL)
	// ErrVersion: an options struct of a version the library does not know.
	ErrVersion error = libError(C.OFT_EVERSION)
	// ErrNetwork: no HTTP answer (DNS, connection, TLS), after the retries.
	ErrNetwork error = libError(C.OFT_ENETWORK)
	// ErrTimeout: a request, a wait or the context's deadline ran out.
	ErrTimeout error = libError(C.OFT_ETIMEOUT)
	// ErrAuth: HTTP 401, a missing or wrong key.
	ErrAuth error = libError(C.OFT_EAUTH)
	// ErrPermission: HTTP 403.
	ErrPermission error = libError(C.OFT_EPERM)
	// ErrNotFound: HTTP 404.
	ErrNotFound error = libError(C.OFT_ENOTFOUND)
	// ErrConflict: HTTP 409 (a job that has finished cannot be cancelled).
	ErrConflict error = libError(C.OFT_ECONFLICT)
	// ErrRateLimit: HTTP 429 after the retries; RetryAfter says how long to wait.
	ErrRateLimit error = libError(C.OFT_ERATELIMIT)
	// ErrServer: HTTP 5xx after the retries.
	ErrServer error = libError(C.OFT_ESERVER)
	// ErrAPI: another HTTP error (400, 422...).
	ErrAPI error = libError(C.OFT_EAPI)
	// ErrParse: an answer that is not the JSON the API documents.
	ErrParse error = libError(C.OFT_EPARSE)
	// ErrStopped: a callback of ours (Progress) stopped the call; the
	// *APIError wraps what it returned.
	ErrStopped error = libError(C.OFT_EUSER)
	// ErrJobFailed: the job that Wait waited for failed or was cancelled.
	ErrJobFailed error = libError(C.OFT_EJOBFAILED)
	// ErrInterrupted: the context was cancelled; the *APIError also
	// matches the context's error (context.Canceled).
	ErrInterrupted error = libError(C.OFT_EINTERRUPTED)
	// ErrIO: a local file or stream could not be read or written.
	ErrIO error = libError(C.OFT_EIO)
	// ErrInternal: a bug of the library.
	ErrInternal error = libError(C.OFT_EINTERNAL)
)

// ErrClosed is returned by every call on a closed Client.
var ErrClosed = errors.New("openaift: client is closed")

// APIError is a failed call: which failure (Err, one of the sentinel
// errors), and what the server said when it answered.
type APIError struct {
	Err        error  // ErrNotFound, ErrRateLimit...: matched by errors.Is
	StatusCode int    // the HTTP status; 0 when no response arrived
	Type       string // the API error's type, code and param ("" when absent)
	Code       string
	Param      string
	Message    string        // the library's message (names the request or field)
	RequestID  string        // x-request-id of the failed response
	RetryAfter time.Duration // the server's Retry-After; -1 when none was sent

	cause error // the context's error, or what a callback returned
}

// Error is the message, with the request ID when the message lacks it.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if e.Message == "" && e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	if e.RequestID != "" && !strings.Contains(e.Message, e.RequestID) {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Unwrap gives Err and, when there is one, the context's error that stopped
// the call or the error a callback stopped it with.
func (e *APIError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.cause}
}

// errorFrom converts a copy of the client's last error (or nil) to
// *APIError and frees the copy.
func errorFrom(rc C.int, cerr *C.oft_error) *APIError {
	e := &APIError{Err: libError(rc), RetryAfter: -1}
	if cerr == nil {
		e.Message = C.GoString(C.oft_status_str(rc))
		return e
	}
	defer C.oft_error_free(cerr)
	e.StatusCode = int(C.oft_error_http_status(cerr))
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

// stoppedBy makes err, when a callback stopped the call, wrap what the
// callback returned.
func stoppedBy(err error, cause error) error {
	var e *APIError
	if cause != nil && errors.As(err, &e) && e.Err == ErrStopped {
		e.cause = cause
	}
	return err
}

// goString copies a C string; NULL is "".
func goString(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}
