package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// Every model the API lists, and up to a limit.
func TestAccModelsDataSource(t *testing.T) {
	emu := emutest.Start(t)
	job := finishedJob(t, emu, emu.Upload(t, "train.jsonl"), nil)
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	emu.Do(t, "GET", "/v1/models", nil, &list)
	if len(list.Data) < 2 {
		t.Fatalf("the emulator lists %d models; the test wants at least 2", len(list.Data))
	}
	ids := make([]knownvalue.Check, len(list.Data))
	found := false
	for i, m := range list.Data {
		ids[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(m.ID),
			"object": knownvalue.StringExact("model")})
		found = found || m.ID == job.FineTunedModel
	}
	if !found {
		t.Fatalf("the emulator does not list %s", job.FineTunedModel)
	}
	const all, one = "data.openai_models.all", "data.openai_models.one"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(emu) + `
data "openai_models" "all" {}

data "openai_models" "one" {
  limit = 1
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("models"), knownvalue.ListExact(ids)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("has_more"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("models"), listLen(1)),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("has_more"), knownvalue.Bool(true)),
			},
		}},
	})
}
