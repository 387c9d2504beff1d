package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"context"
	"runtime/cgo"
	"sync"
	"time"
)

// File is an uploaded file.
type File struct {
	ID        string // "file-..."
	Bytes     int64
	CreatedAt time.Time
	ExpiresAt time.Time // zero when it does not expire
	Filename  string
	Purpose   string
	Status    string
}

// UploadParams shape UploadFile.
type UploadParams struct {
	Purpose      string        // "": fine-tune
	ExpiresAfter time.Duration // 0: never; else 1 h..30 days
	// Progress, when set, receives the bytes sent so far and the total; it
	// may be called from the library's upload threads. A non-nil return
	// stops the upload (an *Error matching ErrStopped, wrapping it).
	Progress func(sent, total int64) error
}

type uploadState struct {
	mu       sync.Mutex
	progress func(sent, total int64) error
	err      error
}

// UploadFile uploads the file at path (streamed from disk; large files go
// through the Uploads API in parallel parts).
func (c *Client) UploadFile(ctx context.Context, path string, p UploadParams) (*File, error) {
	var o C.oft_file_upload_options
	if rc := C.oft_file_upload_options_init(&o, C.OFT_FILE_UPLOAD_OPTIONS_VERSION); rc != C.OFT_OK {
		return nil, errorFrom(rc, nil)
	}
	var strs cstrings
	defer strs.free()
	cpath := strs.must("path", path)
	o.purpose = strs.add("purpose", p.Purpose)
	if strs.err != nil {
		return nil, strs.err
	}
	o.expires_after_seconds = C.int64_t(p.ExpiresAfter / time.Second)
	st := &uploadState{progress: p.Progress}
	var handle C.uintptr_t
	if p.Progress != nil {
		h := cgo.NewHandle(st)
		defer h.Delete()
		handle = C.uintptr_t(h)
	}
	var f *C.oft_file
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_file_upload(&f, cl, cpath, &o, handle, e)
	})
	if err != nil {
		if e, ok := err.(*Error); ok && e.Status == ErrStopped && st.err != nil {
			e.cause = st.err
		}
		return nil, err
	}
	defer C.oft_file_free(f)
	return &File{ID: goString(f.id), Bytes: int64(f.bytes), CreatedAt: unixOrZero(f.created_at),
		ExpiresAt: unixOrZero(f.expires_at), Filename: goString(f.filename),
		Purpose: goString(f.purpose), Status: goString(f.status_raw)}, nil
}

// Model is a model the organization can use.
type Model struct {
	ID      string
	Created time.Time
	OwnedBy string
}

// RetrieveModel fetches a model (a fine-tuned model: "ft:...").
func (c *Client) RetrieveModel(ctx context.Context, id string) (*Model, error) {
	var strs cstrings
	defer strs.free()
	cid := strs.must("model", id)
	if strs.err != nil {
		return nil, strs.err
	}
	var m *C.oft_model
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_model_retrieve(&m, cl, cid, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_model_free(m)
	return &Model{ID: goString(m.id), Created: unixOrZero(m.created), OwnedBy: goString(m.owned_by)}, nil
}
