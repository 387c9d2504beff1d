package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// openai_fine_tuning_job (data source)'s method and integrations, in the
// upstream provider's shapes: method is a list of one object,
//
//	method[0].type                                      "supervised", "dpo", "reinforcement"
//	method[0].supervised[0].hyperparameters[0].n_epochs  a number
//	method[0].dpo[0].hyperparameters[0].beta            a number
//
// and each integration has upstream's id (always null: the API gives none).

var (
	methodSupervisedHPType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"n_epochs": types.Int64Type, "batch_size": types.Int64Type, "learning_rate_multiplier": types.Float64Type,
	}}
	methodDPOHPType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"n_epochs": types.Int64Type, "batch_size": types.Int64Type, "learning_rate_multiplier": types.Float64Type,
		"beta": types.Float64Type,
	}}
	methodSupervisedType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"hyperparameters": types.ListType{ElemType: methodSupervisedHPType}}}
	methodDPOType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"hyperparameters": types.ListType{ElemType: methodDPOHPType}}}
	dsMethodType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"type": types.StringType, "supervised": types.ListType{ElemType: methodSupervisedType},
		"dpo": types.ListType{ElemType: methodDPOType},
	}}
	jobIntegrationType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"id": types.StringType, "type": types.StringType, "wandb": types.ListType{ElemType: wandbType},
	}}
)

func methodAttribute() schema.Attribute {
	return schema.ListAttribute{Computed: true, ElementType: dsMethodType,
		MarkdownDescription: "The method, as the upstream provider exports it: a list of one object (empty when the API " +
			"reports none) of `type` (`supervised`, `dpo` or `reinforcement`; also in `method_type`), `supervised` and " +
			"`dpo`, each a list of one object (empty for the other methods) whose `hyperparameters` is a list of one " +
			"object: `n_epochs`, `batch_size`, `learning_rate_multiplier` (and `beta` for `dpo`), numbers, null " +
			"where the API says `\"auto\"` (the `hyperparameters` attribute has them as text, `\"auto\"` included). " +
			"Read them as `method[0].supervised[0].hyperparameters[0].n_epochs`. Earlier versions of this provider " +
			"had the type as text in `method`: read `method_type` for that."}
}

// hpInt and hpFloat are a hyperparameter's number, null when "auto" or unset.
func hpInt(h openaift.HP) types.Int64 {
	if h.Mode != openaift.HPValue {
		return types.Int64Null()
	}
	return types.Int64Value(int64(h.Value))
}

func hpFloat(h openaift.HP) types.Float64 {
	if h.Mode != openaift.HPValue {
		return types.Float64Null()
	}
	return types.Float64Value(h.Value)
}

// methodOf is the method attribute of a job's method (nil: an empty list).
func methodOf(m *openaift.Method) types.List {
	if m == nil {
		return types.ListValueMust(dsMethodType, []attr.Value{})
	}
	h := m.Hyperparameters
	common := map[string]attr.Value{"n_epochs": hpInt(h.NEpochs), "batch_size": hpInt(h.BatchSize),
		"learning_rate_multiplier": hpFloat(h.LearningRateMultiplier)}
	supervised, dpo := []attr.Value{}, []attr.Value{}
	switch m.Type {
	case openaift.MethodSupervised:
		hp := types.ObjectValueMust(methodSupervisedHPType.AttrTypes, common)
		supervised = append(supervised, types.ObjectValueMust(methodSupervisedType.AttrTypes, map[string]attr.Value{
			"hyperparameters": types.ListValueMust(methodSupervisedHPType, []attr.Value{hp})}))
	case openaift.MethodDPO:
		common["beta"] = hpFloat(h.Beta)
		hp := types.ObjectValueMust(methodDPOHPType.AttrTypes, common)
		dpo = append(dpo, types.ObjectValueMust(methodDPOType.AttrTypes, map[string]attr.Value{
			"hyperparameters": types.ListValueMust(methodDPOHPType, []attr.Value{hp})}))
	}
	v := types.ObjectValueMust(dsMethodType.AttrTypes, map[string]attr.Value{
		"type": stringOrNull(m.TypeRaw), "supervised": types.ListValueMust(methodSupervisedType, supervised),
		"dpo": types.ListValueMust(methodDPOType, dpo)})
	return types.ListValueMust(dsMethodType, []attr.Value{v})
}

// jobIntegrationsOf is integrationsOf with upstream's id of each (null).
func jobIntegrationsOf(ins []openaift.Integration) types.List {
	items := []attr.Value{}
	for _, v := range integrationsOf(ins).Elements() {
		attrs := v.(types.Object).Attributes()
		attrs["id"] = types.StringNull()
		items = append(items, types.ObjectValueMust(jobIntegrationType.AttrTypes, attrs))
	}
	return types.ListValueMust(jobIntegrationType, items)
}
