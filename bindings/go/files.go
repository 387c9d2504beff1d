package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"context"
	"io"
	"iter"
	"os"
	"runtime"
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
	Status    string // uploaded, processed, error
	// StatusDetails says why a file's status is error ("" when the API
	// sends none).
	StatusDetails string
}

// UploadParams shape UploadFile and Upload.
type UploadParams struct {
	Purpose      string        // "": fine-tune
	ExpiresAfter time.Duration // 0: never; else 1 h..30 days
	// Progress, when set, receives the bytes sent so far and the total; it
	// may be called from the library's upload threads. A non-nil return
	// stops the upload (an *APIError matching ErrStopped, wrapping it).
	Progress func(sent, total int64) error
}

type uploadState struct {
	mu       sync.Mutex
	progress func(sent, total int64) error
	err      error
}

func fileFrom(f *C.oft_file) *File {
	return &File{ID: goString(f.id), Bytes: int64(f.bytes), CreatedAt: unixOrZero(f.created_at),
		ExpiresAt: unixOrZero(f.expires_at), Filename: goString(f.filename),
		Purpose: goString(f.purpose), Status: goString(f.status_raw),
		StatusDetails: goString(f.status_details)}
}

func takeFile(f *C.oft_file) *File {
	if f == nil {
		return nil
	}
	defer C.oft_file_free(f)
	return fileFrom(f)
}

// UploadFile uploads the file at path (streamed from disk; large files go
// through the Uploads API in parallel parts).
func (c *Client) UploadFile(ctx context.Context, path string, p UploadParams) (*File, error) {
	var strs cstrings
	defer strs.free()
	cpath := strs.must("path", path)
	return c.upload(ctx, p, &strs, func(cl *C.oft_client, f **C.oft_file,
		o *C.oft_file_upload_options, h C.uintptr_t, e **C.oft_error) C.int {
		return C.goft_file_upload(f, cl, cpath, o, h, e)
	})
}

// Upload uploads what r yields under filename. An *os.File of a regular
// file positioned at its start is sent from disk as it is; any other reader
// is first copied to an unlinked temporary file (os.TempDir), so memory
// stays bounded whatever the size.
func (c *Client) Upload(ctx context.Context, r io.Reader, filename string, p UploadParams) (*File, error) {
	f, ok := r.(*os.File)
	if ok {
		st, err := f.Stat()
		pos, serr := f.Seek(0, io.SeekCurrent)
		ok = err == nil && serr == nil && st.Mode().IsRegular() && pos == 0
	}
	if !ok {
		tmp, err := os.CreateTemp("", "openaift-upload-*")
		if err != nil {
			return nil, ioError("upload: ", err)
		}
		_ = os.Remove(tmp.Name())
		defer tmp.Close()
		if _, err := io.Copy(tmp, readerCtx{ctx, r}); err != nil {
			if ctx.Err() != nil {
				return nil, ctxError(ctx, "upload: reading the data")
			}
			return nil, ioError("upload: reading the data: ", err)
		}
		f = tmp
	}
	var strs cstrings
	defer strs.free()
	name := strs.must("filename", filename)
	fd := C.int(f.Fd())
	file, err := c.upload(ctx, p, &strs, func(cl *C.oft_client, out **C.oft_file,
		o *C.oft_file_upload_options, h C.uintptr_t, e **C.oft_error) C.int {
		return C.goft_file_upload_fd(out, cl, fd, name, o, h, e)
	})
	runtime.KeepAlive(f) // its descriptor stays open through the call
	return file, err
}

// ioError is a local read or write failure, wrapping err.
func ioError(what string, err error) *APIError {
	return &APIError{Err: ErrIO, RetryAfter: -1, Message: what + err.Error(), cause: err}
}

// readerCtx stops a copy once ctx is done.
type readerCtx struct {
	ctx context.Context
	r   io.Reader
}

func (r readerCtx) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// upload runs an upload call with p's options and progress callback.
func (c *Client) upload(ctx context.Context, p UploadParams, strs *cstrings,
	fn func(*C.oft_client, **C.oft_file, *C.oft_file_upload_options, C.uintptr_t, **C.oft_error) C.int) (*File, error) {
	var o C.oft_file_upload_options
	if rc := C.oft_file_upload_options_init(&o, C.OFT_FILE_UPLOAD_OPTIONS_VERSION); rc != C.OFT_OK {
		return nil, errorFrom(rc, nil)
	}
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
		return fn(cl, &f, &o, handle, e)
	})
	st.mu.Lock()
	defer st.mu.Unlock()
	return takeFile(f), stoppedBy(err, st.err)
}

// Download writes the content of a file to w and returns the bytes written.
// An *os.File receives it from the library directly (a retry after a
// partial transfer then rewinds it when it can seek); any other writer
// through a pipe, memory bounded. When w fails, the download stops with an
// *APIError matching ErrIO that wraps w's error.
func (c *Client) Download(ctx context.Context, fileID string, w io.Writer) (int64, error) {
	var strs cstrings
	defer strs.free()
	cid := strs.must("file_id", fileID)
	if strs.err != nil {
		return 0, strs.err
	}
	if f, ok := w.(*os.File); ok {
		start, serr := f.Seek(0, io.SeekCurrent)
		fd := C.int(f.Fd())
		err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
			return C.oft_file_download_fd(cl, cid, fd)
		})
		runtime.KeepAlive(f)
		end, eerr := f.Seek(0, io.SeekCurrent)
		if serr != nil || eerr != nil {
			return 0, err
		}
		return end - start, err
	}
	if err := notStarted(ctx); err != nil {
		return 0, err
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return 0, ioError("download: ", err)
	}
	defer pr.Close()
	cc, err := c.acquire()
	if err != nil {
		pw.Close()
		return 0, err
	}
	defer c.release(cc)
	var n int64
	var werr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		n, werr = io.Copy(w, pr)
		if werr != nil {
			// Stop the transfer, and drain the pipe so that the library's
			// writes end (a closed pipe would raise SIGPIPE in C).
			C.oft_client_interrupt(cc)
			_, _ = io.Copy(io.Discard, pr)
		}
	}()
	fd := C.int(pw.Fd())
	err = run(ctx, cc, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.oft_file_download_fd(cl, cid, fd)
	})
	pw.Close()
	<-done
	if werr != nil {
		// The interrupt made for w's failure may be left pending.
		C.oft_client_interrupt_clear(cc)
		return n, ioError("download: writing: ", werr)
	}
	return n, err
}

