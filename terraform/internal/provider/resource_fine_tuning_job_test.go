package provider_test

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

const ftJob = "openai_fine_tuning_job.test"

// jobConfig is an openai_fine_tuning_job as upstream's documentation writes
// one (n_epochs a number), with a seed and metadata.
func jobConfig(emu *emutest.Emulator, file string, seed, window int) string {
	return providerConfig(emu) + fmt.Sprintf(`
resource "openai_fine_tuning_job" "test" {
  model         = "gpt-4o-mini-2024-07-18"
  training_file = %q
  suffix        = "job"
  seed          = %d
  metadata = {
    team = "ml"
  }

  integrations {
    type = "wandb"
    wandb {
      project = "acc"
      tags    = ["tf"]
    }
  }

  hyperparameters {
    n_epochs                 = 2
    batch_size               = 4
    learning_rate_multiplier = 0.5
  }

  completion_window = %d
}
`, file, seed, window)
}

// The upstream name of a job: created and waited for, changed in place
// (completion_window) or replaced (seed), imported by ID, and the import
// block's plan changes nothing.
func TestAccFineTuningJob(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "0.5")
	file := emu.Upload(t, "train.jsonl")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: jobConfig(emu, file, 42, 60),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("fine_tuned_model"), knownvalue.StringRegexp(ftName)),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^ftjob-`))),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("organization_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("seed"), knownvalue.Int64Exact(42)),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("metadata"),
						knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("ml")})),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("hyperparameters").AtSliceIndex(0).AtMapKey("n_epochs"),
						knownvalue.StringExact("2")),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("last_updated"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("validation_loss"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("integrations").AtSliceIndex(0).AtMapKey("wandb").
						AtSliceIndex(0).AtMapKey("project"), knownvalue.StringExact("acc")),
				},
			},
			{
				Config: jobConfig(emu, file, 42, 120),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ftJob, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config: jobConfig(emu, file, 7, 120),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ftJob, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("seed"), knownvalue.Int64Exact(7)),
				},
			},
			{
				ResourceName:            ftJob,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"completion_window", "last_updated"},
			},
			{
				ResourceName:    ftJob,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				Config:          jobConfig(emu, file, 7, 0),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ftJob, plancheck.ResourceActionNoop),
				}},
			},
			{
				ResourceName:  ftJob,
				ImportState:   true,
				ImportStateId: "ft:gpt-4o-mini:org::abc",
				ExpectError:   regexp.MustCompile(`Not a fine-tuning job ID`),
			},
		},
	})
}

// methodConfig is a job whose hyperparameters are given by upstream's
// method block, with or without the hyperparameters block beside.
func methodConfig(emu *emutest.Emulator, file string, epochs int, withBlock bool) string {
	block := ""
	if withBlock {
		block = "hyperparameters {\n    n_epochs = 2\n  }\n"
	}
	return providerConfig(emu) + fmt.Sprintf(`
resource "openai_fine_tuning_job" "test" {
  model         = "gpt-4o-mini-2024-07-18"
  training_file = %q

  method {
    type = "supervised"
    supervised {
      hyperparameters {
        n_epochs   = %d
        batch_size = 2
      }
    }
  }
  %s
  completion_window    = 60
  cancel_after_timeout = 3600
}

