package provider_test

// The upstream provider's (mkdev-me/openai) argument names of the
// checkpoint permission and the job data source: they work beside ours, a
// configuration may move from one to the other with no change planned, and
// each warns (deprecation) with the name to write instead.

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

func strList(s ...string) tftypes.Value {
	vals := make([]tftypes.Value, len(s))
	for i, v := range s {
		vals[i] = str(v)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vals)
}

// validate is core's validation of a resource's (or a data source's) configuration.
func (p *protoServer) validate(data bool, typeName string, a attrs) []*tfprotov6.Diagnostic {
	p.t.Helper()
	ctx := context.Background()
	if data {
		r, err := p.srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{
			TypeName: typeName, Config: p.value(p.schemas.DataSourceSchemas[typeName], a)})
		if err != nil {
			p.t.Fatal(err)
		}
		return r.Diagnostics
	}
	r, err := p.srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: p.value(p.schemas.ResourceSchemas[typeName], a)})
	if err != nil {
		p.t.Fatal(err)
	}
	return r.Diagnostics
}

func TestUpstreamNamesWarn(t *testing.T) {
	const perm, job = "openai_fine_tuning_checkpoint_permission", "openai_fine_tuning_job"
	ck := str("ft:gpt-4o-mini-2024-07-18:org::abc")
	cases := []struct {
		name     string
		data     bool
		typeName string
		attrs    attrs
		warnings []string // each in a warning; none: no warning
		err      string
	}{
		{"permission, our names", false, perm, attrs{"checkpoint": ck, "project_id": str("proj_a")}, nil, ""},
		{"permission, upstream names", false, perm, attrs{"checkpoint_id": ck, "project_ids": strList("proj_a")}, []string{
			`"checkpoint_id" is the upstream provider's (mkdev-me/openai) name for "checkpoint": write checkpoint instead`,
			`"project_ids" is the upstream provider's (mkdev-me/openai) name for "project_id": write project_id instead`}, ""},
		{"permission, both checkpoints", false, perm, attrs{"checkpoint": ck, "checkpoint_id": ck, "project_id": str("proj_a")},
			[]string{"write checkpoint instead"}, "Invalid Attribute Combination"},
		{"permission, no project", false, perm, attrs{"checkpoint": ck}, nil, "Invalid Attribute Combination"},
		{"permission, two projects", false, perm, attrs{"checkpoint": ck, "project_ids": strList("proj_a", "proj_b")}, nil, ""},
		{"permission, a project twice", false, perm, attrs{"checkpoint": ck, "project_ids": strList("proj_a", "proj_a")},
			nil, "proj_a is in project_ids more than once"},
		{"permission, no project listed", false, perm, attrs{"checkpoint": ck, "project_ids": strList()}, nil, "project_ids is empty"},
		{"permission, both names agree", false, perm, attrs{"checkpoint": ck, "project_id": str("proj_a"),
			"project_ids": strList("proj_a")}, nil, ""},
		{"permission, both names disagree", false, perm, attrs{"checkpoint": ck, "project_id": str("proj_a"),
			"project_ids": strList("proj_a", "proj_b")}, nil, "project_id and project_ids disagree"},
		{"job, id", true, job, attrs{"id": str("ftjob-abc")}, nil, ""},
		{"job, fine_tuning_job_id", true, job, attrs{"fine_tuning_job_id": str("ftjob-abc")}, []string{
			`"fine_tuning_job_id" is the upstream provider's (mkdev-me/openai) name for "id": write id instead`}, ""},
		{"job, neither", true, job, attrs{}, nil, "Invalid Attribute Combination"},
	}
	p := newProtoServer(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := p.validate(tc.data, tc.typeName, tc.attrs)
			w := warnings(diags)
			if len(tc.warnings) == 0 && w != "" {
				t.Fatalf("unexpected warnings: %s", w)
			}
			for _, want := range tc.warnings {
				if !strings.Contains(w, want) {
					t.Fatalf("warnings %q, want one with %q", w, want)
				}
			}
			if e := errorsOf(diags); (tc.err == "") != (e == "") || !strings.Contains(e, tc.err) {
				t.Fatalf("errors %q, want %q", e, tc.err)
			}
		})
	}
}

