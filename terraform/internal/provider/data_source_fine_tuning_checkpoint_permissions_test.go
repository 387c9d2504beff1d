package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// A model shared with three projects: its permissions, all of them, one
// project's, and up to a limit.
func TestAccCheckpointPermissionsDataSource(t *testing.T) {
	emu := emutest.Start(t)
	job := finishedJob(t, emu, emu.Upload(t, "train.jsonl"), nil)
	var made struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	emu.Do(t, "POST", "/v1/fine_tuning/checkpoints/"+job.FineTunedModel+"/permissions",
		map[string]any{"project_ids": []string{"proj_a", "proj_b", "proj_c"}}, &made)
	if len(made.Data) != 3 {
		t.Fatalf("made %d permissions", len(made.Data))
	}
	const all, b, one = "data.openai_fine_tuning_checkpoint_permissions.all",
		"data.openai_fine_tuning_checkpoint_permissions.b", "data.openai_fine_tuning_checkpoint_permissions.one"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(emu) + fmt.Sprintf(`
data "openai_fine_tuning_checkpoint_permissions" "all" {
  checkpoint_id = %[1]q
}

data "openai_fine_tuning_checkpoint_permissions" "b" {
  checkpoint_id = %[1]q
  project_id    = "proj_b"
}

data "openai_fine_tuning_checkpoint_permissions" "one" {
  checkpoint_id = %[1]q
  limit         = 1
}
`, job.FineTunedModel),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("permissions"), listLen(3)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("has_more"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(b, tfjsonpath.New("permissions"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(made.Data[1].ID), "object": knownvalue.StringExact("checkpoint.permission"),
						"created_at": knownvalue.NotNull(), "checkpoint_id": knownvalue.StringExact(job.FineTunedModel),
						"project_id":  knownvalue.StringExact("proj_b"),
						"project_ids": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("proj_b")}),
						// upstream's, which the API has not
						"allow_view": knownvalue.Bool(true), "allow_create": knownvalue.Null(),
					}),
				})),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("permissions"), listLen(1)),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("has_more"), knownvalue.Bool(true)),
			},
		}},
	})
}
