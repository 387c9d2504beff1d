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

// A finished job's events, all of them (more than a page of the API's), up
// to a limit, and after one of them; an unknown job is an error.
func TestAccFineTuningEventsDataSource(t *testing.T) {
	emu := emutest.Start(t)
	job := finishedJob(t, emu, emu.Upload(t, "train.jsonl"), nil)
	var page struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
		HasMore bool `json:"has_more"`
	}
	emu.Do(t, "GET", "/v1/fine_tuning/jobs/"+job.ID+"/events?limit=100", nil, &page)
	if page.HasMore || len(page.Data) <= 20 {
		t.Fatalf("the job has %d events (has_more %v): the test wants more than one default page and fewer than 100",
			len(page.Data), page.HasMore)
	}
	const all, three, after = "data.openai_fine_tuning_events.all", "data.openai_fine_tuning_events.three",
		"data.openai_fine_tuning_events.after"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(emu) + fmt.Sprintf(`
data "openai_fine_tuning_events" "all" {
  fine_tuning_job_id = %[1]q
}

data "openai_fine_tuning_events" "three" {
  fine_tuning_job_id = %[1]q
  limit              = 3
}

data "openai_fine_tuning_events" "after" {
  fine_tuning_job_id = %[1]q
  after              = %[2]q
  limit              = 2
}
`, job.ID, page.Data[1].ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("events"), listLen(len(page.Data))),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("has_more"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("id"), knownvalue.StringExact(job.ID)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("events").AtSliceIndex(0), knownvalue.ObjectPartial(
					map[string]knownvalue.Check{"id": knownvalue.StringExact(page.Data[0].ID),
						"object": knownvalue.StringExact("fine_tuning.job.event"), "level": knownvalue.NotNull(),
						"message": knownvalue.NotNull(), "created_at": knownvalue.NotNull()})),
				statecheck.ExpectKnownValue(three, tfjsonpath.New("events"), listLen(3)),
				statecheck.ExpectKnownValue(three, tfjsonpath.New("has_more"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(after, tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(page.Data[2].ID)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(page.Data[3].ID)}),
				})),
			},
		}, {
			Config: providerConfig(emu) + `
data "openai_fine_tuning_events" "missing" {
  fine_tuning_job_id = "ftjob-nosuchjob"
}
`,
			ExpectError: regexp.MustCompile(`Could not list the events of ftjob-nosuchjob[\s\S]*HTTP 404`),
		}},
	})
}
