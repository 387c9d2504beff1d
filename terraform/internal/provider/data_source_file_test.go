package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// data.openai_file reads a file by ID (upstream's file_id); an unknown ID
// is an error naming it.
func TestAccFileDataSource(t *testing.T) {
	emu := emutest.Start(t)
	id := emu.Upload(t, "train.jsonl")
	const ds = "data.openai_file.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(emu) + fmt.Sprintf(`
data "openai_file" "test" {
  file_id = %q
}
`, id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("object"), knownvalue.StringExact("file")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("filename"), knownvalue.StringExact("train.jsonl")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("purpose"), knownvalue.StringExact("fine-tune")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("processed")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("bytes"), knownvalue.Int64Exact(fileSize(t, emutest.DataFile(t, "train.jsonl")))),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("expires_at"), knownvalue.Null()),
				},
			},
			{
				Config: providerConfig(emu) + `
data "openai_file" "missing" {
  file_id = "file-nosuchfile"
}
`,
				ExpectError: regexp.MustCompile(`Could not read file file-nosuchfile[\s\S]*HTTP 404`),
			},
		},
	})
}
