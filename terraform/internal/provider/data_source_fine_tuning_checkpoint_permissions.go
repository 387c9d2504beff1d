package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

type checkpointPermissions struct {
	listState
	CheckpointID types.String `tfsdk:"checkpoint_id"`
	ProjectID    types.String `tfsdk:"project_id"`
	After        types.String `tfsdk:"after"`
	Permissions  types.List   `tfsdk:"permissions"`
}

var permissionItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created_at": types.Int64Type,
	"checkpoint_id": types.StringType, "project_id": types.StringType,
	"project_ids": types.ListType{ElemType: types.StringType},
	"allow_view":  types.BoolType, "allow_create": types.BoolType, // upstream's; the API has no such fields
}}

// newCheckpointPermissionsDataSource is
// openai_fine_tuning_checkpoint_permissions: the projects a checkpoint is
// shared with (read with the admin key).
func newCheckpointPermissionsDataSource() datasource.DataSource {
	return newListDataSource(listSpec[checkpointPermissions, *openaift.CheckpointPermission]{
		typeName: "_fine_tuning_checkpoint_permissions",
		description: "Lists the permissions of a fine-tuned model checkpoint: the projects it is shared with, " +
			"up to `limit`. Reading them needs an admin key (the provider's `admin_key`, or `OPENAI_ADMIN_KEY`).",
		idDescription: "The checkpoint.",
		items:         "permissions",
		itemType:      permissionItemType,
		itemsDescription: "The permissions: `id` (`cp_...`), `object`, `created_at` (Unix seconds), " +
			"`checkpoint_id`, `project_id`, `project_ids` (that project alone, as upstream lists it), and upstream's " +
			"`allow_view` and `allow_create`, which the API's permission has not: `allow_view` is always true (a " +
			"permission is the project's use of the model), `allow_create` always null (the API grants nothing " +
			"of the kind; the upstream provider said true without the API telling it).",
		arguments: map[string]schema.Attribute{
			"checkpoint_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The checkpoint's model name (`ft:...:ckpt-step-N`) or a fine-tuned model's (`ft:...`)."},
			"project_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only this project's permission."},
			"after": schema.StringAttribute{Optional: true,
				MarkdownDescription: "A permission's ID (`cp_...`): only the permissions after it."},
		},
		state: func(m *checkpointPermissions) (*listState, *types.List) { return &m.listState, &m.Permissions },
		read: func(ctx context.Context, c *openaift.Client, m *checkpointPermissions, _ *diag.Diagnostics) listRead[*openaift.CheckpointPermission] {
			ck := m.CheckpointID.ValueString()
			params := openaift.ListPermissionsParams{ProjectID: m.ProjectID.ValueString(), After: m.After.ValueString(),
				Limit: pageSize(m.Limit)}
			return listRead[*openaift.CheckpointPermission]{items: c.CheckpointPermissions(ctx, ck, params),
				item: func(p *openaift.CheckpointPermission) attr.Value { return permissionItem(ck, p) },
				id:   ck, doing: "list the permissions of checkpoint " + ck}
		},
	})
}

// permissionItem is p, a permission of the checkpoint ck, as an item of the list.
func permissionItem(ck string, p *openaift.CheckpointPermission) attr.Value {
	return types.ObjectValueMust(permissionItemType.AttrTypes, map[string]attr.Value{
		"id": types.StringValue(p.ID), "object": types.StringValue("checkpoint.permission"),
		"created_at": unixOrNull(p.CreatedAt), "checkpoint_id": types.StringValue(ck),
		"project_id": types.StringValue(p.ProjectID), "project_ids": stringList([]string{p.ProjectID}),
		"allow_view": types.BoolValue(true), "allow_create": types.BoolNull()})
}
