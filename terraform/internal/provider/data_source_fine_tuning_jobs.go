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

type fineTuningJobs struct {
	listState
	After    types.String `tfsdk:"after"`
	Metadata types.Map    `tfsdk:"metadata"`
	Jobs     types.List   `tfsdk:"jobs"`
}

// jobItemType is one job of the list; error and hyperparameters are maps of
// text, as upstream's are.
var jobItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "model": types.StringType, "status": types.StringType,
	"created_at": types.Int64Type, "finished_at": types.Int64Type, "fine_tuned_model": types.StringType,
	"organization_id": types.StringType, "training_file": types.StringType, "validation_file": types.StringType,
	"result_files": types.ListType{ElemType: types.StringType}, "trained_tokens": types.Int64Type,
	"seed": types.Int64Type, "suffix": types.StringType, "method": types.StringType,
	"hyperparameters": types.MapType{ElemType: types.StringType}, "metadata": types.MapType{ElemType: types.StringType},
	"error": types.MapType{ElemType: types.StringType},
}}

// newFineTuningJobsDataSource is openai_fine_tuning_jobs: the organization's
// jobs, newest first, as the API filters them (after, metadata).
func newFineTuningJobsDataSource() datasource.DataSource {
	return newListDataSource(listSpec[fineTuningJobs, *openaift.Job]{
		typeName: "_fine_tuning_jobs",
		description: "Lists the organization's fine-tuning jobs, newest first: all of them, or those after a job, " +
			"or those whose metadata match, up to `limit`.",
		idDescription: "`fine_tuning_jobs`.",
		items:         "jobs",
		itemType:      jobItemType,
		itemsDescription: "The jobs, newest first: `id`, `object`, `model`, `status`, `created_at`, " +
			"`finished_at`, `fine_tuned_model`, `organization_id`, `training_file`, `validation_file`, " +
			"`result_files`, `trained_tokens`, `seed`, `suffix`, `method`, `hyperparameters` (each `\"auto\"` " +
			"or a number, as text), `metadata` and `error` (`code`, `message`, `param`; empty unless it failed).",
		arguments: map[string]schema.Attribute{
			"after": schema.StringAttribute{Optional: true,
				MarkdownDescription: "A job's ID (`ftjob-...`): only the jobs after it (older than it) are listed."},
			"metadata": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only the jobs whose metadata have each of these keys with this value."},
		},
		state: func(m *fineTuningJobs) (*listState, *types.List) { return &m.listState, &m.Jobs },
		read: func(ctx context.Context, c *openaift.Client, m *fineTuningJobs, diags *diag.Diagnostics) listRead[*openaift.Job] {
			params := openaift.ListJobsParams{After: m.After.ValueString(), Limit: pageSize(m.Limit)}
			if !m.Metadata.IsNull() {
				diags.Append(m.Metadata.ElementsAs(ctx, &params.Metadata, false)...)
			}
			return listRead[*openaift.Job]{items: c.Jobs(ctx, params), item: jobItem, id: "fine_tuning_jobs",
				doing: "list the fine-tuning jobs"}
		},
	})
}

// jobItem is j as an item of the list.
func jobItem(j *openaift.Job) attr.Value {
	hp := map[string]string{}
	method := types.StringNull()
	src := j.Hyperparameters
	if j.Method != nil {
		method, src = stringOrNull(j.Method.TypeRaw), &j.Method.Hyperparameters
	}
	if src != nil {
		for name, v := range map[string]openaift.HP{"n_epochs": src.NEpochs, "batch_size": src.BatchSize,
			"learning_rate_multiplier": src.LearningRateMultiplier, "beta": src.Beta} {
			if t := hpText(v); !t.IsNull() {
				hp[name] = t.ValueString()
			}
		}
	}
	jobErr := map[string]string{}
	if j.Error != nil {
		jobErr["code"], jobErr["message"] = j.Error.Code, j.Error.Message
		if j.Error.Param != "" {
			jobErr["param"] = j.Error.Param
		}
	}
	files := stringList(j.ResultFiles)
	if files.IsNull() {
		files = stringList([]string{})
	}
	return types.ObjectValueMust(jobItemType.AttrTypes, map[string]attr.Value{
		"id": types.StringValue(j.ID), "object": types.StringValue("fine_tuning.job"),
		"model": types.StringValue(j.Model), "status": types.StringValue(string(j.Status)),
		"created_at": unixOrNull(j.CreatedAt), "finished_at": unixOrNull(j.FinishedAt),
		"fine_tuned_model": stringOrNull(j.FineTunedModel), "organization_id": stringOrNull(j.OrganizationID),
		"training_file": types.StringValue(j.TrainingFile), "validation_file": stringOrNull(j.ValidationFile),
		"result_files": files, "trained_tokens": types.Int64PointerValue(j.TrainedTokens),
		"seed": types.Int64PointerValue(j.Seed), "suffix": stringOrNull(j.UserProvidedSuffix), "method": method,
		"hyperparameters": mapOfStrings(hp), "metadata": mapOfStrings(j.Metadata), "error": mapOfStrings(jobErr),
	})
}
