package provider_test

// The upstream provider's (mkdev-me/openai) settings: its argument and
// environment variable names work beside ours, with a deprecation warning
// that says what to write instead, and ours win when both are set. Checked
// at the protocol, as Terraform core calls the provider (a CLI shows the
// warnings but the test framework does not), against test servers on
// loopback that record which URL and organization each request reached.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// recorder is an API that knows no job: it records the OpenAI-Organization
// header of each request; block makes it answer only when the client gives up.
type recorder struct {
	*httptest.Server
	mu    sync.Mutex
	orgs  []string
	block bool
}

func newRecorder(t *testing.T, block bool) *recorder {
	r := &recorder{block: block}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.orgs = append(r.orgs, req.Header.Get("OpenAI-Organization"))
		r.mu.Unlock()
		if r.block { // until the client gives up, or long after any timeout of the tests
			select {
			case <-req.Context().Done():
				return
			case <-time.After(30 * time.Second):
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"message":"No such job","type":"invalid_request_error","code":"not_found","param":null}}`))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.orgs...)
}

// attrs are settings of a provider block (or a data source's arguments).
type attrs map[string]tftypes.Value

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// upstreamEnv clears every variable these tests read, then sets env.
func upstreamEnv(t *testing.T, env map[string]string) {
	for _, name := range []string{"OPENAI_API_KEY", "OPENAI_ADMIN_KEY", "OPENAI_BASE_URL", "OPENAI_API_URL",
		"OPENAI_ORG_ID", "OPENAI_ORGANIZATION", "OPENAI_TIMEOUT", "OPENAI_PROJECT_ID"} {
		t.Setenv(name, "")
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
}

// protoServer is a provider server and its schemas.
type protoServer struct {
	t       *testing.T
	srv     tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newProtoServer(t *testing.T) *protoServer {
	t.Helper()
	srv, err := serverFactory()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	return &protoServer{t: t, srv: srv, schemas: schemas}
}

// value is an object of the schema's type with a, null elsewhere.
func (p *protoServer) value(s *tfprotov6.Schema, a attrs) *tfprotov6.DynamicValue {
	typ := s.ValueType().(tftypes.Object)
	for name := range a {
		if _, ok := typ.AttributeTypes[name]; !ok {
			p.t.Fatalf("the schema has no attribute %q", name)
		}
	}
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := a[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	d, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, all))
	if err != nil {
		p.t.Fatal(err)
	}
	return &d
}

// configure validates and configures the provider block a, as core does:
// the diagnostics of both calls.
func (p *protoServer) configure(a attrs) []*tfprotov6.Diagnostic {
	p.t.Helper()
	ctx := context.Background()
	cfg := p.value(p.schemas.Provider, a)
	v, err := p.srv.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: cfg})
	if err != nil {
		p.t.Fatal(err)
	}
	diags := v.Diagnostics
	c, err := p.srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
	if err != nil {
		p.t.Fatal(err)
	}
	return append(diags, c.Diagnostics...)
}

// readJob reads data.openai_fine_tuning_job of id: its diagnostics.
func (p *protoServer) readJob(id string) []*tfprotov6.Diagnostic {
	p.t.Helper()
	cfg := p.value(p.schemas.DataSourceSchemas["openai_fine_tuning_job"], attrs{"id": str(id)})
	r, err := p.srv.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: "openai_fine_tuning_job", Config: cfg})
	if err != nil {
		p.t.Fatal(err)
	}
	return r.Diagnostics
}

// summary is every diagnostic, one a line, with its severity.
func summary(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity.String() + ": " + d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

// warnings are the warnings' summaries and details.
func warnings(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

func errorsOf(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// checkWarning: want "" means no warning, else one that contains want.
func checkWarning(t *testing.T, diags []*tfprotov6.Diagnostic, want string) {
	t.Helper()
	w := warnings(diags)
	if (want == "") != (w == "") || !strings.Contains(w, want) {
		t.Fatalf("warnings %q, want %q; all:\n%s", w, want, summary(diags))
	}
}

// The base URL: base_url, api_url, OPENAI_BASE_URL, OPENAI_API_URL, first set wins.
func TestUpstreamURLSettings(t *testing.T) {
	a, b := newRecorder(t, false), newRecorder(t, false)
	cases := []struct {
		name    string
		attrs   attrs
		env     map[string]string
		want    *recorder
		warning string
	}{
		{"base_url", attrs{"base_url": str(a.URL)}, nil, a, ""},
		{"api_url", attrs{"api_url": str(a.URL)}, nil, a, `"api_url" is the upstream provider's (mkdev-me/openai) name for "base_url": write base_url instead`},
		{"api_url over OPENAI_BASE_URL", attrs{"api_url": str(a.URL)}, map[string]string{"OPENAI_BASE_URL": b.URL}, a, "write base_url instead"},
		{"OPENAI_API_URL", nil, map[string]string{"OPENAI_API_URL": a.URL}, a, "OPENAI_API_URL is the upstream provider's (mkdev-me/openai) name for OPENAI_BASE_URL: set OPENAI_BASE_URL instead"},
		{"OPENAI_BASE_URL over OPENAI_API_URL", nil, map[string]string{"OPENAI_BASE_URL": a.URL, "OPENAI_API_URL": b.URL}, a, ""},
		{"base_url over OPENAI_API_URL", attrs{"base_url": str(a.URL)}, map[string]string{"OPENAI_API_URL": b.URL}, a, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"OPENAI_API_KEY": "sk-test"}
			for k, v := range tc.env {
				env[k] = v
			}
			upstreamEnv(t, env)
			p := newProtoServer(t)
			diags := p.configure(tc.attrs)
			if e := errorsOf(diags); e != "" {
				t.Fatalf("configure: %s", e)
			}
			checkWarning(t, diags, tc.warning)
			beforeA, beforeB := len(a.requests()), len(b.requests())
			if e := errorsOf(p.readJob("ftjob-nosuchjob")); !strings.Contains(e, "HTTP 404") {
				t.Fatalf("read: %q, want the test server's 404", e)
			}
			gotA, gotB := len(a.requests()) > beforeA, len(b.requests()) > beforeB
			if gotA != (tc.want == a) || gotB != (tc.want == b) {
				t.Fatalf("requests reached a: %v, b: %v; want %s", gotA, gotB, map[bool]string{true: "a", false: "b"}[tc.want == a])
			}
		})
	}
}

