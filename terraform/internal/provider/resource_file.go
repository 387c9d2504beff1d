package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fileResource is openai_file: a local file uploaded to the API (POST
// /files, or the Uploads API in parallel parts for a large one), known by
// the SHA-256 of its content: an edit replaces it, a touch changes nothing.
type fileResource struct{ pool *clientPool }

var (
	_ resource.ResourceWithConfigure   = (*fileResource)(nil)
	_ resource.ResourceWithImportState = (*fileResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*fileResource)(nil)
)

func newFileResource() resource.Resource { return &fileResource{} }

type fileModel struct {
	ID            types.String `tfsdk:"id"`
	File          types.String `tfsdk:"file"`
	Purpose       types.String `tfsdk:"purpose"`
	ProjectID     types.String `tfsdk:"project_id"`
	ContentSHA256 types.String `tfsdk:"content_sha256"`
	Filename      types.String `tfsdk:"filename"`
	Bytes         types.Int64  `tfsdk:"bytes"`
	CreatedAt     types.Int64  `tfsdk:"created_at"`
	Status        types.String `tfsdk:"status"`
	StatusDetails types.String `tfsdk:"status_details"`
}

func (r *fileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (r *fileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

// replaceUnlessImported replaces the file when its path changes, but not when
// the prior path is null: an imported file gets its path from the
// configuration (an in-place update that sends nothing).
var replaceUnlessImported = stringplanmodifier.RequiresReplaceIf(
	func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !req.StateValue.IsNull()
	},
	"Changing the path replaces the file (not after an import, whose path is unknown).",
	"Changing the path replaces the file (not after an import, whose path is unknown).")

func (r *fileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepInt := []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Uploads a local file to the OpenAI API, typically the training or validation data of a " +
			"fine-tuning job. The file is sent from disk as a stream (memory stays bounded); above 128 MiB it goes " +
			"through the Uploads API in parallel parts. Create waits until the API has processed the file. The " +
			"SHA-256 of the content is computed at plan time: editing the file plans a replacement, touching it " +
			"(its modification time) plans nothing. With `purpose = \"fine-tune\"` the data is checked at plan time " +
			"by libopenai_ft's validator: a bad line is a plan error naming the file, the line and the rule, and " +
			"nothing is uploaded; fewer examples than the API's minimum for training (10) is a warning. " +
			"Destroying the resource deletes the file.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The file's ID (`file-...`)."},
			"file": schema.StringAttribute{Required: true,
				PlanModifiers:       []planmodifier.String{replaceUnlessImported},
				MarkdownDescription: "Path of the local file to upload. Changing it replaces the file; after an import it is taken from the configuration."},
			"purpose": schema.StringAttribute{Optional: true, Computed: true,
				Default:       stringdefault.StaticString("fine-tune"),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "The file's purpose: `fine-tune` (default), `assistants`, `batch`, `vision`, " +
					"`user_data` or `evals`. Changing it replaces the file."},
			"project_id": schema.StringAttribute{Optional: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Accepted for the upstream provider's configurations: kept in the state only, " +
					"never sent (the provider's `project` selects the project)."},
			"content_sha256": schema.StringAttribute{Computed: true,
				MarkdownDescription: "SHA-256 of the file's content (hex), computed at plan time. A change replaces the file."},
			"filename": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The name the file was uploaded under (the path's base name)."},
			"bytes": schema.Int64Attribute{Computed: true, PlanModifiers: keepInt,
				MarkdownDescription: "The file's size in bytes."},
			"created_at": schema.Int64Attribute{Computed: true, PlanModifiers: keepInt,
				MarkdownDescription: "When the file was created (Unix seconds)."},
			"status": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The file's status: `processed` once created (`uploaded` and `error` are the others)."},
			"status_details": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Why the status is `error`, as the API says (null otherwise)."},
		},
	}
}

// setFile copies the API's view of f into m.
func setFile(m *fileModel, f *openaift.File) {
	m.ID = types.StringValue(f.ID)
	m.Purpose = types.StringValue(f.Purpose)
	m.Filename = types.StringValue(f.Filename)
	m.Bytes = types.Int64Value(f.Bytes)
	m.CreatedAt = unixOrNull(f.CreatedAt)
	m.Status = stringOrNull(f.Status)
	m.StatusDetails = stringOrNull(f.StatusDetails)
}

func (r *fileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := m.File.ValueString()
	sum, err := fileSHA256(name)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("file"), "Cannot read the file", err.Error())
		return
	}
	if !m.ContentSHA256.IsUnknown() && m.ContentSHA256.ValueString() != sum {
		resp.Diagnostics.AddAttributeError(path.Root("file"), "The file changed since the plan",
			fmt.Sprintf("%s has SHA-256 %s now, %s when planned: nothing was uploaded. Plan again.",
				name, sum, m.ContentSHA256.ValueString()))
		return
	}
	m.ContentSHA256 = types.StringValue(sum)
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		f, err := c.UploadFile(ctx, name, openaift.UploadParams{Purpose: m.Purpose.ValueString(),
			Progress: uploadProgress(ctx, name)})
		if err != nil {
			addAPIError(&resp.Diagnostics, "upload "+name, err)
			return
		}
		setFile(&m, f)
		// Saved before the wait: a failed wait leaves a tainted resource that
		// the next apply deletes and uploads again.
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		w, err := c.WaitFileProcessed(ctx, f.ID, r.pool.pollInterval)
		if w != nil {
			setFile(&m, w)
			resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		}
		switch {
		case err != nil:
			addAPIError(&resp.Diagnostics, "wait for file "+f.ID+" to be processed", err)
		case w.Status != "processed":
			detail := w.StatusDetails
			if detail == "" {
				detail = "the API gave no details"
			}
			resp.Diagnostics.AddAttributeError(path.Root("file"), "The API could not process the file",
				fmt.Sprintf("%s (%s) has status %q: %s", name, w.ID, w.Status, detail))
		}
	})
}

// uploadProgress logs an upload's progress (TF_LOG=info) every tenth of the
// file; the library may call it from its upload threads.
func uploadProgress(ctx context.Context, name string) func(sent, total int64) error {
	var mu sync.Mutex
	logged := int64(-1)
	return func(sent, total int64) error {
		if total <= 0 {
			return nil
		}
		tenth := sent * 10 / total
		mu.Lock()
		defer mu.Unlock()
		if tenth > logged {
			logged = tenth
			tflog.Info(ctx, "uploading "+name, map[string]any{"sent_bytes": sent, "total_bytes": total})
		}
		return nil
	}
}

func (r *fileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m fileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		f, err := c.RetrieveFile(ctx, m.ID.ValueString())
		if errors.Is(err, openaift.ErrNotFound) {
			resp.State.RemoveResource(ctx)
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "read file "+m.ID.ValueString(), err)
			return
		}
		setFile(&m, f)
		if m.ProjectID.ValueString() == "" {
			m.ProjectID = types.StringNull() // the upstream provider's state holds "" for unset
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

// Update only records the path and digest of an imported file (every other
// change replaces it): nothing is sent.
func (r *fileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.File = plan.File
	state.ContentSHA256 = plan.ContentSHA256
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *fileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m fileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		_, err := c.DeleteFile(ctx, m.ID.ValueString())
		if err != nil && !errors.Is(err, openaift.ErrNotFound) {
			addAPIError(&resp.Diagnostics, "delete file "+m.ID.ValueString(), err)
		}
	})
}

// ImportState takes the file's ID. The local path and its digest are then
// unknown: the next apply records them from the configuration without
// uploading anything (an in-place update).
func (r *fileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
