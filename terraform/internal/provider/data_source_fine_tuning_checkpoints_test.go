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

// A finished job's checkpoints, all of them, up to a limit, and after one of them.
func TestAccFineTuningCheckpointsDataSource(t *testing.T) {
	emu := emutest.Start(t)
	job := finishedJob(t, emu, emu.Upload(t, "train.jsonl"), nil)
	var page struct {
		Data []struct {
			ID         string `json:"id"`
			StepNumber int64  `json:"step_number"`
		} `json:"data"`
	}
	emu.Do(t, "GET", "/v1/fine_tuning/jobs/"+job.ID+"/checkpoints?limit=100", nil, &page)
	if len(page.Data) < 2 {
		t.Fatalf("the job has %d checkpoints; the test wants at least 2", len(page.Data))
	}
	const all, one, after = "data.openai_fine_tuning_checkpoints.all", "data.openai_fine_tuning_checkpoints.one",
		"data.openai_fine_tuning_checkpoints.after"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(emu) + fmt.Sprintf(`
data "openai_fine_tuning_checkpoints" "all" {
  fine_tuning_job_id = %[1]q
}

data "openai_fine_tuning_checkpoints" "one" {
  fine_tuning_job_id = %[1]q
  limit              = 1
}

data "openai_fine_tuning_checkpoints" "after" {
  fine_tuning_job_id = %[1]q
  after              = %[2]q
}
`, job.ID, page.Data[0].ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("checkpoints"), listLen(len(page.Data))),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("has_more"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("checkpoints").AtSliceIndex(0), knownvalue.ObjectPartial(
					map[string]knownvalue.Check{"id": knownvalue.StringExact(page.Data[0].ID),
						"object":             knownvalue.StringExact("fine_tuning.job.checkpoint"),
						"fine_tuning_job_id": knownvalue.StringExact(job.ID),
						"step_number":        knownvalue.Int64Exact(page.Data[0].StepNumber),
						"fine_tuned_model_checkpoint": knownvalue.StringRegexp(
							regexp.MustCompile(`^ft:.*:ckpt-step-[0-9]+$`)),
						"metrics": knownvalue.MapPartial(map[string]knownvalue.Check{"train_loss": knownvalue.NotNull()}),
						// upstream's, which the API's checkpoint has not
						"status": knownvalue.Null(), "trained_tokens": knownvalue.Null(), "training_progress": knownvalue.Null(),
					})),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("checkpoints"), listLen(1)),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("has_more"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(after, tfjsonpath.New("checkpoints"), listLen(len(page.Data)-1)),
				statecheck.ExpectKnownValue(after, tfjsonpath.New("checkpoints").AtSliceIndex(0).AtMapKey("id"),
					knownvalue.StringExact(page.Data[1].ID)),
			},
		}},
	})
}
