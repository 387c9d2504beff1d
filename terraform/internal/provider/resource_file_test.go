package provider_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// copyData copies a file of examples/data to dir and returns its path.
func copyData(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(emutest.DataFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sha256Of(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func fileConfig(emu *emutest.Emulator, path string) string {
	return providerConfig(emu) + fmt.Sprintf(`
resource "openai_file" "test" {
  file    = %q
  purpose = "fine-tune"
}
`, path)
}

// fileUploads counts the requests since seq that send file data.
func fileUploads(t *testing.T, emu *emutest.Emulator, since int) int {
	n := 0
	for _, r := range emu.Requests(t, since) {
		if r.Method == "POST" && (strings.HasSuffix(r.Path, "/files") || strings.Contains(r.Path, "/uploads")) {
			n++
		}
	}
	return n
}

// openai_file: create (uploaded, processed, digest in state), a touch plans
// nothing, an import by ID reads it back, an edit replaces it (the old file
// is deleted), destroy deletes it.
func TestAccFile(t *testing.T) {
	emu := emutest.Start(t)
	dir := t.TempDir()
	train := copyData(t, dir, "train.jsonl")
	const res = "openai_file.test"
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: fileConfig(emu, train),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^file-`))),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("status"), knownvalue.StringExact("processed")),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("filename"), knownvalue.StringExact("train.jsonl")),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("purpose"), knownvalue.StringExact("fine-tune")),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Of(t, train))),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					r := s.RootModule().Resources[res].Primary
					firstID = r.ID
					if want := fmt.Sprint(fileSize(t, train)); r.Attributes["bytes"] != want {
						return fmt.Errorf("bytes %s, want %s", r.Attributes["bytes"], want)
					}
					return nil
				},
			},
			{
				// Only the modification time changes: nothing to do.
				PreConfig: func() {
					later := time.Now().Add(time.Hour)
					if err := os.Chtimes(train, later, later); err != nil {
						t.Fatal(err)
					}
				},
				Config: fileConfig(emu, train),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Imported by ID: the path and digest are not known to the API.
				ResourceName:            res,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"file", "content_sha256"},
			},
			{
				// An edit of the content replaces the file.
				PreConfig: func() {
					f, err := os.OpenFile(train, os.O_APPEND|os.O_WRONLY, 0)
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					_, _ = f.WriteString(`{"messages":[{"role":"user","content":"One more?"},{"role":"assistant","content":"Fine."}]}` + "\n")
				},
				Config: fileConfig(emu, train),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("content_sha256"), knownvalue.StringFunc(func(v string) error {
						if v != sha256Of(t, train) {
							return fmt.Errorf("content_sha256 %s is not the edited file's", v)
						}
						return nil
					})),
				},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[res].Primary.ID; id == firstID {
						return fmt.Errorf("the file was not replaced: %s", id)
					}
					if st := emu.Status(t, "GET", "/v1/files/"+firstID); st != 404 {
						return fmt.Errorf("the replaced file %s: HTTP %d, want 404 (deleted)", firstID, st)
					}
					return nil
				},
			},
		},
		CheckDestroy: func(s *terraform.State) error {
			for _, r := range s.RootModule().Resources {
				if st := emu.Status(t, "GET", "/v1/files/"+r.Primary.ID); r.Type == "openai_file" && st != 404 {
					return fmt.Errorf("%s after destroy: HTTP %d, want 404", r.Primary.ID, st)
				}
			}
			return nil
		},
	})
}

func fileSize(t *testing.T, path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// A bad line of fine-tuning data is a plan error naming the file, the line
// and the rule, and nothing is uploaded.
func TestAccFileBadDataIsAPlanError(t *testing.T) {
	emu := emutest.Start(t)
	bad := copyData(t, t.TempDir(), "bad.jsonl")
	seq := emu.LastSeq(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config:      fileConfig(emu, bad),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid fine-tuning data[\s\S]*bad\.jsonl, line 2\s+\(invalid_json\)`),
			},
			{
				Config:      fileConfig(emu, bad),
				ExpectError: regexp.MustCompile(`bad\.jsonl, line 4\s+\(unrecognized_role\)`),
			},
			{
				Config:      fileConfig(emu, filepath.Join(t.TempDir(), "missing.jsonl")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Cannot read the file[\s\S]*missing\.jsonl`),
			},
		},
	})
	if n := fileUploads(t, emu, seq); n != 0 {
		t.Fatalf("%d uploads for a file with bad data", n)
	}
}

// planFile plans a new openai_file through the protocol (as Terraform core
// does) and returns the diagnostics, which the CLI would only print.
func planFile(t *testing.T, emu *emutest.Emulator, file string) []*tfprotov6.Diagnostic {
	t.Helper()
	srv, err := serverFactory()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, srv: srv}
	cfgType := schemas.Provider.ValueType().(tftypes.Object)
	cfg := s.dynamic(cfgType, object(cfgType, map[string]tftypes.Value{
		"api_key":  tftypes.NewValue(tftypes.String, emu.Key),
		"base_url": tftypes.NewValue(tftypes.String, emu.URL),
	}))
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	typ := schemas.ResourceSchemas["openai_file"].ValueType().(tftypes.Object)
	args := object(typ, map[string]tftypes.Value{
		"file":    tftypes.NewValue(tftypes.String, file),
		"purpose": tftypes.NewValue(tftypes.String, "fine-tune"),
	})
	proposed := object(typ, map[string]tftypes.Value{
		"file":    tftypes.NewValue(tftypes.String, file),
		"purpose": tftypes.NewValue(tftypes.String, "fine-tune"),
		"id":      tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	plan, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "openai_file",
		PriorState: s.dynamic(typ, tftypes.NewValue(typ, nil)), ProposedNewState: s.dynamic(typ, proposed),
		Config: s.dynamic(typ, args)})
	if err != nil {
		t.Fatal(err)
	}
	return plan.Diagnostics
}

// Fewer examples than the API's training minimum is a warning only: the
// file may be a validation file.
func TestFileUnderTheMinimumIsAWarning(t *testing.T) {
	emu := emutest.Start(t)
	short := filepath.Join(t.TempDir(), "short.jsonl")
	line := `{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello."}]}` + "\n"
	if err := os.WriteFile(short, []byte(strings.Repeat(line, 3)), 0o644); err != nil {
		t.Fatal(err)
	}
	d := diagnostic(t, planFile(t, emu, short), tfprotov6.DiagnosticSeverityWarning)
	if d.Summary != "Too few examples for a training file" || !strings.Contains(d.Detail, "short.jsonl") {
		t.Fatalf("warning %q: %s", d.Summary, d.Detail)
	}
	if diags := planFile(t, emu, emutest.DataFile(t, "train.jsonl")); len(diags) != 0 {
		t.Fatalf("train.jsonl: %v", diags)
	}
}

// writeLargeData writes a valid chat file of at least size bytes.
func writeLargeData(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var n int64
	for i := 0; n < size; i++ {
		k, _ := fmt.Fprintf(w, `{"messages":[{"role":"system","content":"You answer with the number you are given."},`+
			`{"role":"user","content":"Example %d of a large training file."},{"role":"assistant","content":"%d"}]}`+"\n", i, i)
		n += int64(k)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// A 200 MB file goes through the Uploads API in parts (over the 128 MiB
// threshold) and arrives whole.
func TestAccFileLargeThroughUploads(t *testing.T) {
	emu := emutest.Start(t)
	big := filepath.Join(t.TempDir(), "large.jsonl")
	writeLargeData(t, big, 200_000_000)
	size := fileSize(t, big)
	seq := emu.LastSeq(t)
	const res = "openai_file.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: fileConfig(emu, big),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("bytes"), knownvalue.Int64Exact(size)),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("status"), knownvalue.StringExact("processed")),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Of(t, big))),
				},
			},
		},
	})
	parts, direct := 0, 0
	for _, r := range emu.Requests(t, seq) {
		switch {
		case r.Method == "POST" && strings.HasSuffix(r.Path, "/parts"):
			parts++
		case r.Method == "POST" && strings.HasSuffix(r.Path, "/files"):
			direct++
		}
	}
	if parts < 3 || direct != 0 {
		t.Fatalf("%d parts and %d POST /files for %d bytes; want the Uploads API", parts, direct, size)
	}
}

// fakeFilesAPI is a loopback server that accepts an upload and then reports
// the file as rejected (the emulator processes every file it accepts).
func fakeFilesAPI(t *testing.T) (url string, deleted *atomic.Bool) {
	deleted = &atomic.Bool{}
	file := func(status string) string {
		return `{"id":"file-rejected","object":"file","bytes":10,"created_at":1700000000,` +
			`"filename":"train.jsonl","purpose":"fine-tune","status":"` + status + `",` +
			`"status_details":"Invalid file format for Fine-Tuning API. Must be .jsonl"}`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "POST" && r.URL.Path == "/v1/files":
			_, _ = io.Copy(io.Discard, r.Body)
			fmt.Fprint(w, file("uploaded"))
		case r.Method == "GET" && r.URL.Path == "/v1/files/file-rejected" && !deleted.Load():
			fmt.Fprint(w, file("error"))
		case r.Method == "DELETE" && r.URL.Path == "/v1/files/file-rejected":
			deleted.Store(true)
			fmt.Fprint(w, `{"id":"file-rejected","object":"file","deleted":true}`)
		default:
			w.WriteHeader(404)
			fmt.Fprint(w, `{"error":{"message":"No such File object","type":"invalid_request_error","code":null,"param":"id"}}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1", deleted
}

// A file the API rejects is an error carrying its status details; the file
// is kept in the state (tainted) and deleted by destroy.
func TestAccFileRejectedByTheAPI(t *testing.T) {
	url, deleted := fakeFilesAPI(t)
	train := copyData(t, t.TempDir(), "train.jsonl")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "openai" {
  api_key       = "sk-test"
  base_url      = %q
  poll_interval = 0.05
  max_retries   = 0
}

resource "openai_file" "test" {
  file = %q
}
`, url, train),
				ExpectError: regexp.MustCompile(`The API could not process the file[\s\S]*file-rejected[\s\S]*"error":[\s\S]*Invalid file format`),
			},
		},
	})
	if !deleted.Load() {
		t.Fatal("the rejected file was not deleted by destroy")
	}
}
