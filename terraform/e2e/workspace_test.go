//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// workspace is a copy of one example configuration, initialized, with the
// environment a user would have: the API key and the emulator's URL.
type workspace struct {
	t    *testing.T
	cli  cli
	dir  string
	env  []string
	vars []string // -var arguments of plan, apply, import and destroy
}

// repoRoot is the top of the repository.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// copyTree copies src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// newWorkspace copies examples/terraform/EXAMPLE (and the module it may use,
// at the same relative place), points it at emu and runs init.
func newWorkspace(t *testing.T, c cli, example string, emu *emutest.Emulator, vars ...string) *workspace {
	t.Helper()
	root := t.TempDir()
	copyTree(t, filepath.Join(repoRoot(), "examples", "terraform", example), filepath.Join(root, "examples", "terraform", example))
	copyTree(t, filepath.Join(repoRoot(), "terraform", "modules"), filepath.Join(root, "terraform", "modules"))
	return initWorkspace(t, c, filepath.Join(root, "examples", "terraform", example), emu, nil, vars, nil)
}

// configWorkspace is a workspace of the given files (name: content).
func configWorkspace(t *testing.T, c cli, emu *emutest.Emulator, files map[string]string) *workspace {
	t.Helper()
	return initWorkspace(t, c, t.TempDir(), emu, files, nil, nil)
}

// initWorkspace writes the files into dir, with a short poll interval (an
// override file, as a user would write one), and runs init with the
// environment of a user of emu (and env, which overrides it).
func initWorkspace(t *testing.T, c cli, dir string, emu *emutest.Emulator, files map[string]string, vars, env []string) *workspace {
	t.Helper()
	w := &workspace{t: t, cli: c, dir: dir}
	for name, content := range files {
		w.write(name, content)
	}
	w.write("test_override.tf", `provider "openai" {
  poll_interval = 0.1
}
`)
	w.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
		"OPENAI_API_KEY="+emu.Key, "OPENAI_ADMIN_KEY="+emu.Key, "OPENAI_BASE_URL="+emu.URL,
	)
	w.env = append(w.env, env...)
	for _, v := range vars {
		w.vars = append(w.vars, "-var", v)
	}
	w.ok("init", "-no-color")
	return w
}

// write puts a file into the configuration's directory.
func (w *workspace) write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *workspace) remove(name string) {
	w.t.Helper()
	if err := os.Remove(filepath.Join(w.dir, name)); err != nil {
		w.t.Fatal(err)
	}
}

// withVars adds the workspace's -var arguments to the commands that take them.
func (w *workspace) withVars(args []string) []string {
	switch args[0] {
	case "plan", "apply", "import", "destroy", "refresh":
		return append(append([]string{args[0]}, w.vars...), args[1:]...)
	}
	return args
}

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string { return r.stdout + r.stderr }

