package openaift_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// An upload from an io.Reader (spooled) and from an *os.File (sent as it
// is), a download to an io.Writer (through a pipe) and to an *os.File: the
// bytes come back as they went.
func TestUploadReaderDownloadWriter(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	data, err := os.ReadFile(emutest.DataFile(t, "train.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.Upload(ctx, bytes.NewReader(data), "from-reader.jsonl", openaift.UploadParams{})
	if err != nil || f.Filename != "from-reader.jsonl" || f.Bytes != int64(len(data)) {
		t.Fatalf("Upload from a reader: %+v %v", f, err)
	}
	var buf bytes.Buffer
	n, err := c.Download(ctx, f.ID, &buf)
	if err != nil || n != int64(len(data)) || !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("Download to a writer: %d bytes, %v", n, err)
	}

	osf, err := os.Open(emutest.DataFile(t, "train.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer osf.Close()
	g, err := c.Upload(ctx, osf, "from-file.jsonl", openaift.UploadParams{})
	if err != nil || g.Bytes != int64(len(data)) {
		t.Fatalf("Upload from a file: %+v %v", g, err)
	}
	out, err := os.Create(filepath.Join(t.TempDir(), "out.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if n, err := c.Download(ctx, g.ID, out); err != nil || n != int64(len(data)) {
		t.Fatalf("Download to a file: %d %v", n, err)
	}
	back, _ := os.ReadFile(out.Name())
	if !bytes.Equal(back, data) {
		t.Fatal("the downloaded file differs")
	}

	// A writer that fails stops the download with ErrIO wrapping its error.
	boom := errors.New("disk full")
	if _, err := c.Download(ctx, g.ID, failingWriter{boom}); !errors.Is(err, openaift.ErrIO) || !errors.Is(err, boom) {
		t.Fatalf("a failing writer: %v", err)
	}
	// and the client goes on.
	if _, err := c.RetrieveFile(ctx, g.ID); err != nil {
		t.Fatal(err)
	}

	// Files iterates over both, page by page.
	var ids []string
	for file, err := range c.Files(ctx, openaift.ListFilesParams{Limit: 1, Ascending: true}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, file.ID)
	}
	if len(ids) != 2 || ids[0] != f.ID || ids[1] != g.ID {
		t.Fatalf("Files: %v, want [%s %s]", ids, f.ID, g.ID)
	}
	// Breaking out of the loop early is fine.
	for range c.Files(ctx, openaift.ListFilesParams{Limit: 1}) {
		break
	}
	if d, err := c.DeleteFile(ctx, f.ID); err != nil || !d.Deleted || d.ID != f.ID {
		t.Fatalf("DeleteFile: %+v %v", d, err)
	}
	_, err = c.RetrieveFile(ctx, f.ID)
	var apiErr *openaift.APIError
	if !errors.Is(err, openaift.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.StatusCode != 404 ||
		apiErr.RequestID == "" || apiErr.Message == "" {
		t.Fatalf("a deleted file: %#v", err)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// A reader that fails: ErrIO wrapping its error, and nothing is sent.
func TestUploadFromAFailingReader(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	boom := errors.New("read failed")
	_, err := c.Upload(context.Background(), io.MultiReader(strings.NewReader("{}\n"), failingReader{boom}),
		"x.jsonl", openaift.UploadParams{})
	if !errors.Is(err, openaift.ErrIO) || !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if n := len(emu.Requests(t, 0)); n != 0 {
		t.Fatalf("%d requests were sent", n)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

// Models iterates over the models, the fine-tuned ones included.
func TestModels(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	n := 0
	for m, err := range c.Models(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if m.ID == "" {
			t.Fatalf("a model without an ID: %+v", m)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no models")
	}
}

// WaitFileProcessed returns the file once processed; an unknown ID is
// ErrNotFound.
func TestWaitFileProcessed(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	id := upload(t, c, "train.jsonl")
	f, err := c.WaitFileProcessed(ctx, id, 50*time.Millisecond)
	if err != nil || f.ID != id || f.Status != "processed" || f.StatusDetails != "" {
		t.Fatalf("WaitFileProcessed: %+v, %v", f, err)
	}
	if _, err := c.WaitFileProcessed(ctx, "file-nosuchfile", 0); !errors.Is(err, openaift.ErrNotFound) {
		t.Fatalf("unknown file: %v", err)
	}
}
