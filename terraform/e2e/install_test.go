//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// The provider as `meson install` lays it out (OFT_INSTALLED_DATADIR: the
// DATADIR of an install under DESTDIR) is found by both CLIs with no CLI
// configuration at all, and installed with no network.
func TestInstalledByMesonNeedsNoConfiguration(t *testing.T) {
	datadir, err := mustEnv("OFT_INSTALLED_DATADIR")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t)
			empty := filepath.Join(t.TempDir(), "empty.tfrc")
			if err := os.WriteFile(empty, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			copyTree(t, filepath.Join(repoRoot(), "examples", "terraform", "simple"), dir)
			w := initWorkspace(t, c, dir, emu, nil, []string{"training_file=" + emu.Upload(t, "train.jsonl")},
				[]string{"TF_CLI_CONFIG_FILE=" + empty, "XDG_DATA_DIRS=" + datadir, "HOME=" + t.TempDir()})
			if a := actions(w.plan()); a[simple] != "create" {
				t.Fatalf("plan with the installed provider: %v", a)
			}
		})
	}
}
