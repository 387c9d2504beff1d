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

// projectPermissions is project -> permission ID of the checkpoint's
// permissions, as the API lists them.
func projectPermissions(t *testing.T, emu *emutest.Emulator, ck string) map[string]string {
	t.Helper()
	var page struct {
		Data []struct {
			ID        string `json:"id"`
			ProjectID string `json:"project_id"`
		} `json:"data"`
	}
	emu.Do(t, "GET", "/v1/fine_tuning/checkpoints/"+ck+"/permissions?limit=100", nil, &page)
	out := map[string]string{}
	for _, p := range page.Data {
		if out[p.ProjectID] != "" {
			t.Fatalf("project %s has two permissions: %v", p.ProjectID, page.Data)
		}
		out[p.ProjectID] = p.ID
	}
	return out
}

// Several projects in one resource, as upstream's project_ids takes them:
// one permission each; a project added or removed changes only its own
// permission, in place; another order calls nothing; a permission removed
// behind Terraform's back is given back; import by the joined IDs; destroy
// removes every one. (A project listed twice: TestUpstreamNamesWarn.)
func TestAccCheckpointPermissionProjects(t *testing.T) {
	emu := emutest.Start(t)
	var job emutest.Job
	emu.Do(t, "POST", "/v1/fine_tuning/jobs", map[string]any{
		"model": "gpt-4o-mini-2024-07-18", "training_file": emu.Upload(t, "train.jsonl")}, &job)
	ck := emu.Finish(t, job.ID).FineTunedModel
	const perm = "openai_fine_tuning_checkpoint_permission.test"
	config := func(projects string) string {
		return providerConfig(emu) + fmt.Sprintf(`
resource "openai_fine_tuning_checkpoint_permission" "test" {
  checkpoint  = %q
  project_ids = %s
}
`, ck, projects)
	}
	var first map[string]string // the permissions after the first apply
	matches := func(order ...string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			got := projectPermissions(t, emu, ck)
			if len(got) != len(order) {
				return fmt.Errorf("permissions %v, want projects %v", got, order)
			}
			a := s.RootModule().Resources[perm].Primary.Attributes
			var ids []string
			for _, p := range order {
				if got[p] == "" || a["permission_ids."+p] != got[p] {
					return fmt.Errorf("permissions %v, state %v", got, a)
				}
				if first[p] != "" && first[p] != got[p] {
					return fmt.Errorf("project %s's permission was replaced (%s, now %s)", p, first[p], got[p])
				}
				ids = append(ids, got[p])
			}
			if a["id"] != strings.Join(ids, ",") {
				return fmt.Errorf("id %q, want %q", a["id"], strings.Join(ids, ","))
			}
			if first == nil {
				first = got
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: func(*terraform.State) error {
			if got := projectPermissions(t, emu, ck); len(got) != 0 {
				return fmt.Errorf("left after destroy: %v", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config(`["proj_a", "proj_b"]`),
				Check:  matches("proj_a", "proj_b"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(perm, tfjsonpath.New("project_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(perm, tfjsonpath.New("project_ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("proj_a"), knownvalue.StringExact("proj_b")})),
					statecheck.ExpectKnownValue(perm, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
			},
			{
				// proj_b out, proj_c in: proj_a's permission stays.
				Config: config(`["proj_a", "proj_c"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(perm, plancheck.ResourceActionUpdate),
				}},
				Check: matches("proj_a", "proj_c"),
			},
			{
				// Another order: the same permissions, id in the new order.
				Config: config(`["proj_c", "proj_a"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(perm, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(perm, tfjsonpath.New("id"), knownvalue.NotNull()),
				}},
				Check: matches("proj_c", "proj_a"),
			},
			{
				// proj_a's permission deleted on the server: the refresh
				// sees it gone, the plan gives it back, proj_c's stays.
				PreConfig: func() {
					emu.Do(t, "DELETE", "/v1/fine_tuning/checkpoints/"+ck+"/permissions/"+first["proj_a"], nil, nil)
					delete(first, "proj_a")
				},
				Config: config(`["proj_c", "proj_a"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(perm, plancheck.ResourceActionUpdate),
				}},
				Check: matches("proj_c", "proj_a"),
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
		},
	})
}
