package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

const model = "openai_fine_tuned_model.test"

var ftName = regexp.MustCompile(`^ft:`)

func TestAccFineTunedModel(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "0.5")
	file := emu.Upload(t, "train.jsonl")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: modelConfig(emu, file, "acc", 60),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(model, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
					statecheck.ExpectKnownValue(model, tfjsonpath.New("fine_tuned_model"), knownvalue.StringRegexp(ftName)),
					statecheck.ExpectKnownValue(model, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^ftjob-`))),
					statecheck.ExpectKnownValue(model, tfjsonpath.New("error"), knownvalue.Null()),
					statecheck.ExpectKnownValue(model, tfjsonpath.New("hyperparameters").AtSliceIndex(0).AtMapKey("n_epochs"),
						knownvalue.StringExact("2")),
					statecheck.ExpectKnownValue("data.openai_fine_tuning_job.test", tfjsonpath.New("status"),
						knownvalue.StringExact("succeeded")),
					statecheck.ExpectKnownValue("data.openai_fine_tuning_job.test", tfjsonpath.New("hyperparameters"),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"n_epochs": knownvalue.StringExact("2"),
							"batch_size": knownvalue.StringExact("4")})),
					statecheck.ExpectKnownValue("data.openai_fine_tuning_job.test", tfjsonpath.New("checkpoints"), knownvalue.NotNull()),
				},
			},
			{
				// completion_window: in place.
				Config: modelConfig(emu, file, "acc", 120),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(model, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(model, tfjsonpath.New("fine_tuned_model"), knownvalue.StringRegexp(ftName)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(model, tfjsonpath.New("completion_window"), knownvalue.Int64Exact(120)),
				},
			},
			{
				// An argument that reaches the API: a new job.
				Config: modelConfig(emu, file, "acc2", 120),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(model, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{
				// Import by job ID fills every argument but completion_window
				// (a setting of the create, not of the job).
				ResourceName:            model,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"completion_window"},
			},
			{
				// An import block: the plan after it changes nothing but completion_window.
				ResourceName:    model,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				Config:          modelConfig(emu, file, "acc2", 0),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(model, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// The job's options are checked at plan time by the library's rules
// (openaift.CheckCreateJobParams), each error on its attribute; nothing is sent.
func TestAccFineTunedModelOptionsCheckedAtPlan(t *testing.T) {
	emu := emutest.Start(t)
	step := func(suffix, hp, want string) resource.TestStep {
		return resource.TestStep{
			Config: providerConfig(emu) + fmt.Sprintf(`
resource "openai_fine_tuned_model" "bad" {
  model         = "gpt-4o-mini-2024-07-18"
  training_file = "file-x"
  suffix        = %q
  hyperparameters {
    %s
  }
}
`, suffix, hp),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(want),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			step(strings.Repeat("s", 65), `n_epochs = "2"`, `suffix: longer than 64 characters`),
			step("ok", `n_epochs = "51"`, `n_epochs: must be in \[1, 50\] \(got 51\)`),
			step("ok", `batch_size = 257`, `batch_size: must be in \[1, 256\] \(got 257\)`),
			step("ok", `batch_size = 0`, `batch_size: must be in \[1, 256\] \(got 0\)`),
		},
	})
	if n := len(emu.Requests(t, 0)); n != 0 {
		t.Fatalf("%d requests were sent", n)
	}
}
