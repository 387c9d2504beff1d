package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// checkpointPermissionResource is openai_fine_tuning_checkpoint_permission:
// one project's access to a checkpoint or fine-tuned model (admin key).
type checkpointPermissionResource struct{ pool *clientPool }

var (
	_ resource.ResourceWithConfigure   = (*checkpointPermissionResource)(nil)
	_ resource.ResourceWithImportState = (*checkpointPermissionResource)(nil)
)

func newCheckpointPermissionResource() resource.Resource { return &checkpointPermissionResource{} }

type checkpointPermission struct {
	ID         types.String `tfsdk:"id"`
	Checkpoint types.String `tfsdk:"checkpoint"`
	ProjectID  types.String `tfsdk:"project_id"`
	CreatedAt  types.Int64  `tfsdk:"created_at"`
}

func (r *checkpointPermissionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fine_tuning_checkpoint_permission"
}

func (r *checkpointPermissionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *checkpointPermissionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lets another project of the organization use a fine-tuned model or one of its checkpoints. " +
			"It needs the provider's admin key (`admin_key` or `OPENAI_ADMIN_KEY`, an admin key with the fine-tuning " +
			"checkpoints permission). Changing either argument replaces the permission; destroying it removes the " +
			"project's access (not the model).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The permission's ID (`cp_...`)."},
			"checkpoint": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The fine-tuned model (`ft:...`) or checkpoint (`ft:...:ckpt-step-N`) to share."},
			"project_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The project (`proj_...`) that gets access."},
			"created_at": schema.Int64Attribute{Computed: true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				MarkdownDescription: "When the permission was made (Unix seconds)."},
		},
	}
}

func (r *checkpointPermissionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		perms, err := c.CreateCheckpointPermissions(ctx, m.Checkpoint.ValueString(), []string{m.ProjectID.ValueString()})
		if err == nil && len(perms) != 1 {
			err = fmt.Errorf("the API returned %d permissions for one project", len(perms))
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "share "+m.Checkpoint.ValueString(), err)
			return
		}
		m.ID = types.StringValue(perms[0].ID)
		m.CreatedAt = unixOrNull(perms[0].CreatedAt)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

// find looks the permission up among the checkpoint's (those of its project
// when known, every page otherwise, as after an import); nil when gone.
func findPermission(ctx context.Context, c *openaift.Client, m *checkpointPermission) (*openaift.CheckpointPermission, error) {
	params := openaift.ListPermissionsParams{ProjectID: m.ProjectID.ValueString(), Limit: 100}
	for {
		page, err := c.ListCheckpointPermissions(ctx, m.Checkpoint.ValueString(), params)
		if errors.Is(err, openaift.ErrNotFound) {
			return nil, nil // the checkpoint is gone, and its permissions with it
		}
		if err != nil {
			return nil, err
		}
		for _, p := range page.Permissions {
			if p.ID == m.ID.ValueString() {
				return p, nil
			}
		}
		if !page.HasMore || page.LastID == "" {
			return nil, nil
		}
		params.After = page.LastID
	}
}

func (r *checkpointPermissionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		p, err := findPermission(ctx, c, &m)
		if err != nil {
			addAPIError(&resp.Diagnostics, "read the permissions of "+m.Checkpoint.ValueString(), err)
			return
		}
		if p == nil {
			resp.State.RemoveResource(ctx)
			return
		}
		m.ProjectID = types.StringValue(p.ProjectID)
		m.CreatedAt = unixOrNull(p.CreatedAt)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

// Update is never called: every argument forces a replacement.
func (r *checkpointPermissionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("Unexpected update", "openai_fine_tuning_checkpoint_permission is replaced, never updated.")
}

func (r *checkpointPermissionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		_, err := c.DeleteCheckpointPermission(ctx, m.Checkpoint.ValueString(), m.ID.ValueString())
		if err != nil && !errors.Is(err, openaift.ErrNotFound) {
			addAPIError(&resp.Diagnostics, "delete permission "+m.ID.ValueString(), err)
		}
	})
}

// ImportState takes CHECKPOINT/PERMISSION_ID (checkpoint names have no "/").
func (r *checkpointPermissionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	i := strings.LastIndex(req.ID, "/")
	if i <= 0 || i == len(req.ID)-1 {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected CHECKPOINT/PERMISSION_ID (e.g. ft:gpt-4o-mini-2024-07-18:org::abc/cp_xyz), got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("checkpoint"), req.ID[:i])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID[i+1:])...)
}
