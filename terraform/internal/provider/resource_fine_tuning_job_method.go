package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// openai_fine_tuning_job's method block, as upstream has it:
//
//	method {
//	  type = "supervised"            # or "dpo"
//	  supervised { hyperparameters { n_epochs = 3 ... } }
//	  dpo        { hyperparameters { beta = 0.1 ... } }
//	}
//
// It says what the hyperparameters block says, and the method; the two
// conflict.

type jobMethod struct {
	Type       types.String       `tfsdk:"type"`
	Supervised []supervisedMethod `tfsdk:"supervised"`
	DPO        []dpoMethod        `tfsdk:"dpo"`
}

type supervisedMethod struct {
	Hyperparameters []hyperparameters `tfsdk:"hyperparameters"`
}

type dpoMethod struct {
	Hyperparameters []dpoHyperparameters `tfsdk:"hyperparameters"`
}

type dpoHyperparameters struct {
	NEpochs                types.String  `tfsdk:"n_epochs"`
	BatchSize              types.Int64   `tfsdk:"batch_size"`
	LearningRateMultiplier types.Float64 `tfsdk:"learning_rate_multiplier"`
	Beta                   types.Float64 `tfsdk:"beta"`
}

// common is the hyperparameters the DPO method shares with the supervised one.
func (h dpoHyperparameters) common() hyperparameters {
	return hyperparameters{NEpochs: h.NEpochs, BatchSize: h.BatchSize, LearningRateMultiplier: h.LearningRateMultiplier}
}

var (
	dpoHyperparametersType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"n_epochs": types.StringType, "batch_size": types.Int64Type, "learning_rate_multiplier": types.Float64Type,
		"beta": types.Float64Type,
	}}
	methodType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"type": types.StringType,
		"supervised": types.ListType{ElemType: types.ObjectType{AttrTypes: map[string]attr.Type{
			"hyperparameters": types.ListType{ElemType: hyperparametersType}}}},
		"dpo": types.ListType{ElemType: types.ObjectType{AttrTypes: map[string]attr.Type{
			"hyperparameters": types.ListType{ElemType: dpoHyperparametersType}}}},
	}}
	// noMethod is the value of a configuration without a method block.
	noMethod = types.ListValueMust(methodType, []attr.Value{})
)

// methodSchema is the method block; hp are the hyperparameters block's attributes.
func methodSchema(hp map[string]schema.Attribute) schema.ListNestedBlock {
	one := []validator.List{listvalidator.SizeAtMost(1)}
	dpo := map[string]schema.Attribute{"beta": schema.Float64Attribute{Optional: true,
		MarkdownDescription: "How strongly DPO keeps to the reference model; unset: the API chooses."}}
	for name, a := range hp {
		dpo[name] = a
	}
	hpBlock := func(attrs map[string]schema.Attribute) map[string]schema.Block {
		return map[string]schema.Block{"hyperparameters": schema.ListNestedBlock{Validators: one,
			NestedObject:        schema.NestedBlockObject{Attributes: attrs},
			MarkdownDescription: "The method's hyperparameters, at most one block."}}
	}
	return schema.ListNestedBlock{
		Validators: []validator.List{listvalidator.SizeAtMost(1),
			listvalidator.ConflictsWith(path.MatchRoot("hyperparameters"))},
		PlanModifiers: []planmodifier.List{replaceWarningList{listplanmodifier.RequiresReplaceIf(methodChangeNeedsNewJob,
			"A new method needs a new job (after an import, values the API reports, or leaves to it, do not).", "")}},
		NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{"type": schema.StringAttribute{Required: true,
				Validators:          []validator.String{stringvalidator.OneOf("supervised", "dpo")},
				MarkdownDescription: "`supervised` or `dpo`."}},
			Blocks: map[string]schema.Block{
				"supervised": schema.ListNestedBlock{Validators: one,
					NestedObject:        schema.NestedBlockObject{Blocks: hpBlock(hp)},
					MarkdownDescription: "The supervised method's settings."},
				"dpo": schema.ListNestedBlock{Validators: one,
					NestedObject:        schema.NestedBlockObject{Blocks: hpBlock(dpo)},
					MarkdownDescription: "The DPO (direct preference optimization) method's settings."},
			},
		},
		MarkdownDescription: "The fine-tuning method and its hyperparameters, at most one block (upstream's " +
			"replacement for the hyperparameters block, which it conflicts with).",
	}
}

// method is the method block, or nil when there is none.
func (m *fineTunedModel) method(ctx context.Context) (*jobMethod, diag.Diagnostics) {
	if m.Method.IsNull() || m.Method.IsUnknown() {
		return nil, nil
	}
	var blocks []jobMethod
	diags := m.Method.ElementsAs(ctx, &blocks, false)
	if len(blocks) == 0 {
		return nil, diags
	}
	return &blocks[0], diags
}

// methodPath is the path of an attribute of the method's hyperparameters.
func methodPath(method string) func(string) path.Path {
	return func(name string) path.Path {
		return path.Root("method").AtListIndex(0).AtName(method).AtListIndex(0).
			AtName("hyperparameters").AtListIndex(0).AtName(name)
	}
}

// methodParams sets the method of p, and its hyperparameters.
func (m *fineTunedModel) methodParams(ctx context.Context, p *openaift.CreateJobParams) diag.Diagnostics {
	meth, diags := m.method(ctx)
	if meth == nil {
		return diags
	}
	switch meth.Type.ValueString() {
	case "supervised":
		p.Method = openaift.MethodSupervised
		if len(meth.Supervised) > 0 && len(meth.Supervised[0].Hyperparameters) > 0 {
			diags.Append(meth.Supervised[0].Hyperparameters[0].setParams(p, methodPath("supervised"))...)
		}
	case "dpo":
		p.Method = openaift.MethodDPO
		if len(meth.DPO) > 0 && len(meth.DPO[0].Hyperparameters) > 0 {
			h := meth.DPO[0].Hyperparameters[0]
			common := h.common()
			diags.Append(common.setParams(p, methodPath("dpo"))...)
			if !h.Beta.IsNull() {
				p.Beta = openaift.Value(h.Beta.ValueFloat64())
			}
		}
	}
	return diags
}

// methodChangeNeedsNewJob: any change of the method is a new job, but after
// an import (which fills the hyperparameters block with the numbers the API
// reports, and no method), a method whose hyperparameters are those numbers,
// "auto" or unset is the same job. The method's type is not compared then.
func methodChangeNeedsNewJob(ctx context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
	if !wasImported(ctx, req.Private) || req.PlanValue.IsUnknown() {
		resp.RequiresReplace = true
		return
	}
	planned := fineTunedModel{Method: req.PlanValue}
	meth, diags := planned.method(ctx)
	resp.Diagnostics.Append(diags...)
	var p *hyperparameters
	switch {
	case meth == nil:
		return
	case len(meth.Supervised) > 0 && len(meth.Supervised[0].Hyperparameters) > 0:
		p = &meth.Supervised[0].Hyperparameters[0]
	case len(meth.DPO) > 0 && len(meth.DPO[0].Hyperparameters) > 0:
		h := meth.DPO[0].Hyperparameters[0].common()
		p = &h
	default:
		return
	}
	var list types.List
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("hyperparameters"), &list)...)
	reported := fineTunedModel{Hyperparameters: list}
	r, diags := reported.block(ctx)
	resp.Diagnostics.Append(diags...)
	if r == nil {
		r = &hyperparameters{}
	}
	resp.RequiresReplace = hyperparametersDiffer(*p, *r)
}
