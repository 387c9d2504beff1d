package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fineTuningEventsDataSource is openai_fine_tuning_events: a job's events,
// newest first.
type fineTuningEventsDataSource struct{ pool *clientPool }

var _ datasource.DataSourceWithConfigure = (*fineTuningEventsDataSource)(nil)

func newFineTuningEventsDataSource() datasource.DataSource { return &fineTuningEventsDataSource{} }

type fineTuningEvents struct {
	ID      types.String `tfsdk:"id"`
	JobID   types.String `tfsdk:"fine_tuning_job_id"`
	After   types.String `tfsdk:"after"`
	Limit   types.Int64  `tfsdk:"limit"`
	HasMore types.Bool   `tfsdk:"has_more"`
	Events  types.List   `tfsdk:"events"`
}

var eventItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created_at": types.Int64Type, "level": types.StringType,
	"message": types.StringType, "type": types.StringType, "data_json": types.StringType,
}}

func (d *fineTuningEventsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fine_tuning_events"
}

func (d *fineTuningEventsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *fineTuningEventsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the events of a fine-tuning job, newest first: its status changes, messages and " +
			"training metrics, up to `limit`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The job's ID."},
			"fine_tuning_job_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The job's ID (`ftjob-...`)."},
			"after":    afterAttribute("events", "`ftevent-...`"),
			"limit":    limitAttribute("events"),
			"has_more": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether `limit` left events out."},
			"events": schema.ListAttribute{Computed: true, ElementType: eventItemType,
				MarkdownDescription: "The events, newest first: `id`, `object`, `created_at` (Unix seconds), `level` " +
					"(`info`, `warn`, `error`), `message`, `type` (`message`, `metrics`) and `data_json` (the event's " +
					"data as JSON, for `jsondecode`; null when it has none)."},
		},
	}
}

func (d *fineTuningEventsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m fineTuningEvents
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.JobID.ValueString()
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		items, more, err := collectUpTo(afterID(c.Events(ctx, id), m.After.ValueString(),
			func(x *openaift.Event) string { return x.ID }), m.Limit, func(e *openaift.Event) attr.Value {
			return types.ObjectValueMust(eventItemType.AttrTypes, map[string]attr.Value{
				"id": types.StringValue(e.ID), "object": types.StringValue("fine_tuning.job.event"),
				"created_at": unixOrNull(e.CreatedAt), "level": types.StringValue(e.Level),
				"message": types.StringValue(e.Message), "type": stringOrNull(e.Type),
				"data_json": stringOrNull(e.DataJSON)})
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the events of "+id, err)
			return
		}
		m.ID, m.HasMore = types.StringValue(id), types.BoolValue(more)
		m.Events = types.ListValueMust(eventItemType, items)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}
