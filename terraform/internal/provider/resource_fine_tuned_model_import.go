package provider

import (
	"context"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// An imported job's arguments come from the API, which reports the dated
// snapshot of a model alias and the numbers it chose for "auto" or unset
// hyperparameters. Until the first apply after the import writes the
// configuration's values in place (no API call), a configuration that says
// the same job more generally must not replace it: that would train, and
// bill, a second job. The private key marks such a state.
const importedKey = "imported"

// snapshotSuffix is how a dated snapshot extends its alias:
// gpt-4o-mini-2024-07-18, gpt-3.5-turbo-0125.
var snapshotSuffix = regexp.MustCompile(`^-(\d{4}-\d{2}-\d{2}|\d{4})$`)

// isSnapshotOf reports whether model is alias or one of its dated snapshots.
func isSnapshotOf(model, alias string) bool {
	return model == alias || (strings.HasPrefix(model, alias) && snapshotSuffix.MatchString(model[len(alias):]))
}

// privateData is the framework's private state of a resource.
type privateData interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

// wasImported reports whether the state was imported and not applied since.
func wasImported(ctx context.Context, private privateData) bool {
	if private == nil {
		return false
	}
	v, _ := private.GetKey(ctx, importedKey)
	return len(v) > 0
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

// hyperparametersDiffer reports whether the planned hyperparameters p name
// another job than the reported r of an imported one: a value set, not
// "auto", that is not the one the API reports.
func hyperparametersDiffer(p, r hyperparameters) bool {
	return !(p.NEpochs.IsNull() || p.NEpochs.ValueString() == "auto" || p.NEpochs.Equal(r.NEpochs)) ||
		!(p.BatchSize.IsNull() || p.BatchSize.Equal(r.BatchSize)) ||
		!(p.LearningRateMultiplier.IsNull() || p.LearningRateMultiplier.Equal(r.LearningRateMultiplier))
}

func hyperparametersPath(name string) path.Path {
	return path.Root("hyperparameters").AtListIndex(0).AtName(name)
}
