//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// The module's addresses as the docs write them.
const (
	installedModule = "/usr/local/share/openai-ft/terraform/modules/fine_tuning"
	gitRepository   = "git::https://github.com/libopenai-ft/libopenai_ft.git"
)

// moduleDocs are the pages that show the module's address.
var moduleDocs = []string{
	"terraform/docs/resources/fine_tuned_model.md",
	"terraform/modules/fine_tuning/README.md",
	"README.md",
}

var (
	codeBlock    = regexp.MustCompile("(?s)```(?:terraform|hcl)\n(.*?)```")
	moduleSource = regexp.MustCompile(`(?m)^\s*source\s*=\s*"([^"]+)"`)
	// A documented address, in a table or in the text.
	documentedAddress = regexp.MustCompile(`"(/usr/local/share/openai-ft/[^"]+|git::[^"]+)"`)
)

// gitClone is a git repository of the repository's module folder, tagged
// v0.1.0 as a release is: what the git address reaches, on this machine.
func gitClone(t *testing.T) string {
	t.Helper()
	repo := t.TempDir()
	copyTree(t, filepath.Join(repoRoot(), "terraform", "modules"), filepath.Join(repo, "terraform", "modules"))
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "."},
		{"-c", "user.name=e2e", "-c", "user.email=e2e@localhost", "commit", "-q", "-m", "module"},
		{"tag", "v0.1.0"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return repo
}

// localAddress turns a documented address into the same address on this
// machine: the install under DESTDIR, the git repository made of the
// repository's files. A documented address of any other form fails.
func localAddress(t *testing.T, addr, datadir, repo string) string {
	t.Helper()
	switch {
	case strings.HasPrefix(addr, "/usr/local/share/"):
		return filepath.Join(datadir, strings.TrimPrefix(addr, "/usr/local/share/"))
	case strings.HasPrefix(addr, gitRepository+"//"):
		return "git::file://" + repo + strings.TrimPrefix(addr, gitRepository)
	}
	t.Fatalf("documented module source %q is neither the installed path (%s) nor this repository's git address (%s//...)",
		addr, installedModule, gitRepository)
	return ""
}

const requiredProviders = `terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

provider "openai" {}
`

// `meson install` installs the module, and every address the docs give
// for it (the installed path, this repository's git address), in the docs'
// own examples, is found by init and validates, with tofu and terraform.
func TestDocumentedModuleAddresses(t *testing.T) {
	datadir, err := mustEnv("OFT_INSTALLED_DATADIR")
	if err != nil {
		t.Fatal(err)
	}
	installed := filepath.Join(datadir, "openai-ft", "terraform", "modules", "fine_tuning")
	for _, f := range []string{"main.tf", "variables.tf", "outputs.tf", "versions.tf"} {
		if _, err := os.Stat(filepath.Join(installed, f)); err != nil {
			t.Fatalf("meson install: the module is not installed: %v", err)
		}
	}
	repo := gitClone(t)

	// Every module example of the docs, as written but for the address.
	configs := map[string]string{}
	addresses := map[string]bool{}
	for _, doc := range moduleDocs {
		text, err := os.ReadFile(filepath.Join(repoRoot(), doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range documentedAddress.FindAllStringSubmatch(string(text), -1) {
			addresses[m[1]] = true
		}
		for i, block := range codeBlock.FindAllStringSubmatch(string(text), -1) {
			src := moduleSource.FindStringSubmatch(block[1])
			if !strings.Contains(block[1], "module \"") || src == nil {
				continue
			}
			local := localAddress(t, src[1], datadir, repo)
			configs[doc+"#"+itoa(i)] = strings.Replace(block[1], `"`+src[1]+`"`, `"`+local+`"`, 1)
		}
	}
	if !addresses[installedModule] || !addresses[gitRepository+"//terraform/modules/fine_tuning?ref=v0.1.0"] {
		t.Fatalf("the docs do not give both the installed path and the git address: %v", addresses)
	}
	for addr := range addresses {
		configs[addr] = `module "fine_tuned_model" {
  source = "` + localAddress(t, addr, datadir, repo) + `"

  model         = "gpt-4o-mini-2024-07-18"
  training_file = "file-abc123"
}
`
	}
	emu := emutest.Start(t)
	for _, c := range []cli{tofu, terraform} {
		for name, config := range configs {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				main := config
				if !strings.Contains(main, "required_providers") {
					main = requiredProviders + "\n" + main
				}
				w := configWorkspace(t, c, emu, map[string]string{"main.tf": main})
				mustContain(t, w.ok("validate", "-no-color"), "The configuration is valid")
			})
		}
	}
}