// command prepares the CLI in the workspace, in a process group of its own
// (with the providers it starts): a terminal's Ctrl-C reaches the group, and
// the test stops the whole group by its ID if it outlives the test.
func (w *workspace) command(args ...string) *exec.Cmd {
	cmd := exec.Command(w.cli.path, w.withVars(args)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

// killGroup stops a command's process group (SIGKILL), if it still runs.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// commandTimeout bounds one CLI command: a hung command fails the test.
const commandTimeout = 5 * time.Minute

// run runs the CLI in the workspace and returns what it printed and its exit code.
func (w *workspace) run(args ...string) result {
	w.t.Helper()
	cmd := w.command(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		w.t.Fatalf("%s %s: %v", w.cli.name, strings.Join(args, " "), err)
	}
	timer := time.AfterFunc(commandTimeout, func() { killGroup(cmd) })
	err := cmd.Wait()
	timer.Stop()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		w.t.Fatalf("%s %s: %v", w.cli.name, strings.Join(args, " "), err)
	}
	return result{out.String(), errb.String(), code}
}

// ok runs a command that must succeed and returns its output.
func (w *workspace) ok(args ...string) string {
	w.t.Helper()
	r := w.run(args...)
	if r.code != 0 {
		w.t.Fatalf("%s %s: exit %d\n%s", w.cli.name, strings.Join(args, " "), r.code, r)
	}
	return r.String()
}

// fails runs a command that must fail and returns its output.
func (w *workspace) fails(args ...string) string {
	w.t.Helper()
	r := w.run(args...)
	if r.code == 0 {
		w.t.Fatalf("%s %s succeeded, want a failure\n%s", w.cli.name, strings.Join(args, " "), r)
	}
	return r.String()
}

// apply applies with -auto-approve and returns the output.
func (w *workspace) apply(extra ...string) string {
	w.t.Helper()
	return w.ok(append([]string{"apply", "-auto-approve", "-no-color"}, extra...)...)
}

// plan makes a plan and returns it as JSON (show -json).
func (w *workspace) plan(extra ...string) *tfjson.Plan {
	w.t.Helper()
	w.ok(append([]string{"plan", "-no-color", "-out=test.tfplan"}, extra...)...)
	var p tfjson.Plan
	w.decode(w.ok("show", "-json", "test.tfplan"), &p)
	return &p
}

// actions are the planned actions by resource address (no-ops left out).
func actions(p *tfjson.Plan) map[string]string {
	out := map[string]string{}
	for _, rc := range p.ResourceChanges {
		if rc.Change == nil || rc.Change.Actions.NoOp() {
			continue
		}
		var names []string
		for _, a := range rc.Change.Actions {
			names = append(names, string(a))
		}
		out[rc.Address] = strings.Join(names, ",")
	}
	return out
}

// noChanges fails the test unless a plan changes no resource.
func (w *workspace) noChanges(extra ...string) {
	w.t.Helper()
	if a := actions(w.plan(extra...)); len(a) != 0 {
		w.t.Fatalf("the plan changes %v, want no change", a)
	}
}

func (w *workspace) decode(s string, v any) {
	w.t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		w.t.Fatalf("%v in %s", err, s)
	}
}

// resource is a resource's attributes in the state (nil when absent).
func (w *workspace) resource(addr string) map[string]any {
	w.t.Helper()
	var st tfjson.State
	w.decode(w.ok("show", "-json"), &st)
	if st.Values == nil {
		return nil
	}
	var find func(m *tfjson.StateModule) map[string]any
	find = func(m *tfjson.StateModule) map[string]any {
		for _, r := range m.Resources {
			if r.Address == addr {
				return r.AttributeValues
			}
		}
		for _, c := range m.ChildModules {
			if v := find(c); v != nil {
				return v
			}
		}
		return nil
	}
	return find(st.Values.RootModule)
}

// instanceStatus is a resource instance's status in the raw state
// ("" or "tainted"), which show -json does not report.
func (w *workspace) instanceStatus(resourceType, name string) (string, bool) {
	w.t.Helper()
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Status string `json:"status"`
			} `json:"instances"`
		} `json:"resources"`
	}
	w.decode(w.ok("state", "pull"), &st)
	for _, r := range st.Resources {
		if r.Type == resourceType && r.Name == name && len(r.Instances) == 1 {
			return r.Instances[0].Status, true
		}
	}
	return "", false
}

func str(v any) string { s, _ := v.(string); return s }

// eventually polls cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// mustContain fails unless out contains every string.
func mustContain(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(out, s) {
			t.Fatalf("output lacks %q:\n%s", s, out)
		}
	}
}

func mustNotContain(t *testing.T, out string, unwanted ...string) {
	t.Helper()
	for _, s := range unwanted {
		if strings.Contains(out, s) {
			t.Fatalf("output contains %q:\n%s", s, out)
		}
	}
}

// apiRequests are the API requests the emulator logged after seq, as
// "METHOD PATH" lines.
func apiRequests(t *testing.T, emu *emutest.Emulator, seq int) []string {
	var out []string
	for _, r := range emu.Requests(t, seq) {
		out = append(out, fmt.Sprintf("%s %s", r.Method, r.Path))
	}
	return out
}
