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

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
	"github.com/libopenai-ft/libopenai_ft/terraform/internal/provider"
)

// serverFactory is the server the provider's binary serves (provider.NewServer).
func serverFactory() (tfprotov6.ProviderServer, error) { return provider.NewServer("test")(), nil }

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"openai": serverFactory,
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
