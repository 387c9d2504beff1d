package emutest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// DataFile is the path of a file of examples/data (train.jsonl: 30 valid
// examples; bad.jsonl: a file the emulator's validation fails).
func DataFile(t testing.TB, name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", "data", name)
}

// Upload uploads a file of examples/data through the API (purpose
// fine-tune) and returns its ID.
func (e *Emulator) Upload(t testing.TB, name string) string {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("purpose", "fine-tune")
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(DataFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write(data)
	_ = w.Close()
	req, err := http.NewRequest("POST", e.URL+"/files", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.Key)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var f struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&f); err != nil || f.ID == "" {
		t.Fatalf("uploading %s: status %d, %v", name, res.StatusCode, err)
	}
	return f.ID
}
