//go:build e2e

// Package e2e drives a real OpenTofu (and Terraform 1.5.7) CLI, as a user
// would, against openai-ft-emulator: the examples under examples/terraform
// and the module, installed from a local filesystem mirror with no network.
// Run by scripts/test-terraform, which builds what these need:
//
//	OFT_TOFU       the tofu binary (scripts/tofu)
//	OFT_TERRAFORM  the terraform 1.5.7 binary (scripts/tofu terraform)
//	OFT_PROVIDER   the terraform-provider-openai binary (meson)
//	OFT_EMULATOR   the openai-ft-emulator binary (meson)
package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A CLI under test and the registry host its short source addresses mean.
type cli struct {
	name string
	path string
	host string
}

var (
	tofu, terraform cli
	cliConfig       string // the CLI configuration file: the mirror only
	providerVersion = "0.2.0"
)

func TestMain(m *testing.M) {
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func mustEnv(name string) (string, error) {
	v := os.Getenv(name)
	if v == "" {
		return "", fmt.Errorf("%s is not set: run scripts/test-terraform", name)
	}
	if !filepath.IsAbs(v) {
		return "", fmt.Errorf("%s must be an absolute path, got %q", name, v)
	}
	return v, nil
}

// setup lays out the provider in a filesystem mirror for both registry
// hosts and writes a CLI configuration that installs only from it.
func setup() error {
	var err error
	if tofu.path, err = mustEnv("OFT_TOFU"); err != nil {
		return err
	}
	if terraform.path, err = mustEnv("OFT_TERRAFORM"); err != nil {
		return err
	}
	provider, err := mustEnv("OFT_PROVIDER")
	if err != nil {
		return err
	}
	if _, err := mustEnv("OFT_EMULATOR"); err != nil {
		return err
	}
	tofu.name, tofu.host = "tofu", "registry.opentofu.org"
	terraform.name, terraform.host = "terraform", "registry.terraform.io"

	dir, err := os.MkdirTemp("", "oft-e2e-")
	if err != nil {
		return err
	}
	mirror := filepath.Join(dir, "mirror")
	for _, host := range []string{tofu.host, terraform.host} {
		platform := filepath.Join(mirror, host, "libopenai-ft", "openai", providerVersion, "linux_amd64")
		if err := os.MkdirAll(platform, 0o755); err != nil {
			return err
		}
		if err := os.Symlink(provider, filepath.Join(platform, "terraform-provider-openai")); err != nil {
			return err
		}
	}
	cliConfig = filepath.Join(dir, "cli.tfrc")
	return os.WriteFile(cliConfig, []byte(fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["%s/libopenai-ft/openai", "%s/libopenai-ft/openai"]
  }
}
`, mirror, tofu.host, terraform.host)), 0o644)
}
