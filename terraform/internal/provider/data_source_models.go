package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// modelsDataSource is openai_models: every model the organization can use.
type modelsDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*modelsDataSource)(nil)

func newModelsDataSource() datasource.DataSource { return &modelsDataSource{} }

type modelList struct {
	ID      types.String `tfsdk:"id"`
	Limit   types.Int64  `tfsdk:"limit"`
	HasMore types.Bool   `tfsdk:"has_more"`
	Models  types.List   `tfsdk:"models"`
}

var modelItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created": types.Int64Type, "owned_by": types.StringType,
}}

func (d *modelsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_models"
}

func (d *modelsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *modelsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the models the organization can use, base and fine-tuned, as the API orders them.",
		Attributes: map[string]schema.Attribute{
			"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "`models`."},
			"limit":    limitAttribute("models"),
			"has_more": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether `limit` left models out."},
			"models": schema.ListAttribute{Computed: true, ElementType: modelItemType,
				MarkdownDescription: "The models: `id`, `object`, `created` (Unix seconds) and `owned_by`."},
		},
	}
}

func (d *modelsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m modelList
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		items, more, err := collectUpTo(c.Models(ctx), m.Limit, func(model *openaift.Model) attr.Value {
			return types.ObjectValueMust(modelItemType.AttrTypes, map[string]attr.Value{
				"id": types.StringValue(model.ID), "object": types.StringValue("model"),
				"created": unixOrNull(model.Created), "owned_by": stringOrNull(model.OwnedBy)})
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the models", err)
			return
		}
		m.ID, m.HasMore = types.StringValue("models"), types.BoolValue(more)
		m.Models = types.ListValueMust(modelItemType, items)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}
