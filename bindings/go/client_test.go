package openaift_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// client makes a client of emu that the test closes.
func client(t *testing.T, emu *emutest.Emulator, opts openaift.Options) *openaift.Client {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = emutest.APIKey
	}
	opts.BaseURL = emu.URL
	c, err := openaift.NewClient(opts)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// upload uploads a file of examples/data and returns its ID.
func upload(t *testing.T, c *openaift.Client, name string) string {
	t.Helper()
	f, err := c.UploadFile(context.Background(), emutest.DataFile(t, name), openaift.UploadParams{})
	if err != nil {
		t.Fatalf("UploadFile %s: %v", name, err)
	}
	return f.ID
}

func asError(t *testing.T, err error) *openaift.APIError {
	t.Helper()
	var e *openaift.APIError
	if !errors.As(err, &e) {
		t.Fatalf("want an *openaift.APIError, got %T %v", err, err)
	}
	return e
}

func TestNewClientWithoutKeyNamesIt(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	_, err := openaift.NewClient(openaift.Options{BaseURL: "http://127.0.0.1:1/v1"})
	e := asError(t, err)
	if !errors.Is(e, openaift.ErrInvalid) || !strings.Contains(e.Message, "api_key") ||
		!strings.Contains(e.Message, "OPENAI_API_KEY is unset or empty") {
		t.Fatalf("got %v, want ErrInvalid naming api_key", e)
	}
	if !errors.Is(err, openaift.ErrInvalid) {
		t.Fatal("errors.Is(err, ErrInvalid) is false")
	}
}

func TestNewClientRejectsBadBaseURL(t *testing.T) {
	_, err := openaift.NewClient(openaift.Options{APIKey: "k", BaseURL: "ftp://example.com"})
	if e := asError(t, err); !errors.Is(e, openaift.ErrInvalid) || !strings.Contains(e.Message, "base") {
		t.Fatalf("got %v, want ErrInvalid naming the base URL", e)
	}
}

func TestOptionsFromEnvironment(t *testing.T) {
	emu := emutest.Start(t)
	t.Setenv("OPENAI_API_KEY", emutest.APIKey)
	t.Setenv("OPENAI_BASE_URL", emu.URL)
	c, err := openaift.NewClient(openaift.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.BaseURL() != emu.URL {
		t.Fatalf("BaseURL %q, want %q", c.BaseURL(), emu.URL)
	}
	if _, err := c.ListJobs(context.Background(), openaift.ListJobsParams{}); err != nil {
		t.Fatal(err)
	}
}

func TestErrorCarriesTheAPIError(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	_, err := c.RetrieveJob(context.Background(), "ftjob-nosuchjob")
	e := asError(t, err)
	if !errors.Is(e, openaift.ErrNotFound) || e.StatusCode != 404 || e.Type != "invalid_request_error" ||
		e.RequestID == "" || e.Message == "" {
		t.Fatalf("got %+v", e)
	}
	if !errors.Is(err, openaift.ErrNotFound) || errors.Is(err, openaift.ErrAuth) {
		t.Fatal("errors.Is does not follow the status")
	}
	if !strings.Contains(e.Error(), e.RequestID) {
		t.Fatalf("Error() %q lacks the request id", e.Error())
	}
}

func TestWrongKeyIsErrAuthWithoutTheKey(t *testing.T) {
	emu := emutest.Start(t, "--api-key", "sk-right")
	c := client(t, emu, openaift.Options{APIKey: "sk-wrong-secret-value"})
	_, err := c.ListJobs(context.Background(), openaift.ListJobsParams{})
	e := asError(t, err)
	if !errors.Is(e, openaift.ErrAuth) || e.StatusCode != 401 || e.Code != "invalid_api_key" {
		t.Fatalf("got %+v", e)
	}
	if strings.Contains(e.Error(), "sk-wrong-secret-value") {
		t.Fatalf("the key appears in %q", e.Error())
	}
}

func TestLoggerGetsLinesButNoKey(t *testing.T) {
	emu := emutest.Start(t)
	var mu sync.Mutex
	var lines []string
	c := client(t, emu, openaift.Options{APIKey: "sk-secret-logged-never", LogLevel: openaift.LogDebug,
		Logger: func(_ openaift.LogLevel, m string) { mu.Lock(); lines = append(lines, m); mu.Unlock() }})
	if _, err := c.ListJobs(context.Background(), openaift.ListJobsParams{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) == 0 {
		t.Fatal("no log line at debug level")
	}
	for _, l := range lines {
		if strings.Contains(l, "sk-secret-logged-never") {
			t.Fatalf("the key appears in %q", l)
		}
	}
}

func TestClosedClient(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if _, err := c.RetrieveJob(context.Background(), "ftjob-x"); !errors.Is(err, openaift.ErrClosed) {
		t.Fatalf("got %v, want ErrClosed", err)
	}
}

func TestCancelledContextSendsNothing(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.ListJobs(ctx, openaift.ListJobsParams{})
	if !errors.Is(err, openaift.ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if n := len(emu.Requests(t, 0)); n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}
}

// A string that cannot cross into C whole is refused, naming it, and nothing
// is sent.
func TestNULBytesAreRefused(t *testing.T) {
	emu := emutest.Start(t)
	if _, err := openaift.NewClient(openaift.Options{APIKey: "sk-\x00rest", BaseURL: emu.URL}); !errors.Is(err, openaift.ErrInvalid) ||
		!strings.Contains(err.Error(), "api_key") {
		t.Fatalf("NewClient: %v", err)
	}
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	_, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: "file-\x00x"})
	if !errors.Is(err, openaift.ErrInvalid) || !strings.Contains(err.Error(), "training_file") {
		t.Fatalf("CreateJob: %v", err)
	}
	if _, err := c.RetrieveJob(ctx, "ftjob-\x00"); !errors.Is(err, openaift.ErrInvalid) {
		t.Fatalf("RetrieveJob: %v", err)
	}
	if n := len(emu.Requests(t, 0)); n != 0 {
		t.Fatalf("%d requests were sent", n)
	}
}

func TestExtraHeaders(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{Headers: map[string]string{"X-Team": "infra"}})
	if _, err := c.ListJobs(context.Background(), openaift.ListJobsParams{}); err != nil {
		t.Fatal(err)
	}
	_, err := openaift.NewClient(openaift.Options{APIKey: "k", BaseURL: emu.URL, Headers: map[string]string{"Bad Name": "v"}})
	if !errors.Is(err, openaift.ErrInvalid) || !strings.Contains(err.Error(), "header") {
		t.Fatalf("a bad header name: %v", err)
	}
}
