package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// checkpointPermissionResource is openai_fine_tuning_checkpoint_permission:
// one or several projects' access to a checkpoint or fine-tuned model (admin
// key), a permission per project (resource_checkpoint_permission_projects.go).
type checkpointPermissionResource struct{ pool *clientPool }

var (
	_ resource.ResourceWithConfigure      = (*checkpointPermissionResource)(nil)
	_ resource.ResourceWithImportState    = (*checkpointPermissionResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*checkpointPermissionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*checkpointPermissionResource)(nil)
)

func newCheckpointPermissionResource() resource.Resource { return &checkpointPermissionResource{} }

func (r *checkpointPermissionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fine_tuning_checkpoint_permission"
}

func (r *checkpointPermissionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *checkpointPermissionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// The upstream provider's checkpoint_id stands beside ours; each value
	// is written under both names (ModifyPlan). A new checkpoint replaces;
	// new projects are given access, and projects left out lose it, in place.
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lets other projects of the organization use a fine-tuned model or one of its checkpoints: " +
			"one permission per project. It needs the provider's admin key (`admin_key` or `OPENAI_ADMIN_KEY`, an admin " +
			"key with the fine-tuning checkpoints permission). Changing the checkpoint replaces the permissions; adding " +
			"a project to `project_ids` gives it access and removing one takes its access away, in place, leaving the " +
			"other projects' permissions as they are; destroying removes every project's access (not the model).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The permission's ID (`cp_...`); with several projects, their permissions' IDs " +
					"in the order of `project_ids`, joined by `,`."},
			"checkpoint": schema.StringAttribute{Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("checkpoint_id"))},
				MarkdownDescription: "The fine-tuned model (`ft:...`) or checkpoint (`ft:...:ckpt-step-N`) to share. " +
					"Required unless the deprecated `checkpoint_id` is given."},
			"checkpoint_id": schema.StringAttribute{Optional: true, Computed: true,
				DeprecationMessage: upstreamName("checkpoint_id", "checkpoint"),
				MarkdownDescription: "Deprecated: the upstream provider's name for `checkpoint` (write `checkpoint`). " +
					"Exported with the same value as `checkpoint`."},
			"project_id": schema.StringAttribute{Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.AtLeastOneOf(path.MatchRoot("project_ids"))},
				MarkdownDescription: "The project (`proj_...`) that gets access, when it is one. " +
					"Required unless `project_ids` is given; null when `project_ids` has several."},
			"project_ids": schema.ListAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The projects (`proj_...`) that get access, one permission each (the upstream " +
					"provider's argument). For one project, write `project_id` (a one-project `project_ids` warns). " +
					"Exported as `[project_id]` when `project_id` is given; both may be set when they agree."},
			"permission_ids": schema.MapAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Each project's permission ID (`cp_...`), by project."},
			"created_at": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "When the permission was made (Unix seconds); with several projects, the earliest."},
		},
	}
}

// ValidateConfig checks the projects: at least one, none empty or twice,
// project_id the only one of project_ids when both are set; a project_ids of
// one project alone is the upstream provider's name of project_id (a warning).
func (r *checkpointPermissionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ProjectIDs.IsNull() || m.ProjectIDs.IsUnknown() {
		return
	}
	seen := map[string]bool{}
	for i, v := range m.ProjectIDs.Elements() {
		s, _ := v.(types.String)
		switch {
		case s.IsUnknown():
			return
		case s.IsNull() || strings.TrimSpace(s.ValueString()) == "":
			resp.Diagnostics.AddAttributeError(path.Root("project_ids").AtListIndex(i), "Empty project ID",
				"Every element of project_ids must be a project ID (proj_...).")
		case seen[s.ValueString()]:
			resp.Diagnostics.AddAttributeError(path.Root("project_ids").AtListIndex(i), "Project listed twice",
				fmt.Sprintf("%s is in project_ids more than once; a project has one permission.", s.ValueString()))
		}
		seen[s.ValueString()] = true
	}
	n := len(m.ProjectIDs.Elements())
	switch {
	case n == 0:
		resp.Diagnostics.AddAttributeError(path.Root("project_ids"), "No project",
			"project_ids is empty; list the projects (proj_...) that get access.")
	case m.ProjectID.IsUnknown():
	case !m.ProjectID.IsNull() && (n != 1 || !seen[m.ProjectID.ValueString()]):
		resp.Diagnostics.AddAttributeError(path.Root("project_id"), "project_id and project_ids disagree",
			fmt.Sprintf("project_id is %q and project_ids has %d projects; set one of them (project_ids for several "+
				"projects), or both naming the same single project.", m.ProjectID.ValueString(), n))
	case m.ProjectID.IsNull() && n == 1:
		resp.Diagnostics.AddAttributeWarning(path.Root("project_ids"), "Attribute Deprecated",
			upstreamName("project_ids", "project_id")+" (project_ids stays, for several projects).")
	}
}

