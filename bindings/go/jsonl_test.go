package openaift_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// The library's validator from Go: a good file passes, a broken one names
// its lines and rules, a short one is under the minimum, a missing one is
// ErrIO naming the path.
func TestValidateData(t *testing.T) {
	r, err := openaift.ValidateData(emutest.DataFile(t, "train.jsonl"), openaift.ValidateParams{})
	if err != nil || !r.OK || r.Examples != 30 || r.Format != "chat" || r.ErrorsTotal != 0 {
		t.Fatalf("train.jsonl: %+v, %v", r, err)
	}
	r, err = openaift.ValidateData(emutest.DataFile(t, "bad.jsonl"), openaift.ValidateParams{})
	if err != nil || r.OK || r.ErrorsTotal == 0 {
		t.Fatalf("bad.jsonl: %+v, %v", r, err)
	}
	var first *openaift.DataProblem
	for i := range r.Problems {
		if !r.Problems[i].Warning {
			first = &r.Problems[i]
			break
		}
	}
	if first == nil || first.Line != 2 || first.Code != "invalid_json" || first.Message == "" {
		t.Fatalf("bad.jsonl's first error: %+v", first)
	}

	short := filepath.Join(t.TempDir(), "short.jsonl")
	line := `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}` + "\n"
	if err := os.WriteFile(short, []byte(line+line), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = openaift.ValidateData(short, openaift.ValidateParams{})
	if err != nil || r.Examples != 2 || !hasCode(r, "too_few_examples") {
		t.Fatalf("short.jsonl: %+v, %v", r, err)
	}
	r, err = openaift.ValidateData(short, openaift.ValidateParams{MinExamples: -1})
	if err != nil || !r.OK || hasCode(r, "too_few_examples") {
		t.Fatalf("short.jsonl without a minimum: %+v, %v", r, err)
	}

	missing := filepath.Join(t.TempDir(), "missing.jsonl")
	r, err = openaift.ValidateData(missing, openaift.ValidateParams{})
	var ae *openaift.APIError
	if !errors.Is(err, openaift.ErrIO) || !errors.As(err, &ae) || r == nil || r.OK ||
		!strings.Contains(ae.Message, "missing.jsonl") {
		t.Fatalf("missing file: %+v, %v", r, err)
	}
	if _, err := openaift.ValidateData(short, openaift.ValidateParams{Format: "nope"}); !errors.Is(err, openaift.ErrInvalid) {
		t.Fatalf("unknown format: %v", err)
	}
}

func hasCode(r *openaift.DataReport, code string) bool {
	for _, p := range r.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}
