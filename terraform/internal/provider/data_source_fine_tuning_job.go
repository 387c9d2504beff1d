package provider

import (
	"context"
	"math"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fineTuningJobDataSource is openai_fine_tuning_job: a job by ID, with its
// events count and checkpoints.
type fineTuningJobDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*fineTuningJobDataSource)(nil)

func newFineTuningJobDataSource() datasource.DataSource { return &fineTuningJobDataSource{} }

type fineTuningJob struct {
	ID              types.String `tfsdk:"id"`
	JobID           types.String `tfsdk:"fine_tuning_job_id"` // the upstream provider's name of id
	Model           types.String `tfsdk:"model"`
	Status          types.String `tfsdk:"status"`
	CreatedAt       types.Int64  `tfsdk:"created_at"`
	FinishedAt      types.Int64  `tfsdk:"finished_at"`
	EstimatedFinish types.Int64  `tfsdk:"estimated_finish"`
	FineTunedModel  types.String `tfsdk:"fine_tuned_model"`
	OrganizationID  types.String `tfsdk:"organization_id"`
	TrainingFile    types.String `tfsdk:"training_file"`
	ValidationFile  types.String `tfsdk:"validation_file"`
	ResultFiles     types.List   `tfsdk:"result_files"`
	TrainedTokens   types.Int64  `tfsdk:"trained_tokens"`
	Seed            types.Int64  `tfsdk:"seed"`
	Suffix          types.String `tfsdk:"suffix"`
	UserSuffix      types.String `tfsdk:"user_provided_suffix"` // the upstream provider's name of suffix
	Object          types.String `tfsdk:"object"`
	Method          types.List   `tfsdk:"method"`      // upstream's shape: one object of type, supervised, dpo
	MethodType      types.String `tfsdk:"method_type"` // the method's type as text
	Integrations    types.List   `tfsdk:"integrations"`
	Hyperparameters types.Object `tfsdk:"hyperparameters"`
	Metadata        types.Map    `tfsdk:"metadata"`
	Error           types.Object `tfsdk:"error"`
	EventsCount     types.Int64  `tfsdk:"events_count"`
	Checkpoints     types.List   `tfsdk:"checkpoints"`
}

var (
	// The data source reports hyperparameters as the API does: "auto" or a number, as text.
	jobHyperparametersType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"n_epochs": types.StringType, "batch_size": types.StringType,
		"learning_rate_multiplier": types.StringType, "beta": types.StringType,
	}}
	checkpointType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"id": types.StringType, "created_at": types.Int64Type, "fine_tuned_model_checkpoint": types.StringType,
		"step_number": types.Int64Type, "metrics": types.MapType{ElemType: types.Float64Type},
	}}
)

func (d *fineTuningJobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fine_tuning_job"
}

func (d *fineTuningJobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *fineTuningJobDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a fine-tuning job by its ID: every attribute of the job as the API reports it, how many " +
			"events it has emitted, and its checkpoints.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Optional: true, Computed: true,
				Validators:          []validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("fine_tuning_job_id"))},
				MarkdownDescription: "The job's ID (`ftjob-...`). Required unless the deprecated `fine_tuning_job_id` is given."},
			"fine_tuning_job_id": schema.StringAttribute{Optional: true, Computed: true,
				DeprecationMessage: upstreamName("fine_tuning_job_id", "id"),
				MarkdownDescription: "Deprecated: the upstream provider's name for `id` (write `id`). " +
					"Exported with the same value as `id`."},
			"model":            str("The base model, as the API reports it (the dated snapshot)."),
			"status":           str("`validating_files`, `queued`, `running`, `paused`, `succeeded`, `failed` or `cancelled`."),
			"created_at":       num("When the job was created (Unix seconds)."),
			"finished_at":      num("When the job finished (Unix seconds); null until then."),
			"estimated_finish": num("When the job is expected to finish (Unix seconds); null when the API gives no estimate."),
			"fine_tuned_model": str("The trained model (`ft:...`); null until the job succeeds."),
			"organization_id":  str("The organization that owns the job."),
			"training_file":    str("The training file's ID."),
			"validation_file":  str("The validation file's ID, or null."),
			"result_files": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The result files' IDs."},
			"trained_tokens": num("Billable tokens trained; null until the job finishes."),
			"seed":           num("The training seed."),
			"suffix":         str("The suffix given at create, or null."),
			"user_provided_suffix": str("The upstream provider's name for `suffix`, exported with the same value " +
				"(deprecated: read `suffix`)."),
			"object":      str("The API's object type, always `fine_tuning.job`."),
			"method_type": str("The method's type: `supervised`, `dpo` or `reinforcement` (`method[0].type`)."),
			"method":      methodAttribute(),
			"integrations": schema.ListAttribute{Computed: true, ElementType: jobIntegrationType,
				MarkdownDescription: "The job's integrations (empty when none), as `openai_fine_tuning_job`'s blocks: " +
					"`type` (`wandb`) and `wandb`, one object of `project`, `name`, `entity` and `tags` (null when unset); " +
					"`id`, which the upstream provider exports, is always null: the API gives an integration no ID."},
			"hyperparameters": schema.SingleNestedAttribute{Computed: true,
				Attributes: map[string]schema.Attribute{"n_epochs": str("Epochs."), "batch_size": str("Examples per batch."),
					"learning_rate_multiplier": str("Scale of the learning rate."), "beta": str("The DPO method's beta.")},
				MarkdownDescription: "The method's hyperparameters, each `\"auto\"` or a number, as text; null when unset."},
			"metadata": schema.MapAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The job's metadata."},
			"error": schema.SingleNestedAttribute{Computed: true,
				Attributes: map[string]schema.Attribute{"code": str("The API's error code."), "message": str("What went wrong."),
					"param": str("The parameter at fault, or null.")},
				MarkdownDescription: "Why the job failed; null unless it failed."},
			"events_count": num("How many events the job has emitted."),
			"checkpoints": schema.ListNestedAttribute{Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                          str("The checkpoint's ID."),
					"created_at":                  num("When the checkpoint was made (Unix seconds)."),
					"fine_tuned_model_checkpoint": str("The checkpoint's model name (`ft:...:ckpt-step-N`), usable as a model."),
					"step_number":                 num("The training step it was made at."),
					"metrics": schema.MapAttribute{Computed: true, ElementType: types.Float64Type,
						MarkdownDescription: "Its metrics as the API sends them: `step`, `train_loss`, `train_mean_token_accuracy`, `valid_loss`, ..."},
				}},
				MarkdownDescription: "The job's checkpoints, newest first."},
		},
	}
}

