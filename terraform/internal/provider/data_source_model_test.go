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

// A fine-tuned model read by its ID; an unknown one is an error.
func TestAccModelDataSource(t *testing.T) {
	emu := emutest.Start(t)
	job := finishedJob(t, emu, emu.Upload(t, "train.jsonl"), nil)
	const m = "data.openai_model.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(emu) + fmt.Sprintf(`
data "openai_model" "test" {
  model_id = %q
}
`, job.FineTunedModel),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(m, tfjsonpath.New("id"), knownvalue.StringExact(job.FineTunedModel)),
				statecheck.ExpectKnownValue(m, tfjsonpath.New("object"), knownvalue.StringExact("model")),
				statecheck.ExpectKnownValue(m, tfjsonpath.New("created"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(m, tfjsonpath.New("owned_by"), knownvalue.NotNull()),
			},
		}, {
			Config: providerConfig(emu) + `
data "openai_model" "missing" {
  model_id = "ft:gpt-4o-mini:org::nosuchmodel"
}
`,
			ExpectError: regexp.MustCompile(`Could not read model ft:gpt-4o-mini:org::nosuchmodel[\s\S]*HTTP 404`),
		}},
	})
}
