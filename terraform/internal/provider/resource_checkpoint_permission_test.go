package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

func TestAccCheckpointPermission(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "0.5")
	file := emu.Upload(t, "train.jsonl")
	const perm = "openai_fine_tuning_checkpoint_permission.test"
	config := modelConfig(emu, file, "share", 60) + `
# A checkpoint of the job (the module example shares the final model).
resource "openai_fine_tuning_checkpoint_permission" "test" {
  checkpoint = data.openai_fine_tuning_job.test.checkpoints[0].fine_tuned_model_checkpoint
  project_id = "proj_acc"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(perm, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^cp_`))),
					statecheck.ExpectKnownValue(perm, tfjsonpath.New("project_id"), knownvalue.StringExact("proj_acc")),
					statecheck.ExpectKnownValue(perm, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
			},
			{
				ResourceName:      perm,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					r := s.RootModule().Resources[perm].Primary
					return r.Attributes["checkpoint"] + "/" + r.ID, nil
				},
			},
			{
				ResourceName:  perm,
				ImportState:   true,
				ImportStateId: "no-slash-here",
				ExpectError:   regexp.MustCompile(`Expected CHECKPOINT/PERMISSION_ID`),
			},
		},
	})
}
