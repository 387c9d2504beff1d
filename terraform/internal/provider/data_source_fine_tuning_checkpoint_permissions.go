package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// checkpointPermissionsDataSource is
// openai_fine_tuning_checkpoint_permissions: the projects a checkpoint is
// shared with (read with the admin key).
type checkpointPermissionsDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*checkpointPermissionsDataSource)(nil)

func newCheckpointPermissionsDataSource() datasource.DataSource {
	return &checkpointPermissionsDataSource{}
}

type checkpointPermissions struct {
	ID           types.String `tfsdk:"id"`
	CheckpointID types.String `tfsdk:"checkpoint_id"`
	ProjectID    types.String `tfsdk:"project_id"`
	After        types.String `tfsdk:"after"`
	Limit        types.Int64  `tfsdk:"limit"`
	HasMore      types.Bool   `tfsdk:"has_more"`
	Permissions  types.List   `tfsdk:"permissions"`
}

var permissionItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created_at": types.Int64Type,
	"checkpoint_id": types.StringType, "project_id": types.StringType,
	"project_ids": types.ListType{ElemType: types.StringType},
	"allow_view":  types.BoolType, "allow_create": types.BoolType, // upstream's; the API has no such fields
}}

func (d *checkpointPermissionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fine_tuning_checkpoint_permissions"
}

func (d *checkpointPermissionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *checkpointPermissionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the permissions of a fine-tuned model checkpoint: the projects it is shared with, " +
			"up to `limit`. Reading them needs an admin key (the provider's `admin_key`, or `OPENAI_ADMIN_KEY`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The checkpoint."},
			"checkpoint_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The checkpoint's model name (`ft:...:ckpt-step-N`) or a fine-tuned model's (`ft:...`)."},
			"project_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only this project's permission."},
			"after": schema.StringAttribute{Optional: true,
				MarkdownDescription: "A permission's ID (`cp_...`): only the permissions after it."},
			"limit": limitAttribute("permissions"),
			"has_more": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether `limit` left permissions out."},
			"permissions": schema.ListAttribute{Computed: true, ElementType: permissionItemType,
				MarkdownDescription: "The permissions: `id` (`cp_...`), `object`, `created_at` (Unix seconds), " +
					"`checkpoint_id`, `project_id`, `project_ids` (that project alone, as upstream lists it), and upstream's " +
					"`allow_view` and `allow_create`, which the API's permission has not: `allow_view` is always true (a " +
					"permission is the project's use of the model), `allow_create` always null (the API grants nothing " +
					"of the kind; the upstream provider said true without the API telling it)."},
		},
	}
}

func (d *checkpointPermissionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m checkpointPermissions
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ck := m.CheckpointID.ValueString()
	params := openaift.ListPermissionsParams{ProjectID: m.ProjectID.ValueString(), After: m.After.ValueString(),
		Limit: pageSize(m.Limit)}
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		items, more, err := collectUpTo(c.CheckpointPermissions(ctx, ck, params), m.Limit,
			func(p *openaift.CheckpointPermission) attr.Value {
				return types.ObjectValueMust(permissionItemType.AttrTypes, map[string]attr.Value{
					"id": types.StringValue(p.ID), "object": types.StringValue("checkpoint.permission"),
					"created_at": unixOrNull(p.CreatedAt), "checkpoint_id": types.StringValue(ck),
					"project_id": types.StringValue(p.ProjectID), "project_ids": stringList([]string{p.ProjectID}),
					"allow_view": types.BoolValue(true), "allow_create": types.BoolNull()})
			})
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the permissions of checkpoint "+ck, err)
			return
		}
		m.ID, m.HasMore = types.StringValue(ck), types.BoolValue(more)
		m.Permissions = types.ListValueMust(permissionItemType, items)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}
