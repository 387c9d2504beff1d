package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fineTuningCheckpointsDataSource is openai_fine_tuning_checkpoints: a
// job's checkpoints, newest first.
type fineTuningCheckpointsDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*fineTuningCheckpointsDataSource)(nil)

func newFineTuningCheckpointsDataSource() datasource.DataSource {
	return &fineTuningCheckpointsDataSource{}
}

type fineTuningCheckpoints struct {
	ID          types.String `tfsdk:"id"`
	JobID       types.String `tfsdk:"fine_tuning_job_id"`
	After       types.String `tfsdk:"after"`
	Limit       types.Int64  `tfsdk:"limit"`
	HasMore     types.Bool   `tfsdk:"has_more"`
	Checkpoints types.List   `tfsdk:"checkpoints"`
}

var checkpointItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created_at": types.Int64Type,
	"fine_tuning_job_id": types.StringType, "fine_tuned_model_checkpoint": types.StringType,
	"step_number": types.Int64Type, "metrics": types.MapType{ElemType: types.Float64Type},
	// upstream's, which the API's checkpoint has not: always null
	"status": types.StringType, "trained_tokens": types.Int64Type, "training_progress": types.Float64Type,
}}

func (d *fineTuningCheckpointsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fine_tuning_checkpoints"
}

func (d *fineTuningCheckpointsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *fineTuningCheckpointsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the checkpoints of a fine-tuning job, newest first: each a model " +
			"(`fine_tuned_model_checkpoint`) usable as the job's final one is, up to `limit`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The job's ID."},
			"fine_tuning_job_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The job's ID (`ftjob-...`)."},
			"after": afterAttribute("checkpoints", "`ftckpt_...`"),
			"limit": limitAttribute("checkpoints"),
			"has_more": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether `limit` left checkpoints out."},
			"checkpoints": schema.ListAttribute{Computed: true, ElementType: checkpointItemType,
				MarkdownDescription: "The checkpoints, newest first: `id` (`ftckpt_...`), `object`, `created_at` " +
					"(Unix seconds), `fine_tuning_job_id`, `fine_tuned_model_checkpoint` (the checkpoint's model, " +
					"`ft:...:ckpt-step-N`), `step_number` and `metrics` (as the API sends them: `step`, " +
					"`train_loss`, `train_mean_token_accuracy`, `valid_loss`, ...). The upstream provider's `status`, " +
					"`trained_tokens` and `training_progress` are there for configurations that read them, always null: " +
					"the API's checkpoint object has none of them (upstream set `\"\"` and `0`, which read as a real " +
					"status and count), and none follows from what it has (`step_number` is the step; the job's " +
					"`trained_tokens` is the whole run's)."},
		},
	}
}

func (d *fineTuningCheckpointsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m fineTuningCheckpoints
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.JobID.ValueString()
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		items, more, err := collectUpTo(c.CheckpointsAfter(ctx, id, m.After.ValueString()), m.Limit, func(ck *openaift.Checkpoint) attr.Value {
			metrics := make(map[string]attr.Value, len(ck.Metrics))
			for k, v := range ck.Metrics {
				metrics[k] = types.Float64Value(v)
			}
			return types.ObjectValueMust(checkpointItemType.AttrTypes, map[string]attr.Value{
				"id": types.StringValue(ck.ID), "object": types.StringValue("fine_tuning.job.checkpoint"),
				"created_at": unixOrNull(ck.CreatedAt), "fine_tuning_job_id": types.StringValue(id),
				"fine_tuned_model_checkpoint": types.StringValue(ck.FineTunedModelCheckpoint),
				"step_number":                 types.Int64Value(ck.StepNumber),
				"metrics":                     types.MapValueMust(types.Float64Type, metrics),
				"status":                      types.StringNull(), "trained_tokens": types.Int64Null(),
				"training_progress": types.Float64Null()})
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the checkpoints of "+id, err)
			return
		}
		m.ID, m.HasMore = types.StringValue(id), types.BoolValue(more)
		m.Checkpoints = types.ListValueMust(checkpointItemType, items)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}
