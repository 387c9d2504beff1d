package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fileSHA256 is the hex SHA-256 of the file at name, read as a stream.
func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", name)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ModifyPlan puts the content's digest in the plan (a new digest replaces the
// file) and, when a fine-tuning file is to be uploaded, checks its data.
func (r *fileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *fileModel
	if !req.State.Raw.IsNull() {
		state = &fileModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() || plan.File.IsUnknown() {
		return
	}
	name := plan.File.ValueString()
	sum, err := fileSHA256(name)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("file"), "Cannot read the file", err.Error())
		return
	}
	plan.ContentSHA256 = types.StringValue(sum)
	upload := state == nil
	if state != nil {
		if !state.ContentSHA256.IsNull() && state.ContentSHA256.ValueString() != sum {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("content_sha256"))
			upload = true
		}
		upload = upload || (!state.File.IsNull() && !state.File.Equal(plan.File)) ||
			!state.Purpose.Equal(plan.Purpose) || !state.ProjectID.Equal(plan.ProjectID)
	}
	if upload {
		unknown := types.StringUnknown()
		plan.ID, plan.Filename, plan.Status, plan.StatusDetails = unknown, unknown, unknown, unknown
		plan.Bytes, plan.CreatedAt = types.Int64Unknown(), types.Int64Unknown()
		if plan.Purpose.ValueString() == "fine-tune" {
			checkTrainingData(&resp.Diagnostics, name)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// The most errors and warnings of a file reported one by one.
const maxDataDiagnostics = 10

// checkTrainingData validates fine-tuning data with libopenai_ft: each error
// (the first ten) is a plan error naming the file, the line and the rule; a
// file under the API's training minimum, and the validator's warnings, are
// warnings.
func checkTrainingData(diags *diag.Diagnostics, name string) {
	rep, err := openaift.ValidateData(name, openaift.ValidateParams{})
	if err != nil {
		diags.AddAttributeError(path.Root("file"), "Cannot check the fine-tuning data", err.Error())
		return
	}
	var warnings []string
	errorsShown, errorsTotal := 0, rep.ErrorsTotal
	for _, p := range rep.Problems {
		where := name
		if p.Line > 0 {
			where = fmt.Sprintf("%s, line %d", name, p.Line)
		}
		switch {
		case p.Code == "too_few_examples": // an error to the validator, a warning here
			errorsTotal--
			diags.AddAttributeWarning(path.Root("file"), "Too few examples for a training file",
				fmt.Sprintf("%s (%s): %s. A job with it as training_file fails; as a validation file it is fine.",
					name, p.Code, p.Message))
		case p.Warning:
			warnings = append(warnings, fmt.Sprintf("%s (%s): %s", where, p.Code, p.Message))
		case errorsShown < maxDataDiagnostics:
			errorsShown++
			diags.AddAttributeError(path.Root("file"), "Invalid fine-tuning data",
				fmt.Sprintf("%s (%s): %s\n\nNothing was uploaded: fix the data and plan again.", where, p.Code, p.Message))
		}
	}
	if more := errorsTotal - int64(errorsShown); errorsShown > 0 && more > 0 {
		diags.AddAttributeError(path.Root("file"), "Invalid fine-tuning data",
			fmt.Sprintf("%s: %d more errors (openai-ft validate %s lists them all).", name, more, name))
	}
	if len(warnings) > 0 {
		if len(warnings) > maxDataDiagnostics {
			warnings = warnings[:maxDataDiagnostics]
		}
		diags.AddAttributeWarning(path.Root("file"), "Questionable fine-tuning data",
			fmt.Sprintf("%d warnings, the file is usable:\n%s", rep.WarningsTotal, strings.Join(warnings, "\n")))
	}
}
