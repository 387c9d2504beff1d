package provider

import (
	"context"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// snapshotSuffix is how a dated snapshot extends its alias:
// gpt-4o-mini-2024-07-18, gpt-3.5-turbo-0125.
var snapshotSuffix = regexp.MustCompile(`^-(\d{4}-\d{2}-\d{2}|\d{4})$`)

// isSnapshotOf reports whether model is alias or one of its dated snapshots.
func isSnapshotOf(model, alias string) bool {
	return model == alias || (strings.HasPrefix(model, alias) && snapshotSuffix.MatchString(model[len(alias):]))
}

func modelChangeNeedsNewJob(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !(wasImported(ctx, req.Private) &&
		isSnapshotOf(req.StateValue.ValueString(), req.PlanValue.ValueString()))
}

func hyperparametersChangeNeedsNewJob(ctx context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
	if !wasImported(ctx, req.Private) || req.PlanValue.IsUnknown() {
		resp.RequiresReplace = true
		return
	}
	var planned, reported []hyperparameters
	resp.Diagnostics.Append(req.PlanValue.ElementsAs(ctx, &planned, false)...)
	resp.Diagnostics.Append(req.StateValue.ElementsAs(ctx, &reported, false)...)
	if len(planned) == 0 {
		return // no block: the API chose every value
	}
	if len(reported) == 0 {
		resp.RequiresReplace = true
		return
	}
	resp.RequiresReplace = hyperparametersDiffer(planned[0], reported[0])
}
