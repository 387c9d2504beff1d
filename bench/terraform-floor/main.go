// A provider on terraform-plugin-framework that calls nothing: its
// openai_fine_tuned_model keeps its state as it is. bench/terraform-plan
// times the same plan with it, to show what any framework provider costs
// (the CLI starting it, its RPCs) apart from the API calls.
//
// Its resource has three attributes, or, when FLOOR_SCHEMA names the JSON
// that `tofu providers schema -json` prints for the real provider, the real
// resource's schema (replay.go): what the framework and the CLI cost for
// that shape whatever the provider does.
package main

import (
	"context"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const (
	providerAddress = "registry.opentofu.org/libopenai-ft/openai"
	resourceType    = "openai_fine_tuned_model"
)

// threeAttributes is the resource's schema without FLOOR_SCHEMA.
var threeAttributes = schema.Schema{Attributes: map[string]schema.Attribute{
	"id":            schema.StringAttribute{Computed: true},
	"model":         schema.StringAttribute{Required: true},
	"training_file": schema.StringAttribute{Required: true},
}}

type floorProvider struct{ resourceSchema schema.Schema }

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "openai"
}

func (floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{}
}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return floorResource{p.resourceSchema} }}
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type floorResource struct{ schema schema.Schema }

func (floorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = resourceType
}

func (r floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

// Create stores the plan with its unknown values null, and "floor" as the ID.
func (floorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	state, err := tftypes.Transform(req.Plan.Raw, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		switch {
		case p.Equal(tftypes.NewAttributePath().WithAttributeName("id")):
			return tftypes.NewValue(tftypes.String, "floor"), nil
		case !v.IsKnown():
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		resp.Diagnostics.AddError("Floor", err.Error())
		return
	}
	resp.State.Raw = state
}

// Read keeps the state as it is (the framework's response starts as the
// prior state).
func (floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (floorResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}

func (floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func main() {
	if raw := os.Getenv("FLOOR_RAW"); raw != "" {
		serveRaw(os.Getenv("FLOOR_SCHEMA"), raw == "get")
		return
	}
	p := floorProvider{resourceSchema: threeAttributes}
	if file := os.Getenv("FLOOR_SCHEMA"); file != "" {
		s, err := replaySchema(file, providerAddress, resourceType)
		if err != nil {
			log.Fatal(err)
		}
		p.resourceSchema = s
	}
	err := providerserver.Serve(context.Background(), func() provider.Provider { return p },
		providerserver.ServeOpts{Address: providerAddress})
	if err != nil {
		log.Fatal(err)
	}
}

// serveRaw serves rawServer with the schema in file, fetching each job it
// refreshes if fetchJobs.
func serveRaw(file string, fetchJobs bool) {
	s, err := newRawServer(file, fetchJobs)
	if err != nil {
		log.Fatal(err)
	}
	if err := tf6server.Serve(providerAddress, func() tfprotov6.ProviderServer { return s }); err != nil {
		log.Fatal(err)
	}
}
