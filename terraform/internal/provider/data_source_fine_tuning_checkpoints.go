package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

type fineTuningCheckpoints struct {
	listState
	JobID       types.String `tfsdk:"fine_tuning_job_id"`
	After       types.String `tfsdk:"after"`
	Checkpoints types.List   `tfsdk:"checkpoints"`
}

var checkpointItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created_at": types.Int64Type,
	"fine_tuning_job_id": types.StringType, "fine_tuned_model_checkpoint": types.StringType,
	"step_number": types.Int64Type, "metrics": types.MapType{ElemType: types.Float64Type},
	// upstream's, which the API's checkpoint has not: always null
	"status": types.StringType, "trained_tokens": types.Int64Type, "training_progress": types.Float64Type,
}}

// newFineTuningCheckpointsDataSource is openai_fine_tuning_checkpoints: a
// job's checkpoints, newest first.
func newFineTuningCheckpointsDataSource() datasource.DataSource {
	return newListDataSource(listSpec[fineTuningCheckpoints, *openaift.Checkpoint]{
		typeName: "_fine_tuning_checkpoints",
		description: "Lists the checkpoints of a fine-tuning job, newest first: each a model " +
			"(`fine_tuned_model_checkpoint`) usable as the job's final one is, up to `limit`.",
		idDescription: "The job's ID.",
		items:         "checkpoints",
		itemType:      checkpointItemType,
		itemsDescription: "The checkpoints, newest first: `id` (`ftckpt_...`), `object`, `created_at` " +
			"(Unix seconds), `fine_tuning_job_id`, `fine_tuned_model_checkpoint` (the checkpoint's model, " +
			"`ft:...:ckpt-step-N`), `step_number` and `metrics` (as the API sends them: `step`, " +
			"`train_loss`, `train_mean_token_accuracy`, `valid_loss`, ...). The upstream provider's `status`, " +
			"`trained_tokens` and `training_progress` are there for configurations that read them, always null: " +
			"the API's checkpoint object has none of them (upstream set `\"\"` and `0`, which read as a real " +
			"status and count), and none follows from what it has (`step_number` is the step; the job's " +
			"`trained_tokens` is the whole run's).",
		arguments: map[string]schema.Attribute{
			"fine_tuning_job_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The job's ID (`ftjob-...`)."},
			"after": afterAttribute("checkpoints", "`ftckpt_...`"),
		},
		state: func(m *fineTuningCheckpoints) (*listState, *types.List) { return &m.listState, &m.Checkpoints },
		read: func(ctx context.Context, c *openaift.Client, m *fineTuningCheckpoints, _ *diag.Diagnostics) listRead[*openaift.Checkpoint] {
			id := m.JobID.ValueString()
			return listRead[*openaift.Checkpoint]{items: c.CheckpointsAfter(ctx, id, m.After.ValueString()),
				item: func(ck *openaift.Checkpoint) attr.Value { return checkpointItem(id, ck) },
				id:   id, doing: "list the checkpoints of " + id}
		},
	})
}

// checkpointItem is ck, a checkpoint of the job id, as an item of the list.
func checkpointItem(id string, ck *openaift.Checkpoint) attr.Value {
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
}
