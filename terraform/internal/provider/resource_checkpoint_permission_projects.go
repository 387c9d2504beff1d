package provider

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// A checkpoint permission resource holds one permission per project: the
// API makes one for each project of a create call. Its values:
//
//	project_ids     the projects, in the configuration's order
//	project_id      the project when there is one, else null
//	permission_ids  project -> its permission's ID (cp_...)
//	id              the permissions' IDs in project_ids' order, joined by ","
//	                (one project: its permission's ID, as before)
//	created_at      when the earliest of them was made

// checkpointPermission is the resource's model.
type checkpointPermission struct {
	ID            types.String `tfsdk:"id"`
	Checkpoint    types.String `tfsdk:"checkpoint"`
	CheckpointID  types.String `tfsdk:"checkpoint_id"` // the upstream provider's name of checkpoint
	ProjectID     types.String `tfsdk:"project_id"`
	ProjectIDs    types.List   `tfsdk:"project_ids"`
	PermissionIDs types.Map    `tfsdk:"permission_ids"`
	CreatedAt     types.Int64  `tfsdk:"created_at"`
}

// oneOf is the value of a pair of names: ours, else the upstream one.
func oneOf(ours, upstream types.String) types.String {
	if ours.IsNull() {
		return upstream
	}
	return ours
}

// projects is the resource's project list: project_ids, else [project_id];
// ok is false while either is unknown.
func (m *checkpointPermission) projects() (ps []string, ok bool) {
	if m.ProjectID.IsUnknown() || m.ProjectIDs.IsUnknown() {
		return nil, false
	}
	if !m.ProjectID.IsNull() {
		return []string{m.ProjectID.ValueString()}, true
	}
	for _, v := range m.ProjectIDs.Elements() {
		s, known := v.(types.String)
		if !known || s.IsUnknown() {
			return nil, false
		}
		ps = append(ps, s.ValueString())
	}
	return ps, true
}

// setProjects writes the project list under both names.
func (m *checkpointPermission) setProjects(ps []string, ok bool) {
	if !ok {
		m.ProjectID, m.ProjectIDs = types.StringUnknown(), types.ListUnknown(types.StringType)
		return
	}
	m.ProjectIDs = stringList(ps)
	m.ProjectID = types.StringNull()
	if len(ps) == 1 {
		m.ProjectID = types.StringValue(ps[0])
	}
}

// normalize writes each value under both of its names.
func (m *checkpointPermission) normalize() {
	m.Checkpoint = oneOf(m.Checkpoint, m.CheckpointID)
	m.CheckpointID = m.Checkpoint
	m.setProjects(m.projects())
}

// permissionIDs is project -> permission ID from the state: permission_ids,
// or (state written before it, by upstream or an import) the IDs of id
// matched to project_ids by position, "" where a project is not known.
func (m *checkpointPermission) permissionIDs() (projects, ids []string) {
	ps, _ := m.projects()
	if !m.PermissionIDs.IsNull() && !m.PermissionIDs.IsUnknown() {
		for _, p := range ps {
			if v, ok := m.PermissionIDs.Elements()[p].(types.String); ok {
				projects, ids = append(projects, p), append(ids, v.ValueString())
			}
		}
		return projects, ids
	}
	ids = strings.Split(m.ID.ValueString(), ",")
	projects = make([]string, len(ids))
	if len(ps) == len(ids) {
		copy(projects, ps)
	}
	return projects, ids
}

// setPermissions writes the permissions found (in the order of projects)
// into id, permission_ids, the project lists and created_at.
func (m *checkpointPermission) setPermissions(perms []*openaift.CheckpointPermission) {
	ps, ids := make([]string, len(perms)), make([]string, len(perms))
	byProject := make(map[string]attr.Value, len(perms))
	m.CreatedAt = types.Int64Null()
	for i, p := range perms {
		ps[i], ids[i] = p.ProjectID, p.ID
		byProject[p.ProjectID] = types.StringValue(p.ID)
		if c := unixOrNull(p.CreatedAt); !c.IsNull() && (m.CreatedAt.IsNull() || c.ValueInt64() < m.CreatedAt.ValueInt64()) {
			m.CreatedAt = c
		}
	}
	m.setProjects(ps, true)
	m.PermissionIDs = types.MapValueMust(types.StringType, byProject)
	m.ID = types.StringValue(strings.Join(ids, ","))
}

// joinedIDs is id for the projects ps, from permission_ids (ok: every project has one).
func (m *checkpointPermission) joinedIDs(ps []string) (string, bool) {
	ids := make([]string, len(ps))
	for i, p := range ps {
		v, ok := m.PermissionIDs.Elements()[p].(types.String)
		if !ok {
			return "", false
		}
		ids[i] = v.ValueString()
	}
	return strings.Join(ids, ","), true
}

// findPermissions looks up the permissions of ids among the checkpoint's
// (those of its project when there is one known, every page otherwise):
// those found, in the order of ids. A checkpoint gone has none.
func findPermissions(ctx context.Context, c *openaift.Client, checkpoint string, projects, ids []string) ([]*openaift.CheckpointPermission, error) {
	params := openaift.ListPermissionsParams{Limit: 100}
	if len(projects) == 1 {
		params.ProjectID = projects[0]
	}
	byID := map[string]*openaift.CheckpointPermission{}
	for p, err := range c.CheckpointPermissions(ctx, checkpoint, params) {
		if errors.Is(err, openaift.ErrNotFound) {
			return nil, nil // the checkpoint is gone, and its permissions with it
		}
		if err != nil {
			return nil, err
		}
		if slices.Contains(ids, p.ID) {
			byID[p.ID] = p
		}
	}
	var found []*openaift.CheckpointPermission
	for _, id := range ids {
		if p := byID[id]; p != nil {
			found = append(found, p)
		}
	}
	return found, nil
}

// diffProjects is what is in b and not in a.
func diffProjects(a, b []string) []string {
	var out []string
	for _, p := range b {
		if !slices.Contains(a, p) {
			out = append(out, p)
		}
	}
	return out
}
