package provider_test

// Acceptance tests on terraform-plugin-testing: the provider is served in
// this process and driven by the CLI at TF_ACC_TERRAFORM_PATH (OpenTofu,
// with TF_ACC_PROVIDER_HOST=registry.opentofu.org and
// TF_ACC_PROVIDER_NAMESPACE=libopenai-ft), against the emulator. They run
// when TF_ACC is set (scripts/test-terraform sets it).

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
	"github.com/libopenai-ft/libopenai_ft/terraform/internal/provider"
)

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"openai": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// providerConfig points the provider at emu.
func providerConfig(emu *emutest.Emulator) string { return providerConfigWith(emu, "base_url") }

// providerConfigWith names the URL setting urlName (base_url or the upstream api_url).
func providerConfigWith(emu *emutest.Emulator, urlName string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

provider "openai" {
  api_key       = %q
  admin_key     = %q
  %s      = %q
  poll_interval = 0.1
}
`, emu.Key, emu.Key, urlName, emu.URL)
}

func modelConfig(emu *emutest.Emulator, file, suffix string, window int) string {
	return providerConfig(emu) + fmt.Sprintf(`
resource "openai_fine_tuned_model" "test" {
  model         = "gpt-4o-mini-2024-07-18"
  training_file = %q
  suffix        = %q

  hyperparameters {
    n_epochs                 = "2"
    batch_size               = 4
    learning_rate_multiplier = 0.5
  }

  completion_window = %d
}

data "openai_fine_tuning_job" "test" {
  id = openai_fine_tuned_model.test.id
}
`, file, suffix, window)
}

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

func TestAccProviderSettings(t *testing.T) {
	emu := emutest.Start(t)
	job := `
data "openai_fine_tuning_job" "missing" {
  id = "ftjob-nosuchjob"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				// The upstream name of base_url reaches the same API (its 404 here).
				Config:      providerConfigWith(emu, "api_url") + job,
				ExpectError: regexp.MustCompile(`Could not read fine-tuning job ftjob-nosuchjob[\s\S]*HTTP 404`),
			},
			{
				Config: providerConfig(emu) + `
provider "openai" {
  alias   = "both"
  api_url = "http://127.0.0.1:1/v1"
  base_url = "http://127.0.0.1:2/v1"
}

data "openai_fine_tuning_job" "both" {
  provider = openai.both
  id       = "ftjob-x"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			{
				Config: providerConfig(emu) + `
provider "openai" {
  alias         = "slow"
  poll_interval = 0
}

data "openai_fine_tuning_job" "slow" {
  provider = openai.slow
  id       = "ftjob-x"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`poll_interval`),
			},
		},
	})
}
