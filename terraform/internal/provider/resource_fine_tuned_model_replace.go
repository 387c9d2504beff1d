package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A replacement of openai_fine_tuned_model creates a new job: a new training
// run, billed, while the model the old job trained stays. The plan says so
// in a warning, made by the plan modifiers that decide the replacement (the
// resource's ModifyPlan is not told which paths require it). Every
// attribute's warning is the same text, which the framework keeps once.

// replaceWarningString adds the warning to a string modifier's replacement.
type replaceWarningString struct{ planmodifier.String }

func (m replaceWarningString) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	m.String.PlanModifyString(ctx, req, resp)
	if resp.RequiresReplace {
		addReplaceWarning(ctx, req.State, &resp.Diagnostics)
	}
}

// replaceWarningList adds the warning to a list modifier's replacement.
type replaceWarningList struct{ planmodifier.List }

func (m replaceWarningList) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	m.List.PlanModifyList(ctx, req, resp)
	if resp.RequiresReplace {
		addReplaceWarning(ctx, req.State, &resp.Diagnostics)
	}
}

// addReplaceWarning warns that applying starts a new, billed training run
// and keeps the model the current job trained.
func addReplaceWarning(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) {
	var id, model types.String
	_ = state.GetAttribute(ctx, path.Root("id"), &id)
	_ = state.GetAttribute(ctx, path.Root("fine_tuned_model"), &model)
	kept := fmt.Sprintf("Job %s has trained no model yet; if it has not finished, it is cancelled.", id.ValueString())
	if !model.IsNull() && !model.IsUnknown() {
		kept = fmt.Sprintf("The model job %s trained, %s, is not deleted: it stays usable, and billed when used "+
			"(`openai-ft models delete` deletes it, when you mean to).", id.ValueString(), model.ValueString())
	}
	diags.AddWarning("Replacing a fine-tuned model starts a new training run",
		"Apply creates a new fine-tuning job in place of "+id.ValueString()+": a new training run, billed "+
			"as such, for the new model, training_file, validation_file, suffix or hyperparameters (an existing "+
			"job cannot change them; completion_window changes in place). "+kept)
}
