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

// The data source alone: a job made and run to its end through the emulator's
// API, read by ID with its hyperparameters, metadata, integrations, events and checkpoints;
// an unknown ID is an error.
func TestAccFineTuningJobDataSource(t *testing.T) {
	emu := emutest.Start(t)
	file := emu.Upload(t, "train.jsonl")
	var job emutest.Job
	emu.Do(t, "POST", "/v1/fine_tuning/jobs", map[string]any{
		"model": "gpt-4o-mini-2024-07-18", "training_file": file, "suffix": "ds",
		"metadata":     map[string]string{"team": "docs"},
		"integrations": []map[string]any{{"type": "wandb", "wandb": map[string]any{"project": "ft", "tags": []string{"a"}}}},
		"method": map[string]any{"type": "supervised", "supervised": map[string]any{
			"hyperparameters": map[string]any{"n_epochs": 3, "batch_size": "auto"}}},
	}, &job)
	emu.Finish(t, job.ID)
	const job0 = "data.openai_fine_tuning_job.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(emu) + fmt.Sprintf(`
data "openai_fine_tuning_job" "test" {
  id = %q
}
`, job.ID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("model"), knownvalue.StringExact("gpt-4o-mini-2024-07-18")),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("training_file"), knownvalue.StringExact(file)),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("validation_file"), knownvalue.Null()),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("suffix"), knownvalue.StringExact("ds")),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("method_type"), knownvalue.StringExact("supervised")),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("object"), knownvalue.StringExact("fine_tuning.job")),
					// upstream's shape: method[0].supervised[0].hyperparameters[0].n_epochs
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("method"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"type": knownvalue.StringExact("supervised"),
							"dpo": knownvalue.ListExact([]knownvalue.Check{}),
							"supervised": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"hyperparameters": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
									"n_epochs": knownvalue.Int64Exact(3), "batch_size": knownvalue.NotNull(),
									"learning_rate_multiplier": knownvalue.NotNull()})})})})})})),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("fine_tuned_model"), knownvalue.StringRegexp(ftName)),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("metadata"),
						knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("docs")})),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("hyperparameters").AtMapKey("n_epochs"),
						knownvalue.StringExact("3")),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("integrations"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"type": knownvalue.StringExact("wandb"), "id": knownvalue.Null(),
							"wandb": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"project": knownvalue.StringExact("ft"), "name": knownvalue.Null(), "entity": knownvalue.Null(),
								"tags": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("a")})})})})})),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("error"), knownvalue.Null()),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("events_count"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(job0, tfjsonpath.New("checkpoints").AtSliceIndex(0).AtMapKey("fine_tuned_model_checkpoint"),
						knownvalue.StringRegexp(regexp.MustCompile(`^ft:.*:ckpt-step-[0-9]+$`))),
				},
			},
			{
				Config: providerConfig(emu) + `
data "openai_fine_tuning_job" "missing" {
  id = "ftjob-nosuchjob"
}
`,
				ExpectError: regexp.MustCompile(`Could not read fine-tuning job ftjob-nosuchjob[\s\S]*HTTP 404`),
			},
		},
	})
}
