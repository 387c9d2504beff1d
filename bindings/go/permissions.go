package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"context"
	"time"
	"unsafe"
)

// CheckpointPermission lets a project use a checkpoint (or a fine-tuned model).
type CheckpointPermission struct {
	ID        string // "cp_..."
	CreatedAt time.Time
	ProjectID string
}

// Deleted is the server's answer to a delete.
type Deleted struct {
	ID      string
	Deleted bool
}

// ListPermissionsParams select a page of a checkpoint's permissions.
type ListPermissionsParams struct {
	ProjectID string // only this project's permission
	After     string // a permission ID (a page's LastID)
	Limit     int    // 0: the server's default (10)
}

// PermissionPage is one page of permissions.
type PermissionPage struct {
	Permissions []*CheckpointPermission
	HasMore     bool
	LastID      string
}

func permissionPageFrom(p *C.oft_checkpoint_permission_page) *PermissionPage {
	out := &PermissionPage{HasMore: p.has_more != 0, LastID: goString(p.last_id)}
	for i := C.size_t(0); i < p.count; i++ {
		cp := C.goft_permission_at(p.items, i)
		out.Permissions = append(out.Permissions, &CheckpointPermission{ID: goString(cp.id),
			CreatedAt: unixOrZero(cp.created_at), ProjectID: goString(cp.project_id)})
	}
	return out
}

// CreateCheckpointPermissions shares a checkpoint with projects (with the
// admin key) and returns the permissions made, one per project.
func (c *Client) CreateCheckpointPermissions(ctx context.Context, checkpoint string,
	projectIDs []string) ([]*CheckpointPermission, error) {
	var strs cstrings
	defer strs.free()
	ck := strs.must("checkpoint", checkpoint)
	ids := (**C.char)(C.calloc(C.size_t(len(projectIDs)+1), C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	defer C.free(unsafe.Pointer(ids))
	arr := unsafe.Slice(ids, len(projectIDs)+1)
	for i, id := range projectIDs {
		arr[i] = strs.must("project_ids", id)
	}
	if strs.err != nil {
		return nil, strs.err
	}
	var page *C.oft_checkpoint_permission_page
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_permission_create(&page, cl, ck, ids, C.size_t(len(projectIDs)), e)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_checkpoint_permission_page_free(page)
	return permissionPageFrom(page).Permissions, nil
}

// ListCheckpointPermissions fetches one page of a checkpoint's permissions.
func (c *Client) ListCheckpointPermissions(ctx context.Context, checkpoint string,
	p ListPermissionsParams) (*PermissionPage, error) {
	var o C.oft_checkpoint_permission_list_options
	if rc := C.oft_checkpoint_permission_list_options_init(&o,
		C.OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION); rc != C.OFT_OK {
		return nil, errorFrom(rc, nil)
	}
	var strs cstrings
	defer strs.free()
	ck := strs.must("checkpoint", checkpoint)
	o.project_id = strs.add("project_id", p.ProjectID)
	o.after = strs.add("after", p.After)
	if strs.err != nil {
		return nil, strs.err
	}
	o.limit = C.int(p.Limit)
	var page *C.oft_checkpoint_permission_page
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_permission_list(&page, cl, ck, &o, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_checkpoint_permission_page_free(page)
	return permissionPageFrom(page), nil
}

// DeleteCheckpointPermission removes one permission of a checkpoint.
func (c *Client) DeleteCheckpointPermission(ctx context.Context, checkpoint,
	permissionID string) (*Deleted, error) {
	var strs cstrings
	defer strs.free()
	ck, id := strs.must("checkpoint", checkpoint), strs.must("permission_id", permissionID)
	if strs.err != nil {
		return nil, strs.err
	}
	var d *C.oft_deleted
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_permission_delete(&d, cl, ck, id, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_deleted_free(d)
	return &Deleted{ID: goString(d.id), Deleted: d.deleted != 0}, nil
}
