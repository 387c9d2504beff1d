// Package emutest starts openai-ft-emulator for tests (the binding's, the
// provider's, the tofu-driven cases, and any Go program's), and speaks its
// control API (/_emulator/...). Every emulator started is stopped by its PID when the
// test ends, also when it fails.
package emutest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Emulator is one running openai-ft-emulator.
type Emulator struct {
	URL  string // the API's base URL, ending in /v1
	Root string // scheme, host and port
	Key  string // the API key it takes (APIKey unless started with --api-key)
	Pid  int
}

// Binary is the emulator to run: $OFT_EMULATOR, else the one of the meson
// build directory "build" at the top of the repository (in a clone), else
// openai-ft-emulator on PATH (the openai-ft-emulator package).
func Binary(t testing.TB) string {
	if p := os.Getenv("OFT_EMULATOR"); p != "" {
		return p
	}
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "..", "build", "emulator", "openai-ft-emulator")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if p, err := exec.LookPath("openai-ft-emulator"); err == nil {
		return p
	}
	t.Fatalf("no emulator: set OFT_EMULATOR, build the tree (meson setup build && ninja -C build) or install openai-ft-emulator")
	return ""
}

// Start runs an emulator on a free loopback port with the given options
// (e.g. "--job-duration", "2"). Its request log goes to the test's log
// when the test fails.
func Start(t testing.TB, args ...string) *Emulator {
	t.Helper()
	cmd := exec.Command(Binary(t), append([]string{"--port", "0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("emulator log:\n%s", lastLines(stderr.String(), 60))
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("emulator did not start: %v\n%s", err, stderr.String())
	}
	// "listening on http://127.0.0.1:PORT/v1"
	url := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	key := APIKey
	for i, a := range args {
		if a == "--api-key" && i+1 < len(args) {
			key = args[i+1]
		}
	}
	return &Emulator{URL: url, Root: strings.TrimSuffix(url, "/v1"), Key: key, Pid: cmd.Process.Pid}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Do sends a request to the emulator (path from its root: "/_emulator/..."
// or "/v1/...", with the test key) and decodes a JSON answer into out (when
// not nil). A status other than 2xx fails the test.
func (e *Emulator) Do(t testing.TB, method, path string, body, out any) {
	t.Helper()
	status, data := e.request(t, method, path, body)
	if status/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, path, status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}

// Status sends a request and returns the HTTP status only.
func (e *Emulator) Status(t testing.TB, method, path string) int {
	t.Helper()
	status, _ := e.request(t, method, path, nil)
	return status
}

func (e *Emulator) request(t testing.TB, method, path string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.Root+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.Key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data
}

// APIKey is the key the tests send (the emulator accepts any key unless it
// was started with --api-key).
const APIKey = "sk-tf-test-key"

// Job is the part of a job object the tests look at.
type Job struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	Model          string `json:"model"`
	FineTunedModel string `json:"fine_tuned_model"`
}

// Job fetches a job through the API (404 fails the test).
func (e *Emulator) Job(t testing.TB, id string) Job {
	t.Helper()
	var j Job
	e.Do(t, "GET", "/v1/fine_tuning/jobs/"+id, nil, &j)
	return j
}

// Finish runs a job to its end at once (control API).
func (e *Emulator) Finish(t testing.TB, id string) Job {
	t.Helper()
	var j Job
	e.Do(t, "POST", "/_emulator/jobs/"+id+"/advance", map[string]string{"to": "end"}, &j)
	return j
}

// DeleteJob makes a job disappear on the server (control API).
func (e *Emulator) DeleteJob(t testing.TB, id string) {
	t.Helper()
	e.Do(t, "DELETE", "/_emulator/jobs/"+id, nil, nil)
}

// Request is one entry of the emulator's request log.
type Request struct {
	Seq    int    `json:"seq"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

// String is the request as the log shows it: method, path and status.
func (r Request) String() string { return fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status) }

// Requests returns the API requests logged after seq (0: all), oldest first.
func (e *Emulator) Requests(t testing.TB, since int) []Request {
	t.Helper()
	var list struct {
		Data []Request `json:"data"`
	}
	e.Do(t, "GET", fmt.Sprintf("/_emulator/requests?since=%d", since), nil, &list)
	return list.Data
}

// LastSeq is the sequence number of the last logged request (0 when none).
func (e *Emulator) LastSeq(t testing.TB) int {
	t.Helper()
	reqs := e.Requests(t, 0)
	if len(reqs) == 0 {
		return 0
	}
	return reqs[len(reqs)-1].Seq
}
