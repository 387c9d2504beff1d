package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// modelDataSource is openai_model: one model by its ID.
type modelDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*modelDataSource)(nil)

func newModelDataSource() datasource.DataSource { return &modelDataSource{} }

type modelInfo struct {
	ID      types.String `tfsdk:"id"`
	ModelID types.String `tfsdk:"model_id"`
	Object  types.String `tfsdk:"object"`
	Created types.Int64  `tfsdk:"created"`
	OwnedBy types.String `tfsdk:"owned_by"`
}

func (d *modelDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_model"
}

func (d *modelDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *modelDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a model the organization can use: a base model or a fine-tuned one (`ft:...`), " +
			"for instance to check that a trained model still exists.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The model's ID."},
			"model_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The model's ID (`gpt-4o-mini-2024-07-18`, `ft:...`)."},
			"object":   schema.StringAttribute{Computed: true, MarkdownDescription: "`model`."},
			"created":  schema.Int64Attribute{Computed: true, MarkdownDescription: "When the model was created (Unix seconds)."},
			"owned_by": schema.StringAttribute{Computed: true, MarkdownDescription: "Who owns it (`system`, `openai`, the organization)."},
		},
	}
}

func (d *modelDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m modelInfo
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.ModelID.ValueString()
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		model, err := c.RetrieveModel(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "read model "+id, err)
			return
		}
		m.ID, m.Object = types.StringValue(model.ID), types.StringValue("model")
		m.Created, m.OwnedBy = unixOrNull(model.Created), stringOrNull(model.OwnedBy)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}
