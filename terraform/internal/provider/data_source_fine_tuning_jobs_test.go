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

// finishedJob makes a job through the emulator's API and runs it to its end.
func finishedJob(t *testing.T, emu *emutest.Emulator, file string, metadata map[string]string) emutest.Job {
	t.Helper()
	var job emutest.Job
	emu.Do(t, "POST", "/v1/fine_tuning/jobs", map[string]any{
		"model": "gpt-4o-mini-2024-07-18", "training_file": file, "metadata": metadata,
		"hyperparameters": map[string]any{"n_epochs": 2},
	}, &job)
	return emu.Finish(t, job.ID)
}

// Jobs listed whole (more than one page of the API's), by metadata, after a
// job, and up to a limit.
func TestAccFineTuningJobsDataSource(t *testing.T) {
	emu := emutest.Start(t)
	file := emu.Upload(t, "train.jsonl")
	var ids []string // oldest first
	for i := 0; i < 25; i++ {
		team := "a"
		if i%5 == 0 {
			team = "b"
		}
		var job emutest.Job
		emu.Do(t, "POST", "/v1/fine_tuning/jobs", map[string]any{"model": "gpt-4o-mini-2024-07-18",
			"training_file": file, "metadata": map[string]string{"team": team}}, &job)
		ids = append(ids, job.ID)
	}
	done := finishedJob(t, emu, file, map[string]string{"team": "c"})
	const all, teamB, after, two = "data.openai_fine_tuning_jobs.all", "data.openai_fine_tuning_jobs.b",
		"data.openai_fine_tuning_jobs.after", "data.openai_fine_tuning_jobs.two"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(emu) + `
data "openai_fine_tuning_jobs" "zero" {
  limit = 0
}
`,
			ExpectError: regexp.MustCompile(`limit[\s\S]*at least 1`),
		}, {
			Config: providerConfig(emu) + fmt.Sprintf(`
data "openai_fine_tuning_jobs" "all" {}

data "openai_fine_tuning_jobs" "b" {
  metadata = { team = "b" }
}

data "openai_fine_tuning_jobs" "after" {
  after = %q
}

data "openai_fine_tuning_jobs" "two" {
  limit = 2
}
`, ids[2]),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("jobs"), listLen(26)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("has_more"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("jobs").AtSliceIndex(0), knownvalue.ObjectPartial(
					map[string]knownvalue.Check{
						"id": knownvalue.StringExact(done.ID), "object": knownvalue.StringExact("fine_tuning.job"),
						"status": knownvalue.StringExact("succeeded"), "fine_tuned_model": knownvalue.StringRegexp(ftName),
						"metadata":        knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("c")}),
						"hyperparameters": knownvalue.MapPartial(map[string]knownvalue.Check{"n_epochs": knownvalue.StringExact("2")}),
						"training_file":   knownvalue.StringExact(file),
						"error":           knownvalue.MapExact(map[string]knownvalue.Check{}),
					})),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("jobs").AtSliceIndex(25).AtMapKey("id"),
					knownvalue.StringExact(ids[0])),
				statecheck.ExpectKnownValue(teamB, tfjsonpath.New("jobs"), listLen(5)),
				statecheck.ExpectKnownValue(after, tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(ids[1])}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(ids[0])}),
				})),
				statecheck.ExpectKnownValue(two, tfjsonpath.New("jobs"), listLen(2)),
				statecheck.ExpectKnownValue(two, tfjsonpath.New("has_more"), knownvalue.Bool(true)),
			},
		}},
	})
}

// listLen checks a list's length.
func listLen(n int) knownvalue.Check { return knownvalue.ListSizeExact(n) }