func hpText(h openaift.HP) types.String {
	switch h.Mode {
	case openaift.HPAuto:
		return types.StringValue("auto")
	case openaift.HPValue:
		if h.Value == math.Trunc(h.Value) {
			return types.StringValue(strconv.FormatInt(int64(h.Value), 10))
		}
		return types.StringValue(strconv.FormatFloat(h.Value, 'g', -1, 64))
	}
	return types.StringNull()
}

func (d *fineTuningJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m fineTuningJob
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = oneOf(m.ID, m.JobID)
	m.JobID = m.ID
	id := m.ID.ValueString()
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		job, err := c.RetrieveJob(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "read fine-tuning job "+id, err)
			return
		}
		events := 0
		for _, err := range c.Events(ctx, id) {
			if err != nil {
				addAPIError(&resp.Diagnostics, "list the events of "+id, err)
				return
			}
			events++
		}
		checkpoints, err := openaift.Collect(c.Checkpoints(ctx, id))
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the checkpoints of "+id, err)
			return
		}
		resp.Diagnostics.Append(m.set(ctx, job, events, checkpoints)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

func (m *fineTuningJob) set(ctx context.Context, j *openaift.Job, events int, cks []*openaift.Checkpoint) diag.Diagnostics {
	var diags, dg diag.Diagnostics
	m.Model = types.StringValue(j.Model)
	m.Status = types.StringValue(string(j.Status))
	m.CreatedAt = unixOrNull(j.CreatedAt)
	m.FinishedAt = unixOrNull(j.FinishedAt)
	m.EstimatedFinish = unixOrNull(j.EstimatedFinish)
	m.FineTunedModel = stringOrNull(j.FineTunedModel)
	m.OrganizationID = stringOrNull(j.OrganizationID)
	m.TrainingFile = types.StringValue(j.TrainingFile)
	m.ValidationFile = stringOrNull(j.ValidationFile)
	m.TrainedTokens = types.Int64PointerValue(j.TrainedTokens)
	m.Seed = types.Int64PointerValue(j.Seed)
	m.Suffix = stringOrNull(j.UserProvidedSuffix)
	m.UserSuffix = m.Suffix
	m.EventsCount = types.Int64Value(int64(events))
	m.ResultFiles = stringList(j.ResultFiles)
	m.Integrations = jobIntegrationsOf(j.Integrations)
	metadata := j.Metadata
	if metadata == nil {
		metadata = map[string]string{}
	}
	m.Metadata, dg = types.MapValueFrom(ctx, types.StringType, metadata)
	diags.Append(dg...)

	m.Object = types.StringValue("fine_tuning.job")
	m.MethodType = types.StringNull()
	m.Method = methodOf(j.Method)
	m.Hyperparameters = types.ObjectNull(jobHyperparametersType.AttrTypes)
	var hp *openaift.Hyperparameters
	if j.Method != nil {
		m.MethodType = stringOrNull(j.Method.TypeRaw)
		hp = &j.Method.Hyperparameters
	} else if j.Hyperparameters != nil {
		hp = j.Hyperparameters
	}
	if hp != nil {
		m.Hyperparameters, dg = types.ObjectValue(jobHyperparametersType.AttrTypes, map[string]attr.Value{
			"n_epochs": hpText(hp.NEpochs), "batch_size": hpText(hp.BatchSize),
			"learning_rate_multiplier": hpText(hp.LearningRateMultiplier), "beta": hpText(hp.Beta)})
		diags.Append(dg...)
	}

	m.Error = types.ObjectNull(jobErrorType.AttrTypes)
	if j.Error != nil {
		m.Error, dg = types.ObjectValue(jobErrorType.AttrTypes, map[string]attr.Value{
			"code": stringOrNull(j.Error.Code), "message": types.StringValue(j.Error.Message),
			"param": stringOrNull(j.Error.Param)})
		diags.Append(dg...)
	}

	items := make([]attr.Value, 0, len(cks))
	for _, ck := range cks {
		metrics, dg := types.MapValueFrom(ctx, types.Float64Type, ck.Metrics)
		diags.Append(dg...)
		v, dg := types.ObjectValue(checkpointType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue(ck.ID), "created_at": unixOrNull(ck.CreatedAt),
			"fine_tuned_model_checkpoint": types.StringValue(ck.FineTunedModelCheckpoint),
			"step_number":                 types.Int64Value(ck.StepNumber), "metrics": metrics})
		diags.Append(dg...)
		items = append(items, v)
	}
	m.Checkpoints, dg = types.ListValue(checkpointType, items)
	diags.Append(dg...)
	return diags
}