data "openai_fine_tuning_job" "test" {
  id = openai_fine_tuning_job.test.id
}
`, file, epochs, block)
}

// upstream's method block: sent as the job's method, a change of it is a new
// job, it conflicts with the hyperparameters block, and after an import the
// method the API reports is the same job (an in-place update).
func TestAccFineTuningJobMethod(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "0.5")
	file := emu.Upload(t, "train.jsonl")
	const ds = "data.openai_fine_tuning_job.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config:      methodConfig(emu, file, 3, true),
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			{
				Config: methodConfig(emu, file, 3, false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("method_type"), knownvalue.StringExact("supervised")),
					// The data source's method has the resource's block's shape.
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("method").AtSliceIndex(0).AtMapKey("supervised").AtSliceIndex(0).
						AtMapKey("hyperparameters").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"n_epochs": knownvalue.Int64Exact(3), "batch_size": knownvalue.Int64Exact(2),
						"learning_rate_multiplier": knownvalue.NotNull()})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("hyperparameters"), knownvalue.ObjectPartial(
						map[string]knownvalue.Check{"n_epochs": knownvalue.StringExact("3"),
							"batch_size": knownvalue.StringExact("2")})),
					statecheck.ExpectKnownValue(ftJob, tfjsonpath.New("method").AtSliceIndex(0).AtMapKey("type"),
						knownvalue.StringExact("supervised")),
				},
			},
			{
				Config: methodConfig(emu, file, 4, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ftJob, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{
				ResourceName:    ftJob,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				Config:          methodConfig(emu, file, 4, false),
				// The configuration's method in place of the imported block: an update.
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ftJob, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

// Destroying a job that has not finished cancels it, as
// openai_fine_tuned_model does.
func TestAccFineTuningJobDestroyCancels(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	file := emu.Upload(t, "train.jsonl")
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: func(*terraform.State) error {
			if s := emu.Job(t, id).Status; s != "cancelled" {
				return fmt.Errorf("job %s is %s after destroy, want cancelled", id, s)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: jobConfig(emu, file, 1, 0),
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources[ftJob].Primary.ID
				return nil
			},
		}},
	})
}

// A state the upstream provider's openai_fine_tuning_job wrote (SDKv2,
// schema version 0: zero values for unset arguments, n_epochs a number, its
// method and integrations blocks) upgrades to this schema.
func TestFineTuningJobUpgradesUpstreamState(t *testing.T) {
	srv, err := serverFactory()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["openai_fine_tuning_job"].ValueType()
	resp, err := srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "openai_fine_tuning_job", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(`{
  "id": "ftjob-up1", "model": "gpt-3.5-turbo-0125", "training_file": "file-t", "validation_file": "",
  "suffix": "support", "seed": 42, "metadata": {"team": "ml"}, "cancel_after_timeout": 0,
  "hyperparameters": [{"n_epochs": 3, "batch_size": 0, "learning_rate_multiplier": 0.1}],
  "method": [{"type": "supervised", "supervised": [{"hyperparameters": [{"n_epochs": 0, "batch_size": 8,
    "learning_rate_multiplier": 0}]}], "dpo": []}],
  "integrations": [{"type": "wandb", "wandb": [{"project": "p", "name": "", "tags": []}]}], "status": "succeeded", "fine_tuned_model": "ft:gpt-3.5-turbo-0125:org::x",
  "organization_id": "org-1", "result_files": ["file-r"], "validation_loss": 0, "trained_tokens": 1000,
  "created_at": 1764600000, "finished_at": 1764600600, "last_updated": "Monday, 01-Dec-25 12:00:00 UTC"
}`)}})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("UpgradeResourceState: %v %v", err, resp.Diagnostics)
	}
	v, err := resp.UpgradedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"id": `"ftjob-up1"`, "seed": "42", "validation_file": "null",
		"status": `"succeeded"`, "organization_id": `"org-1"`, "completion_window": "0", "trained_tokens": "1000",
		"hyperparameters": `[{"batch_size":null,"learning_rate_multiplier":0.1,"n_epochs":"3"}]`,
		"metadata":        `{"team":"ml"}`, "result_files": `["file-r"]`}
	for name, w := range want {
		if got := plain(t, attrs[name]); got != w {
			t.Errorf("%s = %s, want %s", name, got, w)
		}
	}
}

// plain is v as compact JSON with sorted keys.
func plain(t *testing.T, v tftypes.Value) string {
	t.Helper()
	if v.IsNull() {
		return "null"
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return strconv.Quote(s)
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		return f.Text('g', -1)
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return strconv.FormatBool(b)
	case v.Type().Is(tftypes.List{}):
		var elems []tftypes.Value
		_ = v.As(&elems)
		parts := make([]string, len(elems))
		for i, e := range elems {
			parts[i] = plain(t, e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		t.Fatalf("plain: %v", err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strconv.Quote(k) + ":" + plain(t, m[k])
	}
	return "{" + strings.Join(parts, ",") + "}"
}