// A job shared and read under the upstream provider's names; the state
// holds each value under both names, so moving the configuration to our
// names plans nothing; an import fills both.
func TestAccUpstreamNames(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "0.5")
	file := emu.Upload(t, "train.jsonl")
	const perm, job = "openai_fine_tuning_checkpoint_permission.test", "data.openai_fine_tuning_job.upstream"
	shared := func(upstream bool) string {
		names := `checkpoint_id = openai_fine_tuned_model.test.fine_tuned_model
  project_ids   = ["proj_up"]`
		ds := `fine_tuning_job_id = openai_fine_tuned_model.test.id`
		if !upstream {
			names = `checkpoint = openai_fine_tuned_model.test.fine_tuned_model
  project_id = "proj_up"`
			ds = `id = openai_fine_tuned_model.test.id`
		}
		return modelConfig(emu, file, "up", 60) + fmt.Sprintf(`
resource "openai_fine_tuning_checkpoint_permission" "test" {
  %s
}

data "openai_fine_tuning_job" "upstream" {
  %s
}
`, names, ds)
	}
	both := func(addr, ours, theirs string, want knownvalue.Check) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New(ours), want),
			statecheck.CompareValuePairs(addr, tfjsonpath.New(ours), addr, tfjsonpath.New(theirs), compare.ValuesSame()),
		}
	}
	checks := append(both(perm, "checkpoint", "checkpoint_id", knownvalue.StringRegexp(ftName)),
		statecheck.ExpectKnownValue(perm, tfjsonpath.New("project_id"), knownvalue.StringExact("proj_up")),
		statecheck.ExpectKnownValue(perm, tfjsonpath.New("project_ids"),
			knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("proj_up")})),
		statecheck.ExpectKnownValue(perm, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^cp_`))),
		statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
		statecheck.ExpectKnownValue(job, tfjsonpath.New("user_provided_suffix"), knownvalue.StringExact("up")),
	)
	checks = append(checks, both(job, "id", "fine_tuning_job_id", knownvalue.StringRegexp(regexp.MustCompile(`^ftjob-`)))...)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: shared(true), ConfigStateChecks: checks},
			{
				Config: shared(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(perm, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: checks,
			},
			{
				// Back to the upstream names: nothing to do either.
				Config: shared(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(perm, plancheck.ResourceActionNoop),
				}},
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
				// The upstream provider's import ID, the permission's alone.
				ResourceName:  perm,
				ImportState:   true,
				ImportStateId: "cp_abc123",
				ExpectError:   regexp.MustCompile(`Expected CHECKPOINT/PERMISSION_ID[\s\S]*The upstream\s+provider[\s\S]*ID\s+alone`),
			},
			{
				// Another project, under the upstream name: its permission
				// made, the other's removed, in place (same checkpoint).
				Config: strings.Replace(shared(true), `["proj_up"]`, `["proj_other"]`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(perm, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(perm, tfjsonpath.New("project_id"), knownvalue.StringExact("proj_other")),
				},
			},
		},
	})
}

// Every argument and attribute of the upstream provider's pages of these
// types (docs/resources/fine_tuned_model.md,
// fine_tuning_checkpoint_permission.md, docs/data-sources/fine_tuning_job.md
// of v1.2.0) is in the schema, but for the gaps named here.
func TestUpstreamAttributesExist(t *testing.T) {
	p := newProtoServer(t)
	cases := []struct {
		schema *tfprotov6.Schema
		names  []string
	}{
		{p.schemas.ResourceSchemas["openai_fine_tuned_model"], []string{"model", "training_file", "completion_window",
			"hyperparameters", "suffix", "validation_file", "created_at", "fine_tuned_model", "finished_at", "id", "status"}},
		{p.schemas.ResourceSchemas["openai_fine_tuning_checkpoint_permission"], []string{"checkpoint_id", "project_ids",
			"created_at", "id"}},
		{p.schemas.DataSourceSchemas["openai_fine_tuning_job"], []string{"fine_tuning_job_id", "created_at", "error",
			"estimated_finish", "fine_tuned_model", "finished_at", "hyperparameters", "id", "integrations", "metadata", "method", "model",
			"object", "organization_id", "result_files", "seed", "status", "trained_tokens", "training_file",
			"user_provided_suffix", "validation_file"}},
		// The list data sources' arguments and attributes (their items':
		// TestUpstreamNestedAttributesExist).
		{p.schemas.DataSourceSchemas["openai_fine_tuning_events"], []string{"fine_tuning_job_id", "after", "limit",
			"events", "has_more", "id"}},
		{p.schemas.DataSourceSchemas["openai_fine_tuning_checkpoints"], []string{"fine_tuning_job_id", "after", "limit",
			"checkpoints", "has_more", "id"}},
		{p.schemas.DataSourceSchemas["openai_fine_tuning_checkpoint_permissions"], []string{"checkpoint_id", "after",
			"limit", "permissions", "has_more", "id"}},
	}
	for _, tc := range cases {
		typ := tc.schema.ValueType().(tftypes.Object)
		for _, name := range tc.names {
			if _, ok := typ.AttributeTypes[name]; !ok {
				t.Errorf("no %q in %v", name, typ)
			}
		}
	}
}

// Every nested attribute of the upstream provider's pages of the
// fine-tuning and files types (docs/ of v1.2.0: the blocks and the list
// data sources' items), by its path through lists and objects, is in the
// schema: a configuration reading e.g. method[0].supervised[0].hyperparameters[0].n_epochs
// plans.
func TestUpstreamNestedAttributesExist(t *testing.T) {
	p := newProtoServer(t)
	data, res := p.schemas.DataSourceSchemas, p.schemas.ResourceSchemas
	cases := []struct {
		schema *tfprotov6.Schema
		paths  []string
	}{
		{res["openai_fine_tuned_model"], []string{"hyperparameters.batch_size", "hyperparameters.learning_rate_multiplier",
			"hyperparameters.n_epochs"}},
		{res["openai_fine_tuning_job"], []string{"hyperparameters.batch_size", "hyperparameters.learning_rate_multiplier",
			"hyperparameters.n_epochs", "integrations.type", "integrations.wandb.project", "integrations.wandb.name",
			"integrations.wandb.tags", "method.type", "method.dpo.hyperparameters.beta",
			"method.supervised.hyperparameters.batch_size", "method.supervised.hyperparameters.learning_rate_multiplier",
			"method.supervised.hyperparameters.n_epochs"}},
		{data["openai_fine_tuning_job"], []string{"integrations.id", "integrations.type", "integrations.wandb.entity",
			"integrations.wandb.name", "integrations.wandb.project", "integrations.wandb.tags", "method.type",
			"method.dpo.hyperparameters.beta", "method.supervised.hyperparameters.batch_size",
			"method.supervised.hyperparameters.learning_rate_multiplier", "method.supervised.hyperparameters.n_epochs"}},
		{data["openai_files"], []string{"files.bytes", "files.created_at", "files.filename", "files.id", "files.object",
			"files.purpose"}},
		{data["openai_fine_tuning_checkpoint_permissions"], []string{"permissions.allow_create", "permissions.allow_view",
			"permissions.checkpoint_id", "permissions.created_at", "permissions.id", "permissions.object",
			"permissions.project_ids"}},
		{data["openai_fine_tuning_checkpoints"], []string{"checkpoints.created_at", "checkpoints.fine_tuning_job_id",
			"checkpoints.id", "checkpoints.object", "checkpoints.status", "checkpoints.trained_tokens",
			"checkpoints.training_progress"}},
		{data["openai_fine_tuning_events"], []string{"events.created_at", "events.data_json", "events.id", "events.level",
			"events.message", "events.object", "events.type"}},
		{data["openai_fine_tuning_jobs"], []string{"after", "limit", "metadata", "has_more", "id", "jobs.created_at",
			"jobs.error", "jobs.fine_tuned_model", "jobs.finished_at", "jobs.hyperparameters", "jobs.id", "jobs.model",
			"jobs.object", "jobs.result_files", "jobs.status", "jobs.trained_tokens", "jobs.training_file",
			"jobs.validation_file"}},
		{data["openai_models"], []string{"models.created", "models.id", "models.object", "models.owned_by"}},
	}
	for _, tc := range cases {
		for _, path := range tc.paths {
			var typ tftypes.Type = tc.schema.ValueType()
			for _, name := range strings.Split(path, ".") {
				for {
					l, ok := typ.(tftypes.List)
					if !ok {
						break
					}
					typ = l.ElementType
				}
				o, ok := typ.(tftypes.Object)
				if !ok {
					t.Errorf("%s: %v is no object", path, typ)
					break
				}
				if typ, ok = o.AttributeTypes[name]; !ok {
					t.Errorf("no %q of %s in %v", name, path, o)
					break
				}
			}
		}
	}
}
