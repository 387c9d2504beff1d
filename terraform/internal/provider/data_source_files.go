package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// filesDataSource is openai_files: the organization's files, newest first,
// optionally of one purpose, read page by page.
type filesDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*filesDataSource)(nil)

func newFilesDataSource() datasource.DataSource { return &filesDataSource{} }

// fileItem is one element of openai_files' list.
type fileItem struct {
	ID            types.String `tfsdk:"id"`
	Object        types.String `tfsdk:"object"`
	Filename      types.String `tfsdk:"filename"`
	Bytes         types.Int64  `tfsdk:"bytes"`
	CreatedAt     types.Int64  `tfsdk:"created_at"`
	ExpiresAt     types.Int64  `tfsdk:"expires_at"`
	Purpose       types.String `tfsdk:"purpose"`
	Status        types.String `tfsdk:"status"`
	StatusDetails types.String `tfsdk:"status_details"`
}

type filesData struct {
	Purpose   types.String `tfsdk:"purpose"`
	Limit     types.Int64  `tfsdk:"limit"`
	ProjectID types.String `tfsdk:"project_id"`
	ID        types.String `tfsdk:"id"`
	Files     []fileItem   `tfsdk:"files"`
}

// filesPageSize is the page size asked of the API: memory holds one page
// (a variable for the tests).
var filesPageSize = 1000

func (d *filesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_files"
}

func (d *filesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *filesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organization's files, newest first, optionally only those of one purpose. " +
			"The list is read one page at a time (GET /files with its cursor) up to `limit` files or its end.",
		Attributes: map[string]schema.Attribute{
			"purpose": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only the files of this purpose (`fine-tune`, `fine-tune-results`, `assistants`, ...). Default: every file."},
			"limit": schema.Int64Attribute{Optional: true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				MarkdownDescription: "The most files to return (the newest). Default: all of them."},
			"project_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Accepted for the upstream provider's configurations; not sent (the provider's `project` selects the project)."},
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`files`, or `files/PURPOSE` with a purpose."},
			"files": schema.ListNestedAttribute{Computed: true,
				NestedObject:        schema.NestedAttributeObject{Attributes: fileDataAttributes()},
				MarkdownDescription: "The files, newest first."},
		},
	}
}

func (d *filesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m filesData
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	params := openaift.ListFilesParams{Purpose: m.Purpose.ValueString(), Limit: filesPageSize}
	limit := m.Limit.ValueInt64()
	if limit > 0 && limit < int64(filesPageSize) {
		params.Limit = int(limit)
	}
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		m.Files = []fileItem{}
		for f, err := range c.Files(ctx, params) {
			if err != nil {
				addAPIError(&resp.Diagnostics, "list files", err)
				return
			}
			var one fileData
			one.set(f)
			m.Files = append(m.Files, fileItem{ID: one.ID, Object: one.Object, Filename: one.Filename,
				Bytes: one.Bytes, CreatedAt: one.CreatedAt, ExpiresAt: one.ExpiresAt, Purpose: one.Purpose,
				Status: one.Status, StatusDetails: one.StatusDetails})
			if limit > 0 && int64(len(m.Files)) >= limit {
				break
			}
		}
		m.ID = types.StringValue("files")
		if p := m.Purpose.ValueString(); p != "" {
			m.ID = types.StringValue("files/" + p)
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}
