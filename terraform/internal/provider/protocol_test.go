package provider_test

// These tests call the provider's protocol-6 server directly, as Terraform
// core would, for what a CLI hides: the warnings of an Apply and a
// StopProvider arriving while an Apply waits.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

const modelType = "openai_fine_tuned_model"

// server is a configured provider server and the resource type's value type.
type server struct {
	t        *testing.T
	srv      tfprotov6.ProviderServer
	resource tftypes.Object
	typeName string // of resource
}

func newServer(t *testing.T, emu *emutest.Emulator) *server {
	t.Helper()
	srv, err := serverFactory()
	if err != nil {
		t.Fatal(err)
	}
	return configure(t, emu, srv)
}

// configure configures srv, a provider server, against emu.
func configure(t *testing.T, emu *emutest.Emulator, srv tfprotov6.ProviderServer) *server {
	t.Helper()
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	s := &server{t: t, srv: srv, resource: schemas.ResourceSchemas[modelType].ValueType().(tftypes.Object),
		typeName: modelType}
	cfgType := schemas.Provider.ValueType().(tftypes.Object)
	cfg := s.dynamic(cfgType, object(cfgType, map[string]tftypes.Value{
		"api_key":       tftypes.NewValue(tftypes.String, emu.Key),
		"base_url":      tftypes.NewValue(tftypes.String, emu.URL),
		"poll_interval": tftypes.NewValue(tftypes.Number, 0.1),
	}))
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	return s
}

// object is a value of typ with the given attributes, null elsewhere
// (blocks, lists of objects here: an empty list).
func object(typ tftypes.Object, vals map[string]tftypes.Value) tftypes.Value {
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := vals[name]; ok {
			all[name] = v
		} else if lt, ok := at.(tftypes.List); ok && lt.ElementType.Is(tftypes.Object{}) {
			all[name] = tftypes.NewValue(lt, []tftypes.Value{})
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(typ, all)
}

func (s *server) dynamic(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	s.t.Helper()
	d, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		s.t.Fatal(err)
	}
	return &d
}

// create plans and applies a new openai_fine_tuned_model with these
// arguments, and returns the Apply's response with its new state decoded.
func (s *server) create(ctx context.Context, args map[string]tftypes.Value) (*tfprotov6.ApplyResourceChangeResponse, map[string]tftypes.Value) {
	s.t.Helper()
	config := s.dynamic(s.resource, object(s.resource, args))
	null := s.dynamic(s.resource, tftypes.NewValue(s.resource, nil))
	plan, err := s.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: s.typeName, PriorState: null, ProposedNewState: config, Config: config})
	if err != nil || len(plan.Diagnostics) > 0 {
		s.t.Fatalf("PlanResourceChange: %v %v", err, plan.Diagnostics)
	}
	resp, err := s.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: s.typeName, PriorState: null, PlannedState: plan.PlannedState, Config: config,
		PlannedPrivate: plan.PlannedPrivate})
	if err != nil {
		s.t.Fatalf("ApplyResourceChange: %v", err)
	}
	if resp.NewState == nil {
		return resp, nil
	}
	v, err := resp.NewState.Unmarshal(s.resource)
	if err != nil {
		s.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		s.t.Fatal(err)
	}
	return resp, attrs
}

func stringAttr(t *testing.T, attrs map[string]tftypes.Value, name string) string {
	t.Helper()
	var s string
	if attrs[name].IsNull() {
		return ""
	}
	if err := attrs[name].As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func jobArgs(file string, window int) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"model":             tftypes.NewValue(tftypes.String, "gpt-4o-mini-2024-07-18"),
		"training_file":     tftypes.NewValue(tftypes.String, file),
		"completion_window": tftypes.NewValue(tftypes.Number, window),
	}
}

// diagnostic is the one diagnostic of a response, which must have this severity.
func diagnostic(t *testing.T, diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity) *tfprotov6.Diagnostic {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity != severity {
		for _, d := range diags {
			t.Logf("diagnostic %v: %s: %s", d.Severity, d.Summary, d.Detail)
		}
		t.Fatalf("got %d diagnostics, want one of severity %v", len(diags), severity)
	}
	return diags[0]
}

// A window that runs out is a warning (core saves the object untainted)
// with a wholly known state holding the job.
func TestExpiredWindowIsAWarning(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	s := newServer(t, emu)
	resp, state := s.create(context.Background(), jobArgs(emu.Upload(t, "train.jsonl"), 1))
	d := diagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if d.Summary != "Completion window ran out" {
		t.Fatalf("warning %q: %s", d.Summary, d.Detail)
	}
	id := stringAttr(t, state, "id")
	if !strings.HasPrefix(id, "ftjob-") || strings.Contains("succeeded failed cancelled", stringAttr(t, state, "status")) ||
		!state["fine_tuned_model"].IsNull() || !state["finished_at"].IsNull() {
		t.Fatalf("state: %v", state)
	}
	for name, v := range state {
		if !v.IsFullyKnown() {
			t.Fatalf("%s is unknown in the new state", name)
		}
	}
}

// A job that fails in the window is an error returned with the job's state
// (core then saves it tainted).
func TestFailedJobIsAnErrorWithState(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "0.5")
	s := newServer(t, emu)
	resp, state := s.create(context.Background(), jobArgs(emu.Upload(t, "bad.jsonl"), 60))
	d := diagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError)
	if !strings.Contains(d.Detail, "invalid_training_file") {
		t.Fatalf("error %q: %s", d.Summary, d.Detail)
	}
	if stringAttr(t, state, "status") != "failed" || stringAttr(t, state, "id") == "" {
		t.Fatalf("state: %v", state)
	}
}

// StopProvider during an Apply's wait (Ctrl-C) ends the Apply promptly with
// a warning and the job in its state.
func TestStopProviderDuringApply(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	s := newServer(t, emu)
	file := emu.Upload(t, "train.jsonl")
	type applied struct {
		resp  *tfprotov6.ApplyResourceChangeResponse
		state map[string]tftypes.Value
	}
	done := make(chan applied, 1)
	go func() {
		resp, state := s.create(context.Background(), jobArgs(file, 3600))
		done <- applied{resp, state}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var list struct {
			Data []emutest.Job `json:"data"`
		}
		emu.Do(t, "GET", "/v1/fine_tuning/jobs", nil, &list)
		if len(list.Data) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the job was not created")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	stopped := time.Now()
	if r, err := s.srv.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil || r.Error != "" {
		t.Fatalf("StopProvider: %v %v", err, r)
	}
	var a applied
	select {
	case a = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the Apply still waits 20 s after StopProvider")
	}
	t.Logf("the Apply returned %v after StopProvider", time.Since(stopped))
	d := diagnostic(t, a.resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if d.Summary != "Wait interrupted" || !strings.HasPrefix(stringAttr(t, a.state, "id"), "ftjob-") {
		t.Fatalf("warning %q, state %v", d.Summary, a.state)
	}
}
