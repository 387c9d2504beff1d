package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework's Get and Set of a whole plan or state (tfsdk.State.Get,
// Set) go through reflection, which parses the model's struct tags and
// compiles a regular expression per field on every call
// (internal/reflect.isValidFieldName): in a plan that refreshes many
// resources, that was the largest part of the provider's own CPU time. A
// model on a hot path lists its fields by attribute name instead, and
// converts with the framework's typed values (the raw value a plan or state
// holds; State.Set takes it as it is).

// field is one attribute's field of a model.
type field interface {
	value() attr.Value
	set(attr.Value) bool // false: v is not of the field's type
}

type fieldRef[T attr.Value] struct{ p *T }

func (f fieldRef[T]) value() attr.Value { return *f.p }

func (f fieldRef[T]) set(v attr.Value) bool {
	t, ok := v.(T)
	if ok {
		*f.p = t
	}
	return ok
}

// fieldOf is the field that p points to (types.String, types.Int64, ...).
func fieldOf[T attr.Value](p *T) field { return fieldRef[T]{p} }

// fields are a model's fields by attribute name: every attribute of its
// schema, no other.
type fields map[string]field

// loadObject fills fs from raw, an object of typ (a schema's Type()).
func loadObject(ctx context.Context, typ attr.Type, raw tftypes.Value, fs fields) diag.Diagnostics {
	var diags diag.Diagnostics
	v, err := typ.ValueFromTerraform(ctx, raw)
	if err != nil {
		diags.AddError("Value Conversion Error", "Could not read the value: "+err.Error())
		return diags
	}
	obj, ok := v.(basetypes.ObjectValue)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		diags.AddError("Value Conversion Error", fmt.Sprintf("Expected a known object, got %s.", v))
		return diags
	}
	attrs := obj.Attributes()
	if len(attrs) != len(fs) {
		diags.AddError("Value Conversion Error",
			fmt.Sprintf("The schema has %d attributes, the model %d.", len(attrs), len(fs)))
		return diags
	}
	for name, f := range fs {
		a, ok := attrs[name]
		switch {
		case !ok:
			diags.AddError("Value Conversion Error", fmt.Sprintf("Attribute %q is not in the value.", name))
		case !f.set(a):
			diags.AddError("Value Conversion Error", fmt.Sprintf("Attribute %q: unexpected %T.", name, a))
		}
	}
	return diags
}

// objectValue is the raw value of fs as an object of typ (a schema's Type()).
func objectValue(ctx context.Context, typ attr.Type, fs fields) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	ot, ok := typ.(attr.TypeWithAttributeTypes)
	if !ok {
		diags.AddError("Value Conversion Error", fmt.Sprintf("Expected an object type, got %s.", typ))
		return tftypes.Value{}, diags
	}
	vals := make(map[string]attr.Value, len(fs))
	for name, f := range fs {
		vals[name] = f.value()
	}
	obj, d := basetypes.NewObjectValue(ot.AttributeTypes(), vals)
	diags.Append(d...)
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	raw, err := obj.ToTerraformValue(ctx)
	if err != nil {
		diags.AddError("Value Conversion Error", "Could not write the value: "+err.Error())
	}
	return raw, diags
}
