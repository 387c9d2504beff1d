//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var (
	requiredVersion = regexp.MustCompile(`required_version\s*=\s*">=\s*([0-9]+\.[0-9]+)"`)
	// A stated minimum: "Terraform 1.2 or later", "Terraform 1.5 and later".
	statedMinimum = regexp.MustCompile(`Terraform\s+([0-9]+\.[0-9]+)(?:\.[0-9]+)?\s+(?:or|and)\s+later`)
	importBlocks  = regexp.MustCompile(`import blocks?[^.]*$`)
)

// The docs state one minimum Terraform version, the module's
// required_version (which the CLIs enforce), in every page that states one;
// only import blocks are said to need more (1.5). The module validates on
// the oldest CLI here, Terraform 1.5.7 (TestDocumentedModuleAddresses).
func TestOneMinimumTerraformVersion(t *testing.T) {
	versions, err := os.ReadFile(filepath.Join(repoRoot(), "terraform", "modules", "fine_tuning", "versions.tf"))
	if err != nil {
		t.Fatal(err)
	}
	m := requiredVersion.FindSubmatch(versions)
	if m == nil {
		t.Fatalf("the module states no required_version:\n%s", versions)
	}
	minimum := string(m[1])
	pages := []string{"README.md", "terraform/docs/index.md", "terraform/modules/fine_tuning/README.md"}
	more, _ := filepath.Glob(filepath.Join(repoRoot(), "terraform", "docs", "*", "*.md"))
	for _, p := range more {
		rel, _ := filepath.Rel(repoRoot(), p)
		pages = append(pages, rel)
	}
	for i, page := range pages {
		text, err := os.ReadFile(filepath.Join(repoRoot(), page))
		if err != nil {
			t.Fatal(err)
		}
		stated := false
		for _, loc := range statedMinimum.FindAllSubmatchIndex(text, -1) {
			version := string(text[loc[2]:loc[3]])
			before := text[max(0, loc[0]-80):loc[0]]
			switch {
			case version == minimum:
				stated = true
			case version == "1.5" && importBlocks.Match(before):
			default:
				t.Errorf("%s says %q; the module requires %s", page, text[loc[0]:loc[1]], minimum)
			}
		}
		if i < 3 && !stated {
			t.Errorf("%s does not say Terraform %s or later", page, minimum)
		}
	}
}
