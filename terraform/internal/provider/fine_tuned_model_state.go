package provider

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/libopenai-ft/libopenai_ft/terraform/openaift"
)

// fineTunedModel is the state of openai_fine_tuned_model.
type fineTunedModel struct {
	ID               types.String `tfsdk:"id"`
	Model            types.String `tfsdk:"model"`
	TrainingFile     types.String `tfsdk:"training_file"`
	ValidationFile   types.String `tfsdk:"validation_file"`
	Suffix           types.String `tfsdk:"suffix"`
	Hyperparameters  types.List   `tfsdk:"hyperparameters"`
	CompletionWindow types.Int64  `tfsdk:"completion_window"`
	CreatedAt        types.Int64  `tfsdk:"created_at"`
	FinishedAt       types.Int64  `tfsdk:"finished_at"`
	FineTunedModel   types.String `tfsdk:"fine_tuned_model"`
	Status           types.String `tfsdk:"status"`
	TrainedTokens    types.Int64  `tfsdk:"trained_tokens"`
	ResultFiles      types.List   `tfsdk:"result_files"`
	Error            types.Object `tfsdk:"error"`
}

// hyperparameters is one hyperparameters block.
type hyperparameters struct {
	NEpochs                types.String  `tfsdk:"n_epochs"`
	BatchSize              types.Int64   `tfsdk:"batch_size"`
	LearningRateMultiplier types.Float64 `tfsdk:"learning_rate_multiplier"`
}

var (
	hyperparametersType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"n_epochs": types.StringType, "batch_size": types.Int64Type, "learning_rate_multiplier": types.Float64Type,
	}}
	jobErrorType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"code": types.StringType, "message": types.StringType, "param": types.StringType,
	}}
)

// block is the hyperparameters block, or nil when there is none.
func (m *fineTunedModel) block(ctx context.Context) (*hyperparameters, diag.Diagnostics) {
	blocks := []hyperparameters{}
	if m.Hyperparameters.IsNull() || m.Hyperparameters.IsUnknown() {
		return nil, nil
	}
	diags := m.Hyperparameters.ElementsAs(ctx, &blocks, false)
	if len(blocks) == 0 {
		return nil, diags
	}
	return &blocks[0], diags
}

// createParams are the job's fields: only those set are sent.
func (m *fineTunedModel) createParams(ctx context.Context) (openaift.CreateJobParams, diag.Diagnostics) {
	p := openaift.CreateJobParams{
		Model:          m.Model.ValueString(),
		TrainingFile:   m.TrainingFile.ValueString(),
		ValidationFile: m.ValidationFile.ValueString(),
		Suffix:         m.Suffix.ValueString(),
	}
	h, diags := m.block(ctx)
	if h == nil {
		return p, diags
	}
	switch n := h.NEpochs.ValueString(); n {
	case "":
	case "auto":
		p.NEpochs = openaift.Auto()
	default:
		v, err := strconv.ParseInt(n, 10, 32)
		if err != nil {
			diags.AddAttributeError(hyperparametersPath("n_epochs"), "Invalid n_epochs", err.Error())
		}
		p.NEpochs = openaift.Value(float64(v))
	}
	if !h.BatchSize.IsNull() {
		p.BatchSize = openaift.Value(float64(h.BatchSize.ValueInt64()))
	}
	if !h.LearningRateMultiplier.IsNull() {
		p.LearningRateMultiplier = openaift.Value(h.LearningRateMultiplier.ValueFloat64())
	}
	return p, diags
}

// unixOrNull is a time in Unix seconds; the zero time (null in the API) is null.
func unixOrNull(t time.Time) types.Int64 {
	if t.IsZero() {
		return types.Int64Null()
	}
	return types.Int64Value(t.Unix())
}

// stringOrNull is s; "" (null or absent in the API) is null.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// setComputed writes what the API says about the job (never the arguments).
func (m *fineTunedModel) setComputed(ctx context.Context, j *openaift.Job) diag.Diagnostics {
	var diags, d diag.Diagnostics
	m.ID = types.StringValue(j.ID)
	m.CreatedAt = unixOrNull(j.CreatedAt)
	m.FinishedAt = unixOrNull(j.FinishedAt)
	m.FineTunedModel = stringOrNull(j.FineTunedModel)
	m.Status = types.StringValue(string(j.Status))
	m.TrainedTokens = types.Int64PointerValue(j.TrainedTokens)
	m.ResultFiles, d = types.ListValueFrom(ctx, types.StringType, j.ResultFiles)
	diags.Append(d...)
	m.Error = types.ObjectNull(jobErrorType.AttrTypes)
	if j.Error != nil {
		m.Error, d = types.ObjectValue(jobErrorType.AttrTypes, map[string]attr.Value{
			"code": stringOrNull(j.Error.Code), "message": types.StringValue(j.Error.Message),
			"param": stringOrNull(j.Error.Param)})
		diags.Append(d...)
	}
	return diags
}

// setArguments fills the arguments from the API, after an import.
func (m *fineTunedModel) setArguments(ctx context.Context, j *openaift.Job) diag.Diagnostics {
	m.Model = types.StringValue(j.Model)
	m.TrainingFile = types.StringValue(j.TrainingFile)
	m.ValidationFile = stringOrNull(j.ValidationFile)
	m.Suffix = stringOrNull(j.UserProvidedSuffix)
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

// jobHyperparameters is the block the job's hyperparameters make (those of
// its method first, else the legacy top-level ones), nil when none is set.
func jobHyperparameters(j *openaift.Job) *hyperparameters {
	var src *openaift.Hyperparameters
	switch {
	case j.Method != nil:
		src = &j.Method.Hyperparameters
	case j.Hyperparameters != nil:
		src = j.Hyperparameters
	default:
		return nil
	}
	if src.NEpochs.Mode == openaift.HPUnset && src.BatchSize.Mode == openaift.HPUnset &&
		src.LearningRateMultiplier.Mode == openaift.HPUnset {
		return nil
	}
	h := &hyperparameters{NEpochs: types.StringNull(), BatchSize: types.Int64Null(),
		LearningRateMultiplier: types.Float64Null()}
	switch src.NEpochs.Mode {
	case openaift.HPAuto:
		h.NEpochs = types.StringValue("auto")
	case openaift.HPValue:
		h.NEpochs = types.StringValue(strconv.FormatInt(int64(math.Round(src.NEpochs.Value)), 10))
	}
	if src.BatchSize.Mode == openaift.HPValue {
		h.BatchSize = types.Int64Value(int64(math.Round(src.BatchSize.Value)))
	}
	if src.LearningRateMultiplier.Mode == openaift.HPValue {
		h.LearningRateMultiplier = types.Float64Value(src.LearningRateMultiplier.Value)
	}
	return h
}