// The organization: organization, organization_id, OPENAI_ORG_ID,
// OPENAI_ORGANIZATION, first set wins.
func TestUpstreamOrganizationSettings(t *testing.T) {
	srv := newRecorder(t, false)
	cases := []struct {
		name    string
		attrs   attrs
		env     map[string]string
		want    string
		warning string
	}{
		{"organization", attrs{"organization": str("org-ours")}, map[string]string{"OPENAI_ORGANIZATION": "org-env"}, "org-ours", ""},
		{"organization_id", attrs{"organization_id": str("org-up")}, nil, "org-up", `"organization_id" is the upstream provider's (mkdev-me/openai) name for "organization": write organization instead`},
		{"organization_id over OPENAI_ORG_ID", attrs{"organization_id": str("org-up")}, map[string]string{"OPENAI_ORG_ID": "org-env"}, "org-up", "write organization instead"},
		{"OPENAI_ORGANIZATION", nil, map[string]string{"OPENAI_ORGANIZATION": "org-env"}, "org-env", "set OPENAI_ORG_ID instead"},
		{"OPENAI_ORG_ID over OPENAI_ORGANIZATION", nil, map[string]string{"OPENAI_ORG_ID": "org-ours", "OPENAI_ORGANIZATION": "org-up"}, "org-ours", ""},
		{"none", nil, nil, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": srv.URL}
			for k, v := range tc.env {
				env[k] = v
			}
			upstreamEnv(t, env)
			p := newProtoServer(t)
			diags := p.configure(tc.attrs)
			if e := errorsOf(diags); e != "" {
				t.Fatalf("configure: %s", e)
			}
			checkWarning(t, diags, tc.warning)
			p.readJob("ftjob-nosuchjob")
			reqs := srv.requests()
			if len(reqs) == 0 || reqs[len(reqs)-1] != tc.want {
				t.Fatalf("OpenAI-Organization sent: %q, want %q", reqs, tc.want)
			}
		})
	}
	// Both of the provider block's names at once are refused.
	upstreamEnv(t, map[string]string{"OPENAI_API_KEY": "sk-test"})
	diags := newProtoServer(t).configure(attrs{"organization": str("a"), "organization_id": str("b")})
	if !strings.Contains(errorsOf(diags), "Invalid Attribute Combination") {
		t.Fatalf("organization and organization_id: %s", summary(diags))
	}
}

// The timeout: timeout, then OPENAI_TIMEOUT (seconds, our name as well as
// the upstream provider's: no warning); an attempt that outlasts it fails
// with a timeout. A bad OPENAI_TIMEOUT is an error unless timeout is set.
func TestTimeoutSettings(t *testing.T) {
	srv := newRecorder(t, true)
	cases := []struct {
		name    string
		attrs   attrs
		env     map[string]string
		wantErr string // of configure; "" reads, which must time out
	}{
		{"timeout", attrs{"timeout": tftypes.NewValue(tftypes.Number, 1)}, map[string]string{"OPENAI_TIMEOUT": "bad"}, ""},
		{"OPENAI_TIMEOUT", nil, map[string]string{"OPENAI_TIMEOUT": "1"}, ""},
		{"bad OPENAI_TIMEOUT", nil, map[string]string{"OPENAI_TIMEOUT": "5m"}, `OPENAI_TIMEOUT must be a whole number of seconds from 1 to 86400, got "5m"`},
		{"timeout out of range", attrs{"timeout": tftypes.NewValue(tftypes.Number, 0)}, nil, "timeout"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": srv.URL}
			for k, v := range tc.env {
				env[k] = v
			}
			upstreamEnv(t, env)
			p := newProtoServer(t)
			a := attrs{"max_retries": tftypes.NewValue(tftypes.Number, 0)}
			for k, v := range tc.attrs {
				a[k] = v
			}
			diags := p.configure(a)
			if tc.wantErr != "" {
				if !strings.Contains(errorsOf(diags), tc.wantErr) {
					t.Fatalf("configure: %s, want an error with %q", summary(diags), tc.wantErr)
				}
				return
			}
			if len(diags) > 0 {
				t.Fatalf("configure: %s", summary(diags))
			}
			if e := errorsOf(p.readJob("ftjob-slow")); !strings.Contains(strings.ToLower(e), "timed out") &&
				!strings.Contains(strings.ToLower(e), "timeout") {
				t.Fatalf("read: %q, want a timeout", e)
			}
		})
	}
}
