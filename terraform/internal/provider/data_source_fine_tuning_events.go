package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

type fineTuningEvents struct {
	listState
	JobID  types.String `tfsdk:"fine_tuning_job_id"`
	After  types.String `tfsdk:"after"`
	Events types.List   `tfsdk:"events"`
}

var eventItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "object": types.StringType, "created_at": types.Int64Type, "level": types.StringType,
	"message": types.StringType, "type": types.StringType, "data_json": types.StringType,
}}

// newFineTuningEventsDataSource is openai_fine_tuning_events: a job's events,
// newest first.
func newFineTuningEventsDataSource() datasource.DataSource {
	return newListDataSource(listSpec[fineTuningEvents, *openaift.Event]{
		typeName: "_fine_tuning_events",
		description: "Lists the events of a fine-tuning job, newest first: its status changes, messages and " +
			"training metrics, up to `limit`.",
		idDescription: "The job's ID.",
		items:         "events",
		itemType:      eventItemType,
		itemsDescription: "The events, newest first: `id`, `object`, `created_at` (Unix seconds), `level` " +
			"(`info`, `warn`, `error`), `message`, `type` (`message`, `metrics`) and `data_json` (the event's " +
			"data as JSON, for `jsondecode`; null when it has none).",
		arguments: map[string]schema.Attribute{
			"fine_tuning_job_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The job's ID (`ftjob-...`)."},
			"after": afterAttribute("events", "`ftevent-...`"),
		},
		state: func(m *fineTuningEvents) (*listState, *types.List) { return &m.listState, &m.Events },
		read: func(ctx context.Context, c *openaift.Client, m *fineTuningEvents, _ *diag.Diagnostics) listRead[*openaift.Event] {
			id := m.JobID.ValueString()
			return listRead[*openaift.Event]{items: c.EventsAfter(ctx, id, m.After.ValueString()),
				item: eventItem, id: id, doing: "list the events of " + id}
		},
	})
}

// eventItem is e as an item of the list.
func eventItem(e *openaift.Event) attr.Value {
	return types.ObjectValueMust(eventItemType.AttrTypes, map[string]attr.Value{
		"id": types.StringValue(e.ID), "object": types.StringValue("fine_tuning.job.event"),
		"created_at": unixOrNull(e.CreatedAt), "level": types.StringValue(e.Level),
		"message": types.StringValue(e.Message), "type": stringOrNull(e.Type),
		"data_json": stringOrNull(e.DataJSON)})
}
