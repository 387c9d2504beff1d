package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

type modelList struct {
	listState
	Models types.List `tfsdk:"models"`
}

var modelItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created": types.Int64Type, "owned_by": types.StringType,
}}

// newModelsDataSource is openai_models: every model the organization can use.
func newModelsDataSource() datasource.DataSource {
	return newListDataSource(listSpec[modelList, *openaift.Model]{
		typeName:         "_models",
		description:      "Lists the models the organization can use, base and fine-tuned, as the API orders them.",
		idDescription:    "`models`.",
		items:            "models",
		itemType:         modelItemType,
		itemsDescription: "The models: `id`, `object`, `created` (Unix seconds) and `owned_by`.",
		state:            func(m *modelList) (*listState, *types.List) { return &m.listState, &m.Models },
		read: func(ctx context.Context, c *openaift.Client, _ *modelList, _ *diag.Diagnostics) listRead[*openaift.Model] {
			return listRead[*openaift.Model]{items: c.Models(ctx), item: modelItem, id: "models",
				doing: "list the models"}
		},
	})
}

// modelItem is model as an item of the list.
func modelItem(model *openaift.Model) attr.Value {
	return types.ObjectValueMust(modelItemType.AttrTypes, map[string]attr.Value{
		"id": types.StringValue(model.ID), "object": types.StringValue("model"),
		"created": unixOrNull(model.Created), "owned_by": stringOrNull(model.OwnedBy)})
}
