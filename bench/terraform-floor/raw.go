package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// rawServer is the floor without the framework: a tfprotov6 server on
// terraform-plugin-go alone that answers each call with the least it may,
// the state as it came. With the real resource's schema it is what the CLI
// costs for that shape with a provider that costs next to nothing: no
// provider on that schema can plan faster. The calls a plan never makes are
// left to the embedded nil interface.
type rawServer struct {
	tfprotov6.ProviderServer
	schema *tfprotov6.Schema
	// fetchJobs, when set (FLOOR_RAW=get), makes each ReadResource also GET
	// its job from OPENAI_BASE_URL, as a refresh must, and drop the answer.
	fetchJobs bool
}

func newRawServer(file string, fetchJobs bool) (*rawServer, error) {
	r, err := readResourceSchema(file, providerAddress, resourceType)
	if err != nil {
		return nil, err
	}
	block, err := r.Block.protoBlock()
	if err != nil {
		return nil, err
	}
	return &rawServer{schema: &tfprotov6.Schema{Version: r.Version, Block: block}, fetchJobs: fetchJobs}, nil
}

func (b blockJSON) protoBlock() (*tfprotov6.SchemaBlock, error) {
	out := &tfprotov6.SchemaBlock{}
	for name, a := range b.Attributes {
		t, err := typeOf(a.Type)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		out.Attributes = append(out.Attributes, &tfprotov6.SchemaAttribute{Name: name, Type: t.TerraformType(context.Background()),
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive})
	}
	sort.Slice(out.Attributes, func(i, j int) bool { return out.Attributes[i].Name < out.Attributes[j].Name })
	modes := map[string]tfprotov6.SchemaNestedBlockNestingMode{"list": tfprotov6.SchemaNestedBlockNestingModeList,
		"set": tfprotov6.SchemaNestedBlockNestingModeSet, "single": tfprotov6.SchemaNestedBlockNestingModeSingle}
	for name, bt := range b.BlockTypes {
		nested, err := bt.Block.protoBlock()
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", name, err)
		}
		mode, ok := modes[bt.NestingMode]
		if !ok {
			return nil, fmt.Errorf("block %s: nesting mode %q", name, bt.NestingMode)
		}
		out.BlockTypes = append(out.BlockTypes, &tfprotov6.SchemaNestedBlock{TypeName: name, Nesting: mode, Block: nested})
	}
	sort.Slice(out.BlockTypes, func(i, j int) bool { return out.BlockTypes[i].TypeName < out.BlockTypes[j].TypeName })
	return out, nil
}

func (s *rawServer) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return &tfprotov6.GetMetadataResponse{
		ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true},
		Resources:          []tfprotov6.ResourceMetadata{{TypeName: resourceType}},
	}, nil
}

func (s *rawServer) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{
		ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true},
		Provider:           &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{}},
		ResourceSchemas:    map[string]*tfprotov6.Schema{resourceType: s.schema},
	}, nil
}

func (s *rawServer) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{}, nil
}

func (s *rawServer) ValidateProviderConfig(context.Context, *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{}, nil
}

func (s *rawServer) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (s *rawServer) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (s *rawServer) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// UpgradeResourceState hands the stored JSON back as it is: the state is
// at the schema's version.
func (s *rawServer) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &tfprotov6.DynamicValue{JSON: req.RawState.JSON}}, nil
}

func (s *rawServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if s.fetchJobs {
		if err := s.fetchJob(ctx, req.CurrentState); err != nil {
			return nil, err
		}
	}
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

// fetchJob GETs the job whose ID the state holds and reads the answer
// through: the least work a refresh asks of a provider.
func (s *rawServer) fetchJob(ctx context.Context, state *tfprotov6.DynamicValue) error {
	value, err := state.Unmarshal(s.schema.ValueType())
	if err != nil {
		return err
	}
	var attrs map[string]tftypes.Value
	var id string
	if err := value.As(&attrs); err != nil {
		return err
	}
	if err := attrs["id"].As(&id); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		os.Getenv("OPENAI_BASE_URL")+"/fine_tuning/jobs/"+id, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("OPENAI_API_KEY"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("floor: GET job %s: %s", id, resp.Status)
	}
	return nil
}

// PlanResourceChange plans what the CLI proposes: for an existing object
// with an unchanged configuration, the prior state.
func (s *rawServer) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
}

func (s *rawServer) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{}, nil
}
