package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// upstreamJobState is the state the upstream provider's (SDKv2)
// openai_fine_tuning_job wrote, schema version 0: an unset argument is its
// zero value ("" or 0), which this provider says with null.
type upstreamJobState struct {
	ID              types.String                `tfsdk:"id"`
	Model           types.String                `tfsdk:"model"`
	TrainingFile    types.String                `tfsdk:"training_file"`
	ValidationFile  types.String                `tfsdk:"validation_file"`
	Suffix          types.String                `tfsdk:"suffix"`
	Seed            types.Int64                 `tfsdk:"seed"`
	Metadata        types.Map                   `tfsdk:"metadata"`
	Hyperparameters []upstreamJobHyperparameter `tfsdk:"hyperparameters"`
	Method          []upstreamMethod            `tfsdk:"method"`
	Integrations    []upstreamIntegration       `tfsdk:"integrations"`
	CancelAfter     types.Int64                 `tfsdk:"cancel_after_timeout"`
	Status          types.String                `tfsdk:"status"`
	FineTunedModel  types.String                `tfsdk:"fine_tuned_model"`
	OrganizationID  types.String                `tfsdk:"organization_id"`
	ResultFiles     types.List                  `tfsdk:"result_files"`
	ValidationLoss  types.Float64               `tfsdk:"validation_loss"`
	TrainedTokens   types.Int64                 `tfsdk:"trained_tokens"`
	CreatedAt       types.Int64                 `tfsdk:"created_at"`
	FinishedAt      types.Int64                 `tfsdk:"finished_at"`
	LastUpdated     types.String                `tfsdk:"last_updated"`
}

type upstreamMethod struct {
	Type       types.String `tfsdk:"type"`
	Supervised []struct {
		Hyperparameters []upstreamJobHyperparameter `tfsdk:"hyperparameters"`
	} `tfsdk:"supervised"`
	DPO []struct {
		Hyperparameters []struct {
			Beta types.Float64 `tfsdk:"beta"`
		} `tfsdk:"hyperparameters"`
	} `tfsdk:"dpo"`
}

type upstreamIntegration struct {
	Type  types.String `tfsdk:"type"`
	WandB []struct {
		Project types.String `tfsdk:"project"`
		Name    types.String `tfsdk:"name"`
		Tags    types.List   `tfsdk:"tags"`
	} `tfsdk:"wandb"`
}

type upstreamJobHyperparameter struct {
	NEpochs                types.Int64   `tfsdk:"n_epochs"`
	BatchSize              types.Int64   `tfsdk:"batch_size"`
	LearningRateMultiplier types.Float64 `tfsdk:"learning_rate_multiplier"`
}

// upstreamHPAttributes are the attributes of upstream's hyperparameters blocks.
func upstreamHPAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"n_epochs":                 schema.Int64Attribute{Optional: true},
		"batch_size":               schema.Int64Attribute{Optional: true},
		"learning_rate_multiplier": schema.Float64Attribute{Optional: true},
	}
}

// oneBlock is a list of blocks of attrs, nested blocks blocks.
func oneBlock(attrs map[string]schema.Attribute, blocks map[string]schema.Block) schema.ListNestedBlock {
	return schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: attrs, Blocks: blocks}}
}

var upstreamJobSchema = schema.Schema{
	Attributes: map[string]schema.Attribute{
		"id":                   schema.StringAttribute{Computed: true},
		"model":                schema.StringAttribute{Required: true},
		"training_file":        schema.StringAttribute{Required: true},
		"validation_file":      schema.StringAttribute{Optional: true},
		"suffix":               schema.StringAttribute{Optional: true},
		"seed":                 schema.Int64Attribute{Optional: true},
		"metadata":             schema.MapAttribute{Optional: true, ElementType: types.StringType},
		"cancel_after_timeout": schema.Int64Attribute{Optional: true},
		"status":               schema.StringAttribute{Computed: true},
		"fine_tuned_model":     schema.StringAttribute{Computed: true},
		"organization_id":      schema.StringAttribute{Computed: true},
		"result_files":         schema.ListAttribute{Computed: true, ElementType: types.StringType},
		"validation_loss":      schema.Float64Attribute{Computed: true},
		"trained_tokens":       schema.Int64Attribute{Computed: true},
		"created_at":           schema.Int64Attribute{Computed: true},
		"finished_at":          schema.Int64Attribute{Computed: true},
		"last_updated":         schema.StringAttribute{Computed: true},
	},
	Blocks: map[string]schema.Block{
		"hyperparameters": oneBlock(upstreamHPAttributes(), nil),
		"method": oneBlock(map[string]schema.Attribute{"type": schema.StringAttribute{Required: true}},
			map[string]schema.Block{
				"supervised": oneBlock(nil, map[string]schema.Block{"hyperparameters": oneBlock(upstreamHPAttributes(), nil)}),
				"dpo": oneBlock(nil, map[string]schema.Block{"hyperparameters": oneBlock(
					map[string]schema.Attribute{"beta": schema.Float64Attribute{Optional: true}}, nil)}),
			}),
		"integrations": oneBlock(map[string]schema.Attribute{"type": schema.StringAttribute{Required: true}},
			map[string]schema.Block{"wandb": oneBlock(map[string]schema.Attribute{
				"project": schema.StringAttribute{Required: true},
				"name":    schema.StringAttribute{Optional: true},
				"tags":    schema.ListAttribute{Optional: true, ElementType: types.StringType},
			}, nil)}),
	},
}

