package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// nonEmpty, nonZero and nonZeroFloat read a value of the upstream provider's
// (SDKv2) state, which writes an unset argument as its zero value, as null:
// below both types' state upgraders, which use them.
func nonEmpty(s types.String) types.String {
	if s.ValueString() == "" {
		return types.StringNull()
	}
	return s
}

func nonZero(n types.Int64) types.Int64 {
	if n.ValueInt64() == 0 {
		return types.Int64Null()
	}
	return n
}

func nonZeroFloat(f types.Float64) types.Float64 {
	if f.ValueFloat64() == 0 {
		return types.Float64Null()
	}
	return f
}
