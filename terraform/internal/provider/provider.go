// Package provider is the Terraform provider for the OpenAI fine-tuning API
// (source address libopenai-ft/openai), on terraform-plugin-framework. Every
// API call is made by libopenai_ft through the openaift binding.
package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// Address is the provider's source address under OpenTofu's registry host
// (Terraform's is registry.terraform.io/libopenai-ft/openai).
const Address = "registry.opentofu.org/libopenai-ft/openai"

// New returns the provider factory for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &openaiProvider{version: version} }
}

type openaiProvider struct {
	version string
	pool    atomic.Pointer[clientPool] // once configured: for server_fast.go
}

func (p *openaiProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "openai"
	resp.Version = p.version
}

func (p *openaiProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	url := []validator.String{stringvalidator.RegexMatches(httpURL, "must be an http:// or https:// URL")}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Declares OpenAI fine-tuning jobs (`openai_fine_tuned_model`), reads them back " +
			"(`openai_fine_tuning_job`) and shares their models with other projects " +
			"(`openai_fine_tuning_checkpoint_permission`). Every API call is made by the C library libopenai_ft: " +
			"its retries (429, 5xx and network errors, with backoff and `Retry-After`), its timeouts, and its " +
			"error details (HTTP status, the API's type, code and parameter, and the request ID) are the provider's.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{Optional: true, Sensitive: true,
				MarkdownDescription: "The API key. Default: the `OPENAI_API_KEY` environment variable."},
			"admin_key": schema.StringAttribute{Optional: true, Sensitive: true,
				MarkdownDescription: "The admin key that checkpoint permissions need. Default: `OPENAI_ADMIN_KEY`, else `api_key`."},
			"organization": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Sent as `OpenAI-Organization`. Default: `OPENAI_ORG_ID`, else `OPENAI_ORGANIZATION` " +
					"(the upstream provider's variable, deprecated)."},
			"project": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Sent as `OpenAI-Project`. Default: `OPENAI_PROJECT_ID`."},
			"base_url": schema.StringAttribute{Optional: true,
				Validators: append(url, stringvalidator.ConflictsWith(path.MatchRoot("api_url"))),
				MarkdownDescription: "The API's base URL, `http://` or `https://`. Default: `OPENAI_BASE_URL`, else `OPENAI_API_URL` " +
					"(the upstream provider's variable, deprecated), else `https://api.openai.com/v1`."},
			"api_url": schema.StringAttribute{Optional: true, Validators: url,
				DeprecationMessage:  upstreamName("api_url", "base_url"),
				MarkdownDescription: "Deprecated: the upstream provider's name for `base_url` (conflicts with it); write `base_url`."},
			"poll_interval": schema.Float64Attribute{Optional: true,
				Validators:          []validator.Float64{float64validator.Between(0.05, 3600)},
				MarkdownDescription: "Seconds between two polls while a job is waited for (`completion_window`), 0.05 to 3600. Default: 5."},
			"max_retries": schema.Int64Attribute{Optional: true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
				MarkdownDescription: "Retries of a request after a passing failure (429, 5xx, network), 0 to 20. Default: 2."},
			"organization_id": schema.StringAttribute{Optional: true,
				Validators:          []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("organization"))},
				DeprecationMessage:  upstreamName("organization_id", "organization"),
				MarkdownDescription: "Deprecated: the name the upstream provider's example gives `organization` (conflicts with it); write `organization`."},
			"timeout": schema.Int64Attribute{Optional: true,
				Validators: []validator.Int64{int64validator.Between(1, maxTimeout)},
				MarkdownDescription: "Seconds one attempt of a request may take, 1 to 86400 (as the upstream provider's `timeout`). " +
					"Default: `OPENAI_TIMEOUT`, else 600."},
		},
	}
}

func (p *openaiProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"api_key": m.APIKey, "admin_key": m.AdminKey, "organization": m.Organization,
		"project": m.Project, "base_url": m.BaseURL, "api_url": m.APIURL,
		"poll_interval": m.PollInterval, "max_retries": m.MaxRetries,
		"organization_id": m.OrgID, "timeout": m.Timeout,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown provider setting",
				"The provider cannot be configured with a value known only after apply: set "+name+
					" to a value known at plan time, or leave it out to use the environment.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	opts := openaift.Options{
		APIKey:       m.APIKey.ValueString(),
		AdminKey:     m.AdminKey.ValueString(),
		Organization: m.Organization.ValueString(),
		Project:      m.Project.ValueString(),
		BaseURL:      m.BaseURL.ValueString(),
	}
	opts.Logger, opts.LogLevel = libraryLog(ctx)
	applyUpstreamSettings(&m, &opts, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.MaxRetries.IsNull() {
		n := int(m.MaxRetries.ValueInt64())
		opts.MaxRetries = &n
	}
	pool, err := newClientPool(opts, time.Duration(m.PollInterval.ValueFloat64()*float64(time.Second)))
	if err != nil {
		addClientError(&resp.Diagnostics, err)
		return
	}
	resp.ResourceData = pool
	resp.DataSourceData = pool
	p.pool.Store(pool)
}

func (p *openaiProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newFineTunedModelResource, newCheckpointPermissionResource,
		newFineTuningJobResource, newFileResource}
}

func (p *openaiProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newFineTuningJobDataSource,
		newFineTuningJobsDataSource, newFineTuningEventsDataSource, newFineTuningCheckpointsDataSource,
		newCheckpointPermissionsDataSource, newModelDataSource, newModelsDataSource,
		newFileDataSource, newFilesDataSource}
}
