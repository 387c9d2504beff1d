package openaift_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

const exactGrader = `{"type":"string_check","name":"exact","input":"{{sample.output_text}}",` +
	`"reference":"{{item.label}}","operation":"eq"}`

func TestGraders(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()

	v, err := c.ValidateGrader(ctx, json.RawMessage(exactGrader))
	if err != nil || v.Type != "string_check" || v.Name != "exact" || v.RequestID == "" {
		t.Fatalf("validate: %+v %v", v, err)
	}
	var echoed map[string]any
	if err := json.Unmarshal(v.Grader, &echoed); err != nil || echoed["operation"] != "eq" {
		t.Fatalf("validate echoed %s: %v", v.Grader, err)
	}

	r, err := c.RunGrader(ctx, json.RawMessage(exactGrader),
		openaift.RunGraderParams{ModelSample: "Paris", Item: json.RawMessage(`{"label":"Paris"}`)})
	if err != nil || r.Reward != 1 || r.Metadata.Name != "exact" || r.Metadata.Type != "string_check" ||
		r.Metadata.Scores["exact"] != 1 || r.Metadata.Errors.Any() || r.Metadata.TokenUsage != nil {
		t.Fatalf("run: %+v %v", r, err)
	}
	r, err = c.RunGrader(ctx, json.RawMessage(exactGrader), openaift.RunGraderParams{ModelSample: "Lyon"})
	if err != nil || r.Reward != 0 {
		t.Fatalf("run without item: %+v %v", r, err)
	}

	multi := `{"type":"multi","name":"both","calculate_output":"a","graders":[` +
		`{"type":"string_check","name":"a","input":"{{sample.output_text}}","reference":"yes","operation":"eq"},` +
		`{"type":"python","name":"b","source":"x"}]}`
	r, err = c.RunGrader(ctx, json.RawMessage(multi), openaift.RunGraderParams{ModelSample: "yes"})
	if err != nil || r.Reward != 0.5 || r.SubRewards["a"] != 1 || len(r.SubRewards) != 2 ||
		!r.Metadata.Errors.PythonGraderServerError || !r.Metadata.Errors.Any() ||
		r.Metadata.Errors.PythonGraderServerErrorType == "" {
		t.Fatalf("multi: %+v %v", r, err)
	}
}

func TestGraderErrors(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()

	// Refused by the API: a 400 with its param.
	bad := strings.Replace(exactGrader, `"eq"`, `"equals"`, 1)
	_, err := c.ValidateGrader(ctx, json.RawMessage(bad))
	e := asError(t, err)
	if !errors.Is(err, openaift.ErrAPI) || e.StatusCode != 400 || e.Param != "grader.operation" {
		t.Fatalf("invalid grader: %+v", e)
	}
	_, err = c.RunGrader(ctx, json.RawMessage(bad), openaift.RunGraderParams{ModelSample: "x"})
	if e := asError(t, err); e.StatusCode != 400 || e.Param != "grader.operation" {
		t.Fatalf("run invalid grader: %+v", e)
	}

	// Refused before sending.
	for _, g := range []string{`{"type":`, `[]`, `{"name":"x"}`, `{"type":"a\u0000"}`, ``} {
		if _, err := c.ValidateGrader(ctx, json.RawMessage(g)); !errors.Is(err, openaift.ErrInvalid) ||
			!strings.Contains(err.Error(), "grader") {
			t.Fatalf("grader %q: %v", g, err)
		}
	}
	nul := json.RawMessage("{\"type\":\"x\x00\"}")
	if _, err := c.ValidateGrader(ctx, nul); !errors.Is(err, openaift.ErrInvalid) ||
		!strings.Contains(err.Error(), "NUL") {
		t.Fatalf("NUL byte: %v", err)
	}
	_, err = c.RunGrader(ctx, json.RawMessage(exactGrader),
		openaift.RunGraderParams{ModelSample: "x", Item: json.RawMessage(`[1]`)})
	if !errors.Is(err, openaift.ErrInvalid) || !strings.Contains(err.Error(), "item_json") {
		t.Fatalf("item: %v", err)
	}
	var graders []emutest.Request
	for _, r := range emu.Requests(t, 0) {
		if strings.Contains(r.Path, "/fine_tuning/alpha/graders/") {
			graders = append(graders, r)
		}
	}
	if len(graders) != 2 || graders[0].Status != 400 || graders[1].Status != 400 {
		t.Fatalf("requests that reached the server: %v, want the 2 the API refused", graders)
	}

	// A cancelled context stops before sending.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.ValidateGrader(cctx, json.RawMessage(exactGrader)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
