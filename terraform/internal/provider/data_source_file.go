package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fileDataSource is openai_file: a file's metadata by its ID.
type fileDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*fileDataSource)(nil)

func newFileDataSource() datasource.DataSource { return &fileDataSource{} }

type fileData struct {
	FileID        types.String `tfsdk:"file_id"`
	ProjectID     types.String `tfsdk:"project_id"`
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

func (d *fileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (d *fileDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

// fileDataAttributes are the computed attributes of a file, shared with
// openai_files' list elements.
func fileDataAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"id":             str("The file's ID (`file-...`)."),
		"object":         str("Always `file`."),
		"filename":       str("The name the file was uploaded under."),
		"bytes":          num("The file's size in bytes."),
		"created_at":     num("When the file was created (Unix seconds)."),
		"expires_at":     num("When the file expires (Unix seconds); null when it does not."),
		"purpose":        str("The file's purpose (`fine-tune`, `fine-tune-results`, `assistants`, `batch`, ...)."),
		"status":         str("`uploaded`, `processed` or `error`."),
		"status_details": str("Why the status is `error`, as the API says; null otherwise."),
	}
}

func (d *fileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := fileDataAttributes()
	attrs["file_id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The file's ID (`file-...`)."}
	attrs["project_id"] = schema.StringAttribute{Optional: true,
		MarkdownDescription: "Accepted for the upstream provider's configurations; not sent (the provider's `project` selects the project)."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a file's metadata by its ID (GET /files/{file_id}), such as the training file of a job " +
			"or one of its result files.",
		Attributes: attrs,
	}
}

func (m *fileData) set(f *openaift.File) {
	m.ID = types.StringValue(f.ID)
	m.Object = types.StringValue("file")
	m.Filename = types.StringValue(f.Filename)
	m.Bytes = types.Int64Value(f.Bytes)
	m.CreatedAt = unixOrNull(f.CreatedAt)
	m.ExpiresAt = unixOrNull(f.ExpiresAt)
	m.Purpose = types.StringValue(f.Purpose)
	m.Status = stringOrNull(f.Status)
	m.StatusDetails = stringOrNull(f.StatusDetails)
}

func (d *fileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m fileData
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.FileID.ValueString()
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		f, err := c.RetrieveFile(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "read file "+id, err)
			return
		}
		m.set(f)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}