func upgradeUpstreamJobState(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old upstreamJobState
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	blocks := upgradeHyperparameters(old.Hyperparameters)
	methods := []jobMethod{}
	for _, om := range old.Method {
		meth := jobMethod{Type: om.Type, Supervised: []supervisedMethod{}, DPO: []dpoMethod{}}
		for _, s := range om.Supervised {
			meth.Supervised = append(meth.Supervised, supervisedMethod{Hyperparameters: upgradeHyperparameters(s.Hyperparameters)})
		}
		for _, d := range om.DPO {
			dpo := dpoMethod{Hyperparameters: []dpoHyperparameters{}}
			for _, h := range d.Hyperparameters {
				dpo.Hyperparameters = append(dpo.Hyperparameters, dpoHyperparameters{NEpochs: types.StringNull(),
					BatchSize: types.Int64Null(), LearningRateMultiplier: types.Float64Null(), Beta: nonZeroFloat(h.Beta)})
			}
			meth.DPO = append(meth.DPO, dpo)
		}
		methods = append(methods, meth)
	}
	metadata := old.Metadata
	if len(metadata.Elements()) == 0 {
		metadata = types.MapNull(types.StringType)
	}
	files := old.ResultFiles
	if files.IsNull() {
		files = types.ListNull(types.StringType)
	}
	m := kindFineTuningJob.model()
	m.ID, m.Model, m.TrainingFile = old.ID, old.Model, old.TrainingFile
	m.ValidationFile, m.Suffix = nonEmpty(old.ValidationFile), nonEmpty(old.Suffix)
	m.Seed, m.Metadata = nonZero(old.Seed), metadata
	m.CompletionWindow = types.Int64Value(0)
	m.CreatedAt, m.FinishedAt = nonZero(old.CreatedAt), nonZero(old.FinishedAt)
	m.FineTunedModel, m.Status = nonEmpty(old.FineTunedModel), nonEmpty(old.Status)
	m.OrganizationID, m.TrainedTokens, m.ResultFiles = nonEmpty(old.OrganizationID), nonZero(old.TrainedTokens), files
	m.Error = types.ObjectNull(jobErrorType.AttrTypes)
	m.CancelAfter, m.ValidationLoss, m.LastUpdated = nonZero(old.CancelAfter), types.Float64Null(), nonEmpty(old.LastUpdated)
	hp, d := types.ListValueFrom(ctx, hyperparametersType, blocks)
	resp.Diagnostics.Append(d...)
	m.Hyperparameters = hp
	m.Method, d = types.ListValueFrom(ctx, methodType, methods)
	resp.Diagnostics.Append(d...)
	integrations := []jobIntegration{}
	for _, in := range old.Integrations {
		ws := []wandb{}
		for _, w := range in.WandB {
			tags := w.Tags
			if len(tags.Elements()) == 0 {
				tags = types.ListNull(types.StringType)
			}
			ws = append(ws, wandb{Project: w.Project, Name: nonEmpty(w.Name), Entity: types.StringNull(), Tags: tags})
		}
		integrations = append(integrations, jobIntegration{Type: in.Type, WandB: ws})
	}
	m.Integrations, d = types.ListValueFrom(ctx, integrationType, integrations)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(m.saveTo(ctx, &resp.State)...)
}

// upgradeHyperparameters are upstream's hyperparameters blocks as this
// schema has them: n_epochs as text, zeros (unset in SDKv2) null.
func upgradeHyperparameters(old []upstreamJobHyperparameter) []hyperparameters {
	blocks := []hyperparameters{}
	for _, h := range old {
		epochs := types.StringNull()
		if n := h.NEpochs.ValueInt64(); n > 0 {
			epochs = types.StringValue(strconv.FormatInt(n, 10))
		}
		blocks = append(blocks, hyperparameters{NEpochs: epochs, BatchSize: nonZero(h.BatchSize),
			LearningRateMultiplier: nonZeroFloat(h.LearningRateMultiplier)})
	}
	return blocks
}

func nonZeroFloat(f types.Float64) types.Float64 {
	if f.ValueFloat64() == 0 {
		return types.Float64Null()
	}
	return f
}
