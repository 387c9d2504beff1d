package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// openai_fine_tuning_job's integrations blocks, as upstream has them:
//
//	integrations {
//	  type = "wandb"
//	  wandb { project = "my-project"  name = "run-1"  tags = ["a"] }
//	}
//
// sent as the job's "integrations" (the binding's extra body), and read
// back from the job's JSON at import.

type jobIntegration struct {
	Type  types.String `tfsdk:"type"`
	WandB []wandb      `tfsdk:"wandb"`
}

type wandb struct {
	Project types.String `tfsdk:"project"`
	Name    types.String `tfsdk:"name"`
	Entity  types.String `tfsdk:"entity"`
	Tags    types.List   `tfsdk:"tags"`
}

var (
	wandbType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"project": types.StringType, "name": types.StringType, "entity": types.StringType,
		"tags": types.ListType{ElemType: types.StringType},
	}}
	integrationType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"type": types.StringType, "wandb": types.ListType{ElemType: wandbType},
	}}
	// noIntegrations is the value of a configuration without integrations blocks.
	noIntegrations = types.ListValueMust(integrationType, []attr.Value{})
)

// integrationsSchema is the integrations blocks (a change is a new job).
func integrationsSchema() schema.ListNestedBlock {
	return schema.ListNestedBlock{
		Validators:    []validator.List{listvalidator.SizeAtMost(5)},
		PlanModifiers: []planmodifier.List{replaceWarningList{listplanmodifier.RequiresReplace()}},
		NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{"type": schema.StringAttribute{Required: true,
				Validators:          []validator.String{stringvalidator.OneOf("wandb")},
				MarkdownDescription: "`wandb` (Weights and Biases), the one the API has."}},
			Blocks: map[string]schema.Block{"wandb": schema.ListNestedBlock{
				Validators: []validator.List{listvalidator.SizeAtMost(1), listvalidator.IsRequired()},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"project": schema.StringAttribute{Required: true, MarkdownDescription: "The W&B project of the run."},
					"name":    schema.StringAttribute{Optional: true, MarkdownDescription: "The run's name; unset: the job's ID."},
					"entity":  schema.StringAttribute{Optional: true, MarkdownDescription: "The W&B team or user; unset: the key's default."},
					"tags": schema.ListAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Tags of the run."},
				}},
				MarkdownDescription: "The Weights and Biases run, one block."}},
		},
		MarkdownDescription: "Integrations of the job with other services, up to 5 blocks (the job reports its " +
			"metrics to them).",
	}
}

// integrationJSON is an integration as the API writes it.
type integrationJSON struct {
	Type  string `json:"type"`
	WandB struct {
		Project string   `json:"project"`
		Name    string   `json:"name,omitempty"`
		Entity  string   `json:"entity,omitempty"`
		Tags    []string `json:"tags,omitempty"`
	} `json:"wandb"`
}

// integrationsBody is the integrations blocks as the create's extra body
// ("" when there are none).
func (m *fineTunedModel) integrationsBody(ctx context.Context) (string, diag.Diagnostics) {
	if m.Integrations.IsNull() || m.Integrations.IsUnknown() || len(m.Integrations.Elements()) == 0 {
		return "", nil
	}
	var blocks []jobIntegration
	diags := m.Integrations.ElementsAs(ctx, &blocks, false)
	out := make([]integrationJSON, 0, len(blocks))
	for _, b := range blocks {
		var in integrationJSON
		in.Type = b.Type.ValueString()
		if len(b.WandB) > 0 {
			w := b.WandB[0]
			in.WandB.Project, in.WandB.Name, in.WandB.Entity = w.Project.ValueString(), w.Name.ValueString(), w.Entity.ValueString()
			if !w.Tags.IsNull() {
				diags.Append(w.Tags.ElementsAs(ctx, &in.WandB.Tags, false)...)
			}
		}
		out = append(out, in)
	}
	body, err := json.Marshal(map[string]any{"integrations": out})
	if err != nil {
		diags.AddError("Invalid integrations", err.Error())
	}
	return string(body), diags
}

// integrationsFrom are the integrations of a job's JSON, as blocks.
func integrationsFrom(rawJSON string) types.List {
	var job struct {
		Integrations []integrationJSON `json:"integrations"`
	}
	if json.Unmarshal([]byte(rawJSON), &job) != nil || len(job.Integrations) == 0 {
		return noIntegrations
	}
	items := make([]attr.Value, 0, len(job.Integrations))
	for _, in := range job.Integrations {
		tags := types.ListNull(types.StringType)
		if len(in.WandB.Tags) > 0 {
			tags = stringList(in.WandB.Tags)
		}
		w := types.ObjectValueMust(wandbType.AttrTypes, map[string]attr.Value{
			"project": types.StringValue(in.WandB.Project), "name": stringOrNull(in.WandB.Name),
			"entity": stringOrNull(in.WandB.Entity), "tags": tags})
		items = append(items, types.ObjectValueMust(integrationType.AttrTypes, map[string]attr.Value{
			"type": types.StringValue(in.Type), "wandb": types.ListValueMust(wandbType, []attr.Value{w})}))
	}
	return types.ListValueMust(integrationType, items)
}