// ListFilesParams select files.
type ListFilesParams struct {
	Purpose   string // only files of this purpose
	After     string // a file ID: the files after it
	Limit     int    // files per page; 0: the server's default
	Ascending bool   // oldest first; default newest first
}

// Files iterates over the files params select, one page in memory at a
// time; an error ends the sequence.
func (c *Client) Files(ctx context.Context, params ListFilesParams) iter.Seq2[*File, error] {
	return func(yield func(*File, error) bool) {
		var o C.oft_file_list_options
		if rc := C.oft_file_list_options_init(&o, C.OFT_FILE_LIST_OPTIONS_VERSION); rc != C.OFT_OK {
			yield(nil, errorFrom(rc, nil))
			return
		}
		var strs cstrings
		defer strs.free()
		o.purpose = strs.add("purpose", params.Purpose)
		o.after = strs.add("after", params.After)
		o.limit = C.int(params.Limit)
		if params.Ascending {
			o.order = C.OFT_FILE_ORDER_ASC
		}
		if strs.err != nil {
			yield(nil, strs.err)
			return
		}
		var it *C.oft_file_iter
		iterateOn(c, ctx, yield, func(cl *C.oft_client) C.int { return C.oft_file_iter_new(&it, cl, &o) },
			func() { C.oft_file_iter_free(it) },
			func() (*File, C.int) {
				var f *C.oft_file
				if rc := C.oft_file_iter_next(&f, it); rc != C.OFT_OK {
					return nil, rc
				}
				return fileFrom(f), C.OFT_OK
			})
	}
}

// RetrieveFile fetches a file's metadata.
func (c *Client) RetrieveFile(ctx context.Context, id string) (*File, error) {
	var strs cstrings
	defer strs.free()
	cid := strs.must("file_id", id)
	if strs.err != nil {
		return nil, strs.err
	}
	var f *C.oft_file
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.oft_file_retrieve(&f, cl, cid)
	})
	return takeFile(f), err
}

// WaitFileProcessed retrieves the file every poll (0: 5 s) until its status
// is processed or error, and returns the last file seen (check its Status).
// The wait ends with ctx (ErrInterrupted, or ErrTimeout past its deadline)
// or after 30 minutes (ErrTimeout), returning the last file seen with the
// error.
func (c *Client) WaitFileProcessed(ctx context.Context, id string, poll time.Duration) (*File, error) {
	var strs cstrings
	defer strs.free()
	cid := strs.must("file_id", id)
	if strs.err != nil {
		return nil, strs.err
	}
	var f *C.oft_file
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_file_wait_processed(&f, cl, cid, C.long(poll/time.Millisecond), 0, e)
	})
	return takeFile(f), err
}

// DeleteFile deletes a file.
func (c *Client) DeleteFile(ctx context.Context, id string) (*Deleted, error) {
	return c.deleteCall(ctx, "file_id", id, func(d **C.oft_deleted, cl *C.oft_client, cid *C.char) C.int {
		return C.oft_file_delete(d, cl, cid)
	})
}

// deleteCall runs a library delete of the object id.
func (c *Client) deleteCall(ctx context.Context, field, id string,
	fn func(**C.oft_deleted, *C.oft_client, *C.char) C.int) (*Deleted, error) {
	var strs cstrings
	defer strs.free()
	cid := strs.must(field, id)
	if strs.err != nil {
		return nil, strs.err
	}
	var d *C.oft_deleted
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return fn(&d, cl, cid)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_deleted_free(d)
	return &Deleted{ID: goString(d.id), Deleted: d.deleted != 0}, nil
}

// Model is a model the organization can use.
type Model struct {
	ID      string
	Created time.Time
	OwnedBy string
}

func modelFrom(m *C.oft_model) *Model {
	return &Model{ID: goString(m.id), Created: unixOrZero(m.created), OwnedBy: goString(m.owned_by)}
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
	return modelFrom(m), nil
}

// Models iterates over the models the organization can use (the API sends
// them in one page).
func (c *Client) Models(ctx context.Context) iter.Seq2[*Model, error] {
	return func(yield func(*Model, error) bool) {
		var page *C.oft_model_page
		err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
			return C.oft_model_list(&page, cl)
		})
		if err != nil {
			yield(nil, err)
			return
		}
		models := make([]*Model, 0, int(page.count))
		for i := C.size_t(0); i < page.count; i++ {
			models = append(models, modelFrom(C.goft_model_at(page.items, i)))
		}
		C.oft_model_page_free(page)
		for _, m := range models {
			if !yield(m, nil) {
				return
			}
		}
	}
}

// DeleteModel deletes a fine-tuned model of the organization.
func (c *Client) DeleteModel(ctx context.Context, id string) (*Deleted, error) {
	return c.deleteCall(ctx, "model", id, func(d **C.oft_deleted, cl *C.oft_client, cid *C.char) C.int {
		return C.oft_model_delete(d, cl, cid)
	})
}
