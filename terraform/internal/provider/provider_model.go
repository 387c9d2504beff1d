package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// providerModel is the provider block's values: below provider.go and
// provider_upstream.go, which both read them.
type providerModel struct {
	APIKey       types.String  `tfsdk:"api_key"`
	AdminKey     types.String  `tfsdk:"admin_key"`
	Organization types.String  `tfsdk:"organization"`
	OrgID        types.String  `tfsdk:"organization_id"`
	Project      types.String  `tfsdk:"project"`
	BaseURL      types.String  `tfsdk:"base_url"`
	APIURL       types.String  `tfsdk:"api_url"`
	PollInterval types.Float64 `tfsdk:"poll_interval"`
	MaxRetries   types.Int64   `tfsdk:"max_retries"`
	Timeout      types.Int64   `tfsdk:"timeout"`
}
