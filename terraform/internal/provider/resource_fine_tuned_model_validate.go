package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

var _ resource.ResourceWithValidateConfig = (*fineTunedModelResource)(nil)

// ValidateConfig checks the job's options at plan time by the library's own
// rules (openaift.CheckCreateJobParams: the suffix's length, each
// hyperparameter's range), so each range is written once, in the library.
// Each attribute is checked alone, so an error is reported on the attribute
// it is about; values not known yet are checked at apply.
func (r *fineTunedModelResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest,
	resp *resource.ValidateConfigResponse) {
	var m fineTunedModel
	if diags := m.load(ctx, req.Config.Schema.Type(), req.Config.Raw); diags.HasError() {
		return // the framework reports a config it cannot read
	}
	full, diags := m.createParams(ctx)
	if diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	}
	// The fields the checks need but this one does not decide.
	base := openaift.CreateJobParams{Model: "model-known-at-apply", TrainingFile: "file-known-at-apply"}
	one := func(at path.Path, set func(p *openaift.CreateJobParams)) {
		p := base
		set(&p)
		checkParams(&resp.Diagnostics, at, p)
	}
	one(path.Root("suffix"), func(p *openaift.CreateJobParams) { p.Suffix = full.Suffix })
	one(hyperparametersPath("n_epochs"), func(p *openaift.CreateJobParams) { p.NEpochs = full.NEpochs })
	one(hyperparametersPath("batch_size"), func(p *openaift.CreateJobParams) { p.BatchSize = full.BatchSize })
	one(hyperparametersPath("learning_rate_multiplier"), func(p *openaift.CreateJobParams) {
		p.LearningRateMultiplier = full.LearningRateMultiplier
	})
}

// checkParams adds the library's verdict on p as an error on the attribute at.
func checkParams(diags *diag.Diagnostics, at path.Path, p openaift.CreateJobParams) {
	err := openaift.CheckCreateJobParams(p)
	if err == nil {
		return
	}
	var e *openaift.APIError
	msg := err.Error()
	if errors.As(err, &e) {
		msg = e.Message
	}
	diags.AddAttributeError(at, "Invalid Attribute Value", msg) // the validators' summary
}
