package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// modelState is an empty state of openai_fine_tuned_model's schema.
func modelState(t *testing.T) tfsdk.State {
	t.Helper()
	var resp resource.SchemaResponse
	newFineTunedModelResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return tfsdk.State{Schema: resp.Schema}
}

func TestFineTunedModelRoundTrip(t *testing.T) {
	ctx := context.Background()
	state := modelState(t)
	want := fineTunedModel{
		ID: types.StringValue("ftjob-1"), Model: types.StringValue("gpt-4o-mini"),
		TrainingFile: types.StringValue("file-1"), ValidationFile: types.StringNull(),
		Suffix: types.StringValue("s"), CompletionWindow: types.Int64Value(0),
		CreatedAt: types.Int64Value(1), FinishedAt: types.Int64Null(),
		FineTunedModel: types.StringNull(), Status: types.StringValue("running"),
		TrainedTokens: types.Int64Null(), ResultFiles: stringList([]string{"file-2"}),
		Error:           types.ObjectNull(jobErrorType.AttrTypes),
		Hyperparameters: types.ListValueMust(hyperparametersType, nil),
	}
	if d := want.saveTo(ctx, &state); d.HasError() {
		t.Fatal(d)
	}
	var got fineTunedModel
	if d := got.load(ctx, state.Schema.Type(), state.Raw); d.HasError() {
		t.Fatal(d)
	}
	gotFields := got.fields()
	for name, f := range want.fields() {
		if g := gotFields[name].value(); !g.Equal(f.value()) {
			t.Errorf("%s: got %s, want %s", name, g, f.value())
		}
	}
}

func TestFineTunedModelLoadRefusesAnotherShape(t *testing.T) {
	ctx := context.Background()
	state := modelState(t)
	other := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	var m fineTunedModel
	d := m.load(ctx, types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType}},
		tftypes.NewValue(other, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "x")}))
	if !d.HasError() || !strings.Contains(d[0].Detail(), "attributes") {
		t.Errorf("a value of another shape: %v", d)
	}
	// A field of the wrong type is named.
	m.Status = types.StringNull()
	fs := m.fields()
	fs["status"] = fieldOf(&m.CreatedAt)
	if _, d := objectValue(ctx, state.Schema.Type(), fs); !d.HasError() {
		t.Error("a field of the wrong type was written")
	}
}
