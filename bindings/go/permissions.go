package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"context"
	"iter"
	"time"
	"unsafe"
)

// CheckpointPermission lets a project use a checkpoint (or a fine-tuned model).
type CheckpointPermission struct {
	ID        string // "cp_..."
	CreatedAt time.Time
	ProjectID string
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

func permissionFrom(cp *C.oft_checkpoint_permission) *CheckpointPermission {
	return &CheckpointPermission{ID: goString(cp.id), CreatedAt: unixOrZero(cp.created_at),
		ProjectID: goString(cp.project_id)}
}

func permissionPageFrom(p *C.oft_checkpoint_permission_page) *PermissionPage {
	out := &PermissionPage{HasMore: p.has_more != 0, LastID: goString(p.last_id)}
	for i := C.size_t(0); i < p.count; i++ {
		out.Permissions = append(out.Permissions, permissionFrom(C.goft_permission_at(p.items, i)))
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

// CheckpointPermissions iterates over the permissions of a checkpoint that p
// selects (p.After and p.Limit as for ListCheckpointPermissions), with the
// admin key; an error ends the sequence.
func (c *Client) CheckpointPermissions(ctx context.Context, checkpoint string,
	p ListPermissionsParams) iter.Seq2[*CheckpointPermission, error] {
	return func(yield func(*CheckpointPermission, error) bool) {
		o := (*C.oft_checkpoint_permission_list_options)(C.calloc(1,
			C.sizeof_oft_checkpoint_permission_list_options))
		defer C.free(unsafe.Pointer(o))
		if rc := C.oft_checkpoint_permission_list_options_init(o,
			C.OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION); rc != C.OFT_OK {
			yield(nil, errorFrom(rc, nil))
			return
		}
		var strs cstrings
		defer strs.free()
		ck := strs.must("checkpoint", checkpoint)
		o.project_id = strs.add("project_id", p.ProjectID)
		o.after = strs.add("after", p.After)
		o.limit = C.int(p.Limit)
		if strs.err != nil {
			yield(nil, strs.err)
			return
		}
		var it *C.oft_checkpoint_permission_iter
		iterateOn(c, ctx, yield, func(cl *C.oft_client) C.int {
			return C.oft_checkpoint_permission_iter_new(&it, cl, ck, o)
		}, func() { C.oft_checkpoint_permission_iter_free(it) }, func() (*CheckpointPermission, C.int) {
			var cp *C.oft_checkpoint_permission
			if rc := C.oft_checkpoint_permission_iter_next(&cp, it); rc != C.OFT_OK {
				return nil, rc
			}
			return permissionFrom(cp), C.OFT_OK
		})
	}
}
