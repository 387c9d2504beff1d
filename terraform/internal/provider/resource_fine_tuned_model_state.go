package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// createParams are the job's fields: only those set are sent.
func (m *fineTunedModel) createParams(ctx context.Context) (openaift.CreateJobParams, diag.Diagnostics) {
	p := openaift.CreateJobParams{
		Model:          m.Model.ValueString(),
		TrainingFile:   m.TrainingFile.ValueString(),
		ValidationFile: m.ValidationFile.ValueString(),
		Suffix:         m.Suffix.ValueString(),
		Seed:           m.Seed.ValueInt64Pointer(),
	}
	var diags diag.Diagnostics
	if !m.Metadata.IsNull() && !m.Metadata.IsUnknown() {
		diags.Append(m.Metadata.ElementsAs(ctx, &p.Metadata, false)...)
	}
	h, dg := m.block(ctx)
	diags.Append(dg...)
	if m.upstream {
		diags.Append(m.methodParams(ctx, &p)...)
		p.ExtraBodyJSON, dg = m.integrationsBody(ctx)
		diags.Append(dg...)
	}
	if h != nil {
		diags.Append(h.setParams(&p, hyperparametersPath)...)
	}
	return p, diags
}

// setComputed writes what the API says about the job (never the arguments).
func (m *fineTunedModel) setComputed(j *openaift.Job) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(j.ID)
	m.CreatedAt = unixOrNull(j.CreatedAt)
	m.FinishedAt = unixOrNull(j.FinishedAt)
	m.FineTunedModel = stringOrNull(j.FineTunedModel)
	m.Status = types.StringValue(string(j.Status))
	m.TrainedTokens = types.Int64PointerValue(j.TrainedTokens)
	m.ResultFiles = stringList(j.ResultFiles)
	m.OrganizationID = stringOrNull(j.OrganizationID)
	m.ValidationLoss = types.Float64Null()
	m.Error = types.ObjectNull(jobErrorType.AttrTypes)
	if j.Error != nil {
		m.Error, diags = types.ObjectValue(jobErrorType.AttrTypes, map[string]attr.Value{
			"code": stringOrNull(j.Error.Code), "message": types.StringValue(j.Error.Message),
			"param": stringOrNull(j.Error.Param)})
	}
	return diags
}

// applied sets what apply itself decides, at create and at each update:
// openai_fine_tuning_job's last_updated (now, as upstream does) and
// validation_loss (null; an update's plan leaves it unknown).
func (m *fineTunedModel) applied() {
	m.LastUpdated = types.StringValue(time.Now().UTC().Format(time.RFC850))
	m.ValidationLoss = types.Float64Null()
}

// setArguments fills the arguments from the API, after an import.
func (m *fineTunedModel) setArguments(ctx context.Context, j *openaift.Job) diag.Diagnostics {
	m.Model = types.StringValue(j.Model)
	m.TrainingFile = types.StringValue(j.TrainingFile)
	m.ValidationFile = stringOrNull(j.ValidationFile)
	m.Suffix = stringOrNull(j.UserProvidedSuffix)
	m.Seed = types.Int64PointerValue(j.Seed)
	m.Metadata = types.MapNull(types.StringType)
	if len(j.Metadata) > 0 {
		elems := make(map[string]attr.Value, len(j.Metadata))
		for k, v := range j.Metadata {
			elems[k] = types.StringValue(v)
		}
		m.Metadata = types.MapValueMust(types.StringType, elems)
	}
	// An import fills the hyperparameters block with the numbers the API
	// reports, and no method block (methodChangeNeedsNewJob).
	m.Method = noMethod
	m.Integrations = integrationsOf(j.Integrations)
	if m.CompletionWindow.IsNull() {
		m.CompletionWindow = types.Int64Value(0)
	}
	blocks := []hyperparameters{}
	if h := jobHyperparameters(j); h != nil {
		blocks = append(blocks, *h)
	}
	var diags diag.Diagnostics
	m.Hyperparameters, diags = types.ListValueFrom(ctx, hyperparametersType, blocks)
	return diags
}
