package provider

import (
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The list data sources (openai_fine_tuning_jobs, _events, _checkpoints,
// _checkpoint_permissions, openai_models) page through the whole list with
// the library's iterators, one page in memory at a time, each item turned
// into its state value as it comes; `limit` stops the walk early.

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

// afterID is seq from the item after the one whose ID (idOf) is id (id
// "": all of seq; not found: nothing), for the lists whose binding iterator
// takes no cursor: the items before it are read and dropped, a page at a
// time.
func afterID[T any](seq iter.Seq2[T, error], id string, idOf func(T) string) iter.Seq2[T, error] {
	if id == "" {
		return seq
	}
	return func(yield func(T, error) bool) {
		found := false
		for item, err := range seq {
			if err != nil || found {
				if !yield(item, err) || err != nil {
					return
				}
				continue
			}
			found = idOf(item) == id
		}
	}
}

// afterAttribute is the optional `after` of a list data source.
func afterAttribute(what, idShape string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true,
		MarkdownDescription: "The ID of one of the " + what + " (" + idShape + "): only those after it, in the " +
			"list's order, are read (none when no such ID is in the list)."}
}

// mapOfStrings is m as a map value (nil: empty).
func mapOfStrings(m map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}
