package provider

import (
	"context"
	"iter"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// The list data sources (openai_fine_tuning_jobs, _events, _checkpoints,
// _checkpoint_permissions, openai_models) page through the whole list with
// the library's iterators, one page in memory at a time, each item turned
// into its state value as it comes; `limit` stops the walk early. Each is a
// listDataSource made from a listSpec of its own.

// listState is the part of a list data source's state that listDataSource
// fills, embedded in each one's model: its ID, its limit, and whether the
// limit left items out.
type listState struct {
	ID      types.String `tfsdk:"id"`
	Limit   types.Int64  `tfsdk:"limit"`
	HasMore types.Bool   `tfsdk:"has_more"`
}

// listSpec is what a list data source of items T, with the model M, has of
// its own.
type listSpec[M, T any] struct {
	typeName      string // after the provider's name: "_fine_tuning_events"
	description   string
	idDescription string
	// items names the list attribute and what `limit` and `has_more` count:
	// "events".
	items            string
	itemType         types.ObjectType
	itemsDescription string
	// arguments are its attributes besides id, limit, has_more and the list.
	arguments map[string]schema.Attribute
	// state is m's listState and its list.
	state func(m *M) (*listState, *types.List)
	// read is what to read for the configuration m.
	read func(ctx context.Context, c *openaift.Client, m *M, diags *diag.Diagnostics) listRead[T]
}

// listRead is one read of a list data source: the items to page through,
// each one's state value, the data source's ID, and what it does, for an
// error ("list the events of ftjob-...").
type listRead[T any] struct {
	items iter.Seq2[T, error]
	item  func(T) attr.Value
	id    string
	doing string
}

// listDataSource is a list data source made from its spec.
type listDataSource[M, T any] struct {
	pool *clientPool
	spec listSpec[M, T]
}

var _ datasource.DataSourceWithConfigure = (*listDataSource[struct{}, struct{}])(nil)

// newListDataSource is the list data source of spec.
func newListDataSource[M, T any](spec listSpec[M, T]) datasource.DataSource {
	return &listDataSource[M, T]{spec: spec}
}

func (d *listDataSource[M, T]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.spec.typeName
}

func (d *listDataSource[M, T]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *listDataSource[M, T]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := map[string]schema.Attribute{
		"id":    schema.StringAttribute{Computed: true, MarkdownDescription: d.spec.idDescription},
		"limit": limitAttribute(d.spec.items),
		"has_more": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether `limit` left " + d.spec.items + " out."},
		d.spec.items: schema.ListAttribute{Computed: true, ElementType: d.spec.itemType,
			MarkdownDescription: d.spec.itemsDescription},
	}
	maps.Copy(attributes, d.spec.arguments)
	resp.Schema = schema.Schema{MarkdownDescription: d.spec.description, Attributes: attributes}
}

func (d *listDataSource[M, T]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	shared, list := d.spec.state(&m)
	d.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		r := d.spec.read(ctx, c, &m, &resp.Diagnostics)
		items, more, err := collectUpTo(r.items, shared.Limit, r.item)
		if err != nil {
			addAPIError(&resp.Diagnostics, r.doing, err)
			return
		}
		shared.ID, shared.HasMore = types.StringValue(r.id), types.BoolValue(more)
		*list = types.ListValueMust(d.spec.itemType, items)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	})
}

// maxPageSize is the largest page the API serves (limit=100).
const maxPageSize = 100

// limitAttribute is the optional `limit` of a list data source.
func limitAttribute(what string) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true,
		Validators: []validator.Int64{int64validator.AtLeast(1)},
		MarkdownDescription: "At most this many " + what + ", at least 1; unset: all of them (the provider " +
			"pages through the whole list). `has_more` says whether some were left out."}
}

// pageSize is the page size to ask for when at most limit items are wanted
// (null: all).
func pageSize(limit types.Int64) int {
	if limit.IsNull() || limit.ValueInt64() >= maxPageSize {
		return maxPageSize
	}
	return int(limit.ValueInt64())
}

// collectUpTo turns the items of seq into values with conv, up to limit
// (null: all). more says whether an item was left out.
func collectUpTo[T any](seq iter.Seq2[T, error], limit types.Int64, conv func(T) attr.Value) (items []attr.Value, more bool, err error) {
	items = []attr.Value{}
	for item, err := range seq {
		if err != nil {
			return nil, false, err
		}
		if !limit.IsNull() && int64(len(items)) >= limit.ValueInt64() {
			return items, true, nil
		}
		items = append(items, conv(item))
	}
	return items, false, nil
}

// afterAttribute is the optional `after` of a list data source.
func afterAttribute(what, idShape string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true,
		MarkdownDescription: "The ID of one of the " + what + " (" + idShape + "): only those after it, in the " +
			"list's order, are read (sent to the API as its `after` cursor: those before it are not read)."}
}

// mapOfStrings is m as a map value (nil: empty).
func mapOfStrings(m map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}
