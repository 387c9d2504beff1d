package openaift_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

func TestCheckpointPermissions(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "0.5", "--admin-key", "sk-admin")
	c := client(t, emu, openaift.Options{AdminKey: "sk-admin"})
	ctx := context.Background()
	j, err := c.CreateJob(ctx, openaift.CreateJobParams{Model: "gpt-4o-mini", TrainingFile: upload(t, c, "train.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Wait(ctx, j.ID, openaift.WaitOptions{PollInterval: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	cks, err := openaift.Collect(c.Checkpoints(ctx, j.ID))
	if err != nil || len(cks) == 0 {
		t.Fatalf("checkpoints: %v %v", cks, err)
	}
	model := cks[0].FineTunedModelCheckpoint
	perms, err := c.CreateCheckpointPermissions(ctx, model, []string{"proj_a", "proj_b"})
	if err != nil || len(perms) != 2 || !strings.HasPrefix(perms[0].ID, "cp_") || perms[1].ProjectID != "proj_b" {
		t.Fatalf("create: %+v %v", perms, err)
	}
	page, err := c.ListCheckpointPermissions(ctx, model, openaift.ListPermissionsParams{ProjectID: "proj_b"})
	if err != nil || len(page.Permissions) != 1 || page.Permissions[0].ID != perms[1].ID {
		t.Fatalf("list: %+v %v", page, err)
	}
	all, err := openaift.Collect(c.CheckpointPermissions(ctx, model, openaift.ListPermissionsParams{Limit: 1}))
	if err != nil || len(all) != 2 {
		t.Fatalf("iterate one per page: %+v %v", all, err)
	}
	d, err := c.DeleteCheckpointPermission(ctx, model, perms[0].ID)
	if err != nil || !d.Deleted || d.ID != perms[0].ID {
		t.Fatalf("delete: %+v %v", d, err)
	}
	if _, err := c.DeleteCheckpointPermission(ctx, model, perms[0].ID); !errors.Is(err, openaift.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}

	wrong := client(t, emu, openaift.Options{AdminKey: "sk-not-admin"})
	if _, err := wrong.ListCheckpointPermissions(ctx, model, openaift.ListPermissionsParams{}); !errors.Is(err, openaift.ErrAuth) {
		t.Fatalf("wrong admin key: %v", err)
	}
}

func TestUploadReportsProgressAndNamesAMissingFile(t *testing.T) {
	emu := emutest.Start(t)
	c := client(t, emu, openaift.Options{})
	ctx := context.Background()
	var last, total int64
	f, err := c.UploadFile(ctx, emutest.DataFile(t, "train.jsonl"), openaift.UploadParams{
		Progress: func(sent, tot int64) error { last, total = sent, tot; return nil }})
	if err != nil || !strings.HasPrefix(f.ID, "file-") || f.Filename != "train.jsonl" || f.Purpose != "fine-tune" {
		t.Fatalf("upload: %+v %v", f, err)
	}
	if total == 0 || last != total || f.Bytes != total {
		t.Fatalf("progress ended at %d of %d for %d bytes", last, total, f.Bytes)
	}
	_, err = c.UploadFile(ctx, "/nonexistent/train.jsonl", openaift.UploadParams{})
	if e := asError(t, err); !errors.Is(e, openaift.ErrIO) || !strings.Contains(e.Message, "/nonexistent/train.jsonl") {
		t.Fatalf("missing file: %v", e)
	}
}
