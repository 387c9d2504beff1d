// Package openaift is the Go binding of libopenai_ft, the C client of the
// OpenAI fine-tuning API. Every request is made by the C library through
// cgo; this package converts its results to Go values and its failures to
// *APIError.
//
// A Client is safe for concurrent use: it keeps a pool of C clients, one per
// call under way, so goroutines never wait for each other's calls. Every
// call takes a context.Context. Cancelling it interrupts the call in flight
// (oft_client_interrupt), which then returns an *APIError matching both
// ErrInterrupted and the context's error under errors.Is; a context whose
// deadline passes stops the call the same way with ErrTimeout and
// context.DeadlineExceeded, and bounds a Wait (which then returns the last
// job seen). A cancellation never costs the pool its C client: an interrupt
// that comes as the call ends is dropped (oft_client_interrupt_clear).
//
// Errors: errors.Is(err, ErrNotFound) (or ErrRateLimit, ErrAuth...) says
// what failed; errors.As(err, &apiErr) gives the HTTP status, the API's
// type, code, param and message, the request ID and the Retry-After.
//
// Lists are iterators (iter.Seq2[T, error]) that fetch one page at a time:
// Jobs, Events, Checkpoints, Files, Models, CheckpointPermissions;
// Collect gathers one into a slice.
//
// The calls: jobs (CreateJob, RetrieveJob, CancelJob, PauseJob, ResumeJob,
// ListJobs, Jobs, Wait, Events, Checkpoints), files (UploadFile from a path,
// Upload from an io.Reader, Download to an io.Writer, RetrieveFile,
// WaitFileProcessed, DeleteFile, Files), training data checked locally
// (ValidateData: the library's validator, no client, no network), models (RetrieveModel, Models, DeleteModel),
// checkpoint permissions, and the alpha graders (ValidateGrader,
// RunGrader: test a reinforcement grader before paying for a job).
//
// Build: the package links libopenai_ft through pkg-config (package
// openai_ft): install libopenai-ft-dev, or for an uninstalled meson build
// set PKG_CONFIG_PATH=BUILDDIR/meson-uninstalled (and LD_LIBRARY_PATH to
// BUILDDIR/src to run). The emutest package starts openai-ft-emulator for
// tests against a local stand-in of the API.
package openaift

// #cgo pkg-config: openai_ft
// #include "glue.h"
import "C"

// Version is the version of the libopenai_ft library linked in.
func Version() string { return C.GoString(C.oft_version_string()) }
