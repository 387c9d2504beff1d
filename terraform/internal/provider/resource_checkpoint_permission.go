package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// checkpointPermissionResource is openai_fine_tuning_checkpoint_permission:
// one project's access to a checkpoint or fine-tuned model (admin key).
type checkpointPermissionResource struct{ pool *clientPool }

var (
	_ resource.ResourceWithConfigure      = (*checkpointPermissionResource)(nil)
	_ resource.ResourceWithImportState    = (*checkpointPermissionResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*checkpointPermissionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*checkpointPermissionResource)(nil)
)

func newCheckpointPermissionResource() resource.Resource { return &checkpointPermissionResource{} }

type checkpointPermission struct {
	ID           types.String `tfsdk:"id"`
	Checkpoint   types.String `tfsdk:"checkpoint"`
	CheckpointID types.String `tfsdk:"checkpoint_id"` // the upstream provider's name of checkpoint
	ProjectID    types.String `tfsdk:"project_id"`
	ProjectIDs   types.List   `tfsdk:"project_ids"` // the upstream provider's: [project_id]
	CreatedAt    types.Int64  `tfsdk:"created_at"`
}

func (r *checkpointPermissionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fine_tuning_checkpoint_permission"
}

func (r *checkpointPermissionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *checkpointPermissionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// The upstream provider's names stand beside ours; each pair holds one
	// value, in both names (ModifyPlan), which changes replace.
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lets another project of the organization use a fine-tuned model or one of its checkpoints. " +
			"It needs the provider's admin key (`admin_key` or `OPENAI_ADMIN_KEY`, an admin key with the fine-tuning " +
			"checkpoints permission). Changing either argument replaces the permission; destroying it removes the " +
			"project's access (not the model).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The permission's ID (`cp_...`)."},
			"checkpoint": schema.StringAttribute{Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("checkpoint_id"))},
				MarkdownDescription: "The fine-tuned model (`ft:...`) or checkpoint (`ft:...:ckpt-step-N`) to share. " +
					"Required unless the deprecated `checkpoint_id` is given."},
			"checkpoint_id": schema.StringAttribute{Optional: true, Computed: true,
				DeprecationMessage: upstreamName("checkpoint_id", "checkpoint"),
				MarkdownDescription: "Deprecated: the upstream provider's name for `checkpoint` (write `checkpoint`). " +
					"Exported with the same value as `checkpoint`."},
			"project_id": schema.StringAttribute{Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("project_ids"))},
				MarkdownDescription: "The project (`proj_...`) that gets access. " +
					"Required unless the deprecated `project_ids` is given."},
			"project_ids": schema.ListAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				DeprecationMessage: upstreamName("project_ids", "project_id") +
					" One resource gives one project access: for several, one resource each (for_each).",
				MarkdownDescription: "Deprecated: the upstream provider's argument, a list of exactly one project " +
					"(write `project_id`; one resource per project). Exported as `[project_id]`."},
			"created_at": schema.Int64Attribute{Computed: true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				MarkdownDescription: "When the permission was made (Unix seconds)."},
		},
	}
}

// ValidateConfig takes one project in project_ids: the upstream provider
// shared with each project listed but kept only the first in its state.
func (r *checkpointPermissionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var ids types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("project_ids"), &ids)...)
	if ids.IsNull() || ids.IsUnknown() || len(ids.Elements()) == 1 {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("project_ids"), "One project per permission",
		fmt.Sprintf("project_ids has %d projects; openai_fine_tuning_checkpoint_permission gives one project access. "+
			"Write project_id = \"proj_...\" instead, in one resource per project (for_each = toset([...])).",
			len(ids.Elements())))
}

// oneOf is the value of a pair of names: ours, else the upstream one.
func oneOf(ours, upstream types.String) types.String {
	if ours.IsNull() {
		return upstream
	}
	return ours
}

// firstProject is the project of project_ids (one, by ValidateConfig).
func firstProject(ids types.List) types.String {
	if ids.IsUnknown() {
		return types.StringUnknown()
	}
	if ids.IsNull() || len(ids.Elements()) == 0 {
		return types.StringNull()
	}
	v, _ := ids.Elements()[0].(types.String)
	return v
}

// projectList is project_ids for a project.
func projectList(p types.String) types.List {
	if p.IsUnknown() {
		return types.ListUnknown(types.StringType)
	}
	if p.IsNull() {
		return types.ListNull(types.StringType)
	}
	return types.ListValueMust(types.StringType, []attr.Value{p})
}

// normalize writes each value under both of its names.
func (m *checkpointPermission) normalize() {
	m.Checkpoint = oneOf(m.Checkpoint, m.CheckpointID)
	m.CheckpointID = m.Checkpoint
	if m.ProjectID.IsNull() {
		m.ProjectID = firstProject(m.ProjectIDs)
	}
	m.ProjectIDs = projectList(m.ProjectID)
}

// ModifyPlan plans both names of each value from the one configured; a new
// value (under either name) replaces the permission.
func (r *checkpointPermissionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var cfg, plan checkpointPermission
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.normalize()
	plan.Checkpoint, plan.CheckpointID, plan.ProjectID, plan.ProjectIDs = cfg.Checkpoint, cfg.CheckpointID, cfg.ProjectID, cfg.ProjectIDs
	if !req.State.Raw.IsNull() {
		var state checkpointPermission
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		state.normalize()
		if !plan.Checkpoint.Equal(state.Checkpoint) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("checkpoint"), path.Root("checkpoint_id"))
		}
		if !plan.ProjectID.Equal(state.ProjectID) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("project_id"), path.Root("project_ids"))
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
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
	m.normalize() // state the upstream provider wrote has only its names
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
		m.ProjectIDs = projectList(m.ProjectID)
		m.CreatedAt = unixOrNull(p.CreatedAt)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

// Update calls nothing: a new checkpoint or project replaces the permission;
// what is left is a name of the same value newly written (state the upstream
// provider wrote, planned without a refresh).
func (r *checkpointPermissionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *checkpointPermissionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.normalize()
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
		detail := fmt.Sprintf("Expected CHECKPOINT/PERMISSION_ID (e.g. ft:gpt-4o-mini-2024-07-18:org::abc/cp_xyz), got %q.", req.ID)
		if strings.HasPrefix(req.ID, "cp_") && i < 0 {
			// The upstream provider took the permission's ID alone, and
			// then could not read it: the checkpoint is needed to find it.
			detail += " The upstream provider (mkdev-me/openai) took the permission's ID alone; " +
				"here it comes after its checkpoint (checkpoint_id in that provider's configuration) and a \"/\"."
		}
		resp.Diagnostics.AddError("Invalid import ID", detail)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("checkpoint"), req.ID[:i])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID[i+1:])...)
}