// ModifyPlan plans both names of each value from the one configured; a new
// checkpoint replaces the permissions; new projects change them in place.
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
		plan.ID, plan.PermissionIDs, plan.CreatedAt = state.ID, state.PermissionIDs, state.CreatedAt
		if !plan.Checkpoint.Equal(state.Checkpoint) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("checkpoint"), path.Root("checkpoint_id"))
		}
		was, _ := state.projects()
		now, known := plan.projects()
		switch {
		case !known || len(diffProjects(was, now)) > 0 || len(diffProjects(now, was)) > 0:
			plan.ID, plan.PermissionIDs, plan.CreatedAt = types.StringUnknown(), types.MapUnknown(types.StringType), types.Int64Unknown()
		case !state.PermissionIDs.IsNull():
			// The same projects in another order: id follows project_ids.
			if id, ok := state.joinedIDs(now); ok {
				plan.ID = types.StringValue(id)
			}
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
	projects, _ := m.projects()
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		made, err := r.share(ctx, c, m.Checkpoint.ValueString(), projects)
		if err != nil {
			addAPIError(&resp.Diagnostics, "share "+m.Checkpoint.ValueString(), err)
			if len(made) == 0 {
				return
			}
		}
		m.setPermissions(made)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

// share gives the projects access (one create call): their permissions, in
// the order of projects; an error names a project the API made none for.
func (r *checkpointPermissionResource) share(ctx context.Context, c *openaift.Client, checkpoint string, projects []string) ([]*openaift.CheckpointPermission, error) {
	perms, err := c.CreateCheckpointPermissions(ctx, checkpoint, projects)
	if err != nil {
		return nil, err
	}
	byProject := map[string]*openaift.CheckpointPermission{}
	for _, p := range perms {
		byProject[p.ProjectID] = p
	}
	var made []*openaift.CheckpointPermission
	var missing []string
	for _, p := range projects {
		if byProject[p] == nil {
			missing = append(missing, p)
			continue
		}
		made = append(made, byProject[p])
	}
	if len(missing) > 0 {
		return made, fmt.Errorf("the API returned no permission for %s", strings.Join(missing, ", "))
	}
	return made, nil
}

func (r *checkpointPermissionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.normalize() // state the upstream provider wrote has only its names
	projects, ids := m.permissionIDs()
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		found, err := findPermissions(ctx, c, m.Checkpoint.ValueString(), projects, ids)
		if err != nil {
			addAPIError(&resp.Diagnostics, "read the permissions of "+m.Checkpoint.ValueString(), err)
			return
		}
		if len(found) == 0 {
			resp.State.RemoveResource(ctx)
			return
		}
		m.setPermissions(found) // a project whose permission is gone is left out: the plan gives it back
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

// Update gives the projects added access and takes it from those removed;
// the others' permissions stay. With the same projects (a name newly
// written, state the upstream provider wrote, another order) it calls nothing.
// A project added that has a permission on the checkpoint already, which no
// other project of the resource holds, keeps it rather than getting a second:
// the upstream provider made one per project but kept only the first in its
// state, and the others' are taken over at the first apply after a move.
func (r *checkpointPermissionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state checkpointPermission
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.normalize()
	was, wasIDs := state.permissionIDs()
	now, _ := plan.projects()
	added, removed := diffProjects(was, now), diffProjects(now, was)
	if len(added) == 0 && len(removed) == 0 && !plan.ID.IsUnknown() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	ck := plan.Checkpoint.ValueString()
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		all, err := openaift.Collect(c.CheckpointPermissions(ctx, ck, openaift.ListPermissionsParams{Limit: 100}))
		if err != nil {
			addAPIError(&resp.Diagnostics, "read the permissions of "+ck, err)
			return
		}
		kept := map[string]*openaift.CheckpointPermission{}
		for _, p := range all {
			if i := slices.Index(wasIDs, p.ID); i >= 0 && !slices.Contains(removed, p.ProjectID) {
				kept[p.ProjectID] = p
			}
		}
		for i, p := range was {
			if !slices.Contains(removed, p) {
				continue
			}
			if _, err := c.DeleteCheckpointPermission(ctx, ck, wasIDs[i]); err != nil && !errors.Is(err, openaift.ErrNotFound) {
				addAPIError(&resp.Diagnostics, "delete permission "+wasIDs[i]+" of project "+p, err)
				return
			}
		}
		var missing []string
		for _, p := range now {
			if kept[p] != nil {
				continue
			}
			if i := slices.IndexFunc(all, func(q *openaift.CheckpointPermission) bool {
				return q.ProjectID == p && !slices.Contains(wasIDs, q.ID)
			}); i >= 0 && slices.Contains(added, p) {
				kept[p] = all[i] // made before, outside this state (upstream's)
				continue
			}
			missing = append(missing, p) // added, or its permission gone meanwhile
		}
		if len(missing) > 0 {
			made, err := r.share(ctx, c, ck, missing)
			for _, p := range made {
				kept[p.ProjectID] = p
			}
			if err != nil {
				addAPIError(&resp.Diagnostics, "share "+ck, err)
			}
		}
		var perms []*openaift.CheckpointPermission
		for _, p := range now {
			if kept[p] != nil {
				perms = append(perms, kept[p])
			}
		}
		plan.setPermissions(perms)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	})
}

func (r *checkpointPermissionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m checkpointPermission
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.normalize()
	_, ids := m.permissionIDs()
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		for _, id := range ids {
			_, err := c.DeleteCheckpointPermission(ctx, m.Checkpoint.ValueString(), id)
			if err != nil && !errors.Is(err, openaift.ErrNotFound) {
				addAPIError(&resp.Diagnostics, "delete permission "+id, err)
			}
		}
	})
}

// ImportState takes CHECKPOINT/PERMISSION_ID, or CHECKPOINT/ID,ID,... for
// several projects (the id of the resource; checkpoint names have no "/").
func (r *checkpointPermissionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	i := strings.LastIndex(req.ID, "/")
	if i <= 0 || i == len(req.ID)-1 {
		detail := fmt.Sprintf("Expected CHECKPOINT/PERMISSION_ID (e.g. ft:gpt-4o-mini-2024-07-18:org::abc/cp_xyz), "+
			"or CHECKPOINT/PERMISSION_ID,PERMISSION_ID,... for several projects, got %q.", req.ID)
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
