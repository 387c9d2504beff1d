package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// upstreamState is the state the upstream provider's (SDKv2) version of
// openai_fine_tuned_model wrote, schema version 0. SDKv2 stores an unset
// argument as its zero value ("" or 0), which this schema says with null.
type upstreamState struct {
	ID               types.String             `tfsdk:"id"`
	Model            types.String             `tfsdk:"model"`
	TrainingFile     types.String             `tfsdk:"training_file"`
	ValidationFile   types.String             `tfsdk:"validation_file"`
	Suffix           types.String             `tfsdk:"suffix"`
	Hyperparameters  []upstreamHyperparameter `tfsdk:"hyperparameters"`
	CompletionWindow types.Int64              `tfsdk:"completion_window"`
	CreatedAt        types.Int64              `tfsdk:"created_at"`
	FinishedAt       types.Int64              `tfsdk:"finished_at"`
	FineTunedModel   types.String             `tfsdk:"fine_tuned_model"`
	Status           types.String             `tfsdk:"status"`
}

type upstreamHyperparameter struct {
	NEpochs                types.String  `tfsdk:"n_epochs"`
	BatchSize              types.Int64   `tfsdk:"batch_size"`
	LearningRateMultiplier types.Float64 `tfsdk:"learning_rate_multiplier"`
}

var upstreamSchema = schema.Schema{
	Attributes: map[string]schema.Attribute{
		"id":                schema.StringAttribute{Computed: true},
		"model":             schema.StringAttribute{Required: true},
		"training_file":     schema.StringAttribute{Required: true},
		"validation_file":   schema.StringAttribute{Optional: true},
		"suffix":            schema.StringAttribute{Optional: true},
		"completion_window": schema.Int64Attribute{Optional: true},
		"created_at":        schema.Int64Attribute{Computed: true},
		"finished_at":       schema.Int64Attribute{Computed: true},
		"fine_tuned_model":  schema.StringAttribute{Computed: true},
		"status":            schema.StringAttribute{Computed: true},
	},
	Blocks: map[string]schema.Block{
		"hyperparameters": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				"n_epochs":                 schema.StringAttribute{Optional: true},
				"batch_size":               schema.Int64Attribute{Optional: true},
				"learning_rate_multiplier": schema.Float64Attribute{Optional: true},
			}}},
	},
}

func (r *fineTunedModelResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	if r.kind == kindFineTuningJob {
		return map[int64]resource.StateUpgrader{0: {PriorSchema: &upstreamJobSchema, StateUpgrader: upgradeUpstreamJobState}}
	}
	return map[int64]resource.StateUpgrader{0: {PriorSchema: &upstreamSchema, StateUpgrader: upgradeUpstreamState}}
}

func nonEmpty(s types.String) types.String {
	if s.ValueString() == "" {
		return types.StringNull()
	}
	return s
}

func nonZero(n types.Int64) types.Int64 {
	if n.ValueInt64() == 0 {
		return types.Int64Null()
	}
	return n
}

func upgradeUpstreamState(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old upstreamState
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	blocks := []hyperparameters{}
	for _, h := range old.Hyperparameters {
		lrm := h.LearningRateMultiplier
		if lrm.ValueFloat64() == 0 {
			lrm = types.Float64Null()
		}
		blocks = append(blocks, hyperparameters{NEpochs: nonEmpty(h.NEpochs),
			BatchSize: nonZero(h.BatchSize), LearningRateMultiplier: lrm})
	}
	window := old.CompletionWindow
	if window.IsNull() {
		window = types.Int64Value(0)
	}
	m := fineTunedModel{
		ID: old.ID, Model: old.Model, TrainingFile: old.TrainingFile,
		ValidationFile: nonEmpty(old.ValidationFile), Suffix: nonEmpty(old.Suffix),
		CompletionWindow: window, CreatedAt: nonZero(old.CreatedAt), FinishedAt: nonZero(old.FinishedAt),
		FineTunedModel: nonEmpty(old.FineTunedModel), Status: nonEmpty(old.Status),
		// Not in the old state: the next refresh fills them.
		TrainedTokens: types.Int64Null(),
		ResultFiles:   types.ListNull(types.StringType),
		Error:         types.ObjectNull(jobErrorType.AttrTypes),
	}
	hp, d := types.ListValueFrom(ctx, hyperparametersType, blocks)
	resp.Diagnostics.Append(d...)
	m.Hyperparameters = hp
	resp.Diagnostics.Append(m.saveTo(ctx, &resp.State)...)
}
