package provider

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fineTunedModel is the state of openai_fine_tuned_model. It converts
// through fields, not the framework's reflection (typed_object.go): every
// refresh reads and writes it.
type fineTunedModel struct {
	ID               types.String
	Model            types.String
	TrainingFile     types.String
	ValidationFile   types.String
	Suffix           types.String
	Hyperparameters  types.List
	CompletionWindow types.Int64
	CreatedAt        types.Int64
	FinishedAt       types.Int64
	FineTunedModel   types.String
	Status           types.String
	TrainedTokens    types.Int64
	ResultFiles      types.List
	Error            types.Object
}

func (m *fineTunedModel) fields() fields {
	return fields{
		"id":                fieldOf(&m.ID),
		"model":             fieldOf(&m.Model),
		"training_file":     fieldOf(&m.TrainingFile),
		"validation_file":   fieldOf(&m.ValidationFile),
		"suffix":            fieldOf(&m.Suffix),
		"hyperparameters":   fieldOf(&m.Hyperparameters),
		"completion_window": fieldOf(&m.CompletionWindow),
		"created_at":        fieldOf(&m.CreatedAt),
		"finished_at":       fieldOf(&m.FinishedAt),
		"fine_tuned_model":  fieldOf(&m.FineTunedModel),
		"status":            fieldOf(&m.Status),
		"trained_tokens":    fieldOf(&m.TrainedTokens),
		"result_files":      fieldOf(&m.ResultFiles),
		"error":             fieldOf(&m.Error),
	}
}

// load reads a plan's or a state's value (raw, of the schema's type typ).
func (m *fineTunedModel) load(ctx context.Context, typ attr.Type, raw tftypes.Value) diag.Diagnostics {
	return loadObject(ctx, typ, raw, m.fields())
}

// saveTo writes m as the whole of state.
func (m *fineTunedModel) saveTo(ctx context.Context, state *tfsdk.State) diag.Diagnostics {
	raw, diags := objectValue(ctx, state.Schema.Type(), m.fields())
	if diags.HasError() {
		return diags
	}
	diags.Append(state.Set(ctx, raw)...)
	return diags
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
	if !h.BatchSize.IsNull() && !h.BatchSize.IsUnknown() {
		p.BatchSize = openaift.Value(float64(h.BatchSize.ValueInt64()))
	}
	if !h.LearningRateMultiplier.IsNull() && !h.LearningRateMultiplier.IsUnknown() {
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

// stringList is ss as a list (nil: null), built without the framework's
// reflection (types.ListValueFrom).
func stringList(ss []string) types.List {
	if ss == nil {
		return types.ListNull(types.StringType)
	}
	elems := make([]attr.Value, len(ss))
	for i, s := range ss {
		elems[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, elems)
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
	m.Error = types.ObjectNull(jobErrorType.AttrTypes)
	if j.Error != nil {
		m.Error, diags = types.ObjectValue(jobErrorType.AttrTypes, map[string]attr.Value{
			"code": stringOrNull(j.Error.Code), "message": types.StringValue(j.Error.Message),
			"param": stringOrNull(j.Error.Param)})
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
