package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// openai_fine_tuning_job is the upstream provider's other name for a job:
// the resource of openai_fine_tuned_model (its create, wait, read, cancel
// on destroy, import and upgrade), with upstream's arguments seed,
// metadata, method and integrations and its attribute organization_id
// beside.

// jobKind says which of the two resource types a job resource is.
type jobKind int

const (
	kindFineTunedModel jobKind = iota // openai_fine_tuned_model
	kindFineTuningJob                 // openai_fine_tuning_job
)

func newFineTuningJobResource() resource.Resource {
	return &fineTunedModelResource{kind: kindFineTuningJob}
}

func (k jobKind) typeSuffix() string {
	if k == kindFineTuningJob {
		return "_fine_tuning_job"
	}
	return "_fine_tuned_model"
}

// model is an empty state of the kind's schema.
func (k jobKind) model() fineTunedModel { return fineTunedModel{upstream: k == kindFineTuningJob} }

// schema is base (openai_fine_tuned_model's) as the kind has it.
func (k jobKind) schema(base schema.Schema) schema.Schema {
	if k != kindFineTuningJob {
		return base
	}
	base.MarkdownDescription = "Creates a fine-tuning job and follows it, as `openai_fine_tuned_model` does (the same " +
		"implementation), under the upstream provider's name and with its arguments `seed`, `metadata`, `method` and `integrations`. " +
		"The resource's ID is the job's (`ftjob-...`). Destroying it cancels the job if it has not finished; " +
		"it never deletes the trained model."
	// upstream's n_epochs is a number with no default: unset, the API chooses.
	hp := base.Blocks["hyperparameters"].(schema.ListNestedBlock)
	hp.NestedObject.Attributes["n_epochs"] = schema.StringAttribute{Optional: true,
		Validators:          []validator.String{stringvalidator.RegexMatches(nEpochs, `must be "auto" or a positive integer`)},
		MarkdownDescription: "`\"auto\"` or a positive integer (a number is taken as written); unset: the API chooses."}
	base.Blocks["hyperparameters"] = hp
	base.Blocks["method"] = methodSchema(hp.NestedObject.Attributes)
	base.Blocks["integrations"] = integrationsSchema()
	base.Attributes["seed"] = schema.Int64Attribute{Optional: true,
		PlanModifiers: []planmodifier.Int64{replaceWarningInt64{int64planmodifier.RequiresReplaceIf(importedValueKept,
			"A new seed needs a new job (after an import, leaving out the seed the API reports does not).", "")}},
		MarkdownDescription: "The training seed, for a reproducible run; unset: the API picks one."}
	base.Attributes["metadata"] = schema.MapAttribute{Optional: true, ElementType: types.StringType,
		PlanModifiers:       []planmodifier.Map{replaceWarningMap{mapplanmodifier.RequiresReplace()}},
		MarkdownDescription: "Up to 16 key-value pairs stored with the job (keys up to 64 characters, values up to 512)."}
	base.Attributes["cancel_after_timeout"] = schema.Int64Attribute{Optional: true,
		DeprecationMessage: "cancel_after_timeout has no effect with this provider, which cannot cancel a job once " +
			"apply has ended: use completion_window to wait for the job, and destroy (or `openai-ft jobs cancel`) to cancel it.",
		MarkdownDescription: "Upstream's argument, kept in the state as written and otherwise ignored (deprecated): " +
			"a provider cannot cancel a job once apply has ended. `completion_window` waits for the job; destroying " +
			"the resource cancels it. Changing it is an in-place update that calls nothing."}
	base.Attributes["validation_loss"] = schema.Float64Attribute{Computed: true,
		MarkdownDescription: "Always null: the API reports no validation loss on a job (upstream's attribute, kept " +
			"so that its configurations read it). The losses are in `openai_fine_tuning_checkpoints`' metrics."}
	base.Attributes["last_updated"] = schema.StringAttribute{Computed: true,
		MarkdownDescription: "When apply last created or updated the resource (RFC 850, UTC), as upstream has it."}
	base.Attributes["organization_id"] = schema.StringAttribute{Computed: true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		MarkdownDescription: "The organization that owns the job."}
	return base
}

// importedValueKept: a seed the API reported at import, which the
// configuration leaves out, is the same job (the first apply drops it in place).
func importedValueKept(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !(wasImported(ctx, req.Private) && req.PlanValue.IsNull())
}

// replaceWarningInt64 adds the replacement warning to an int64 modifier's replacement.
type replaceWarningInt64 struct{ planmodifier.Int64 }

func (m replaceWarningInt64) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	m.Int64.PlanModifyInt64(ctx, req, resp)
	if resp.RequiresReplace {
		addReplaceWarning(ctx, req.State, &resp.Diagnostics)
	}
}

// replaceWarningMap adds the replacement warning to a map modifier's replacement.
type replaceWarningMap struct{ planmodifier.Map }

func (m replaceWarningMap) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	m.Map.PlanModifyMap(ctx, req, resp)
	if resp.RequiresReplace {
		addReplaceWarning(ctx, req.State, &resp.Diagnostics)
	}
}
