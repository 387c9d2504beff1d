// Package openaift is the Go binding of libopenai_ft, the C client of the
// OpenAI fine-tuning API. Every request is made by the C library through cgo;
// this package converts its results to Go values and its failures to *Error.
//
// A Client wraps one oft_client: its calls are serialized (the C client serves
// one call at a time), so use one Client per goroutine that must not wait for
// the others, or share one when they may. Every call takes a context.Context:
// cancelling it interrupts the call in flight (oft_client_interrupt) and the
// call returns an *Error that matches both ErrInterrupted and the context's
// error under errors.Is.
//
// The calls: jobs (CreateJob, RetrieveJob, CancelJob, ListJobs, Wait, Events,
// Checkpoints), checkpoint permissions, UploadFile, RetrieveModel, and the
// alpha graders (ValidateGrader, RunGrader: test a reinforcement grader before
// paying for a job).
//
// Build: the package links libopenai_ft through pkg-config (package
// openai_ft). For an uninstalled meson build, set
// PKG_CONFIG_PATH=BUILDDIR/meson-uninstalled.
package openaift

// #cgo pkg-config: openai_ft
// #include "glue.h"
import "C"

// Version is the version of the libopenai_ft library linked in.
func Version() string { return C.GoString(C.oft_version_string()) }
