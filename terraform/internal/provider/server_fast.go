package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A plan with refresh sends, for every job resource, ValidateResourceConfig,
// UpgradeResourceState, ReadResource and PlanResourceChange. The framework
// answers each by walking the whole schema (a copy of the attribute map at
// every step of every attribute path, defaults, plan modifiers), which was
// most of the provider's CPU time and heap in such a plan. The server below answers
// the last three for the two job types straight from terraform-plugin-go's
// values when the answer is certain, with the framework's semantics, keeps
// the framework's validation of each configuration for the next instance
// with the same one, and passes every other call, and every case it is not
// certain of, to the framework's server. server_fast_test.go sends the same
// requests to both and requires the same responses.

// frameworkServer is what the framework's protocol-6 server implements.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ProviderServerWithListResource
	tfprotov6.ProviderServerWithActions
	tfprotov6.ProviderServerWithStateStores
}

// fastServer is the framework's server with the job types' hot RPCs
// answered directly.
type fastServer struct {
	frameworkServer
	provider *openaiProvider
	jobs     map[string]*fastJobType // by type name; nil: always the framework

	validated sync.Mutex
	verdicts  map[string]*tfprotov6.ValidateResourceConfigResponse // by validateKey
}

// fastJobType is what the direct path needs of a job type's schema.
type fastJobType struct {
	kind     jobKind
	version  int64
	attrType attr.Type    // the schema's framework type
	tfType   tftypes.Type // and its terraform-plugin-go type
	defaults []defaultAt
	shape    *jsonShape // tfType's, for a stored state's JSON; nil: never
}

// defaultAt is an attribute's default: its names from the root (a list
// block stands for each of its elements) and its value.
type defaultAt struct {
	names []string
	value tftypes.Value
}

// fastHits counts the calls the direct path answered (for the tests).
var fastHits atomic.Int64

// NewServer returns the provider's protocol-6 server factory: the
// framework's server, with the job types' UpgradeResourceState,
// ReadResource and PlanResourceChange answered directly when certain, and
// their ValidateResourceConfig kept for the same configuration.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &openaiProvider{version: version}
		fw, ok := providerserver.NewProtocol6(p)().(frameworkServer)
		if !ok {
			panic("the framework's server lacks a protocol-6 method")
		}
		s := &fastServer{frameworkServer: fw, provider: p, jobs: map[string]*fastJobType{},
			verdicts: map[string]*tfprotov6.ValidateResourceConfigResponse{}}
		for _, k := range []jobKind{kindFineTunedModel, kindFineTuningJob} {
			if t := newFastJobType(k); t != nil {
				s.jobs["openai"+k.typeSuffix()] = t
			}
		}
		return s
	}
}

// newFastJobType is kind's schema as the direct path needs it, or nil when
// the schema has what the direct path does not reproduce (write-only
// attributes, defaults other than of strings and integers, nested
// attributes, blocks other than lists, a resource-level ModifyPlan).
func newFastJobType(kind jobKind) *fastJobType {
	ctx := context.Background()
	r := &fineTunedModelResource{kind: kind}
	if _, ok := any(r).(resource.ResourceWithModifyPlan); ok {
		return nil
	}
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		return nil
	}
	t := &fastJobType{kind: kind, version: resp.Schema.Version, attrType: resp.Schema.Type()}
	t.tfType = t.attrType.TerraformType(ctx)
	t.shape = newJSONShape(t.tfType)
	if !collectDefaults(ctx, resp.Schema.Attributes, resp.Schema.Blocks, nil, &t.defaults) {
		return nil
	}
	return t
}

// collectDefaults appends the defaults of attrs and blocks, under names, to
// out; false when one of them is beyond the direct path.
func collectDefaults(ctx context.Context, attrs map[string]schema.Attribute, blocks map[string]schema.Block,
	names []string, out *[]defaultAt) bool {
	for name, a := range attrs {
		if a.IsWriteOnly() {
			return false
		}
		v, has, ok := attributeDefault(ctx, a)
		if !ok {
			return false
		}
		if has {
			*out = append(*out, defaultAt{names: append(append([]string{}, names...), name), value: v})
		}
	}
	for name, b := range blocks {
		lb, ok := b.(schema.ListNestedBlock)
		if !ok || !collectDefaults(ctx, lb.NestedObject.Attributes, lb.NestedObject.Blocks,
			append(append([]string{}, names...), name), out) {
			return false
		}
	}
	return true
}

// attributeDefault is a's default value (has: a has one); ok is false for
// an attribute the direct path does not know.
func attributeDefault(ctx context.Context, a schema.Attribute) (v tftypes.Value, has, ok bool) {
	var val attr.Value
	switch a := a.(type) {
	case schema.StringAttribute:
		if a.Default == nil {
			return v, false, true
		}
		var resp defaults.StringResponse
		a.Default.DefaultString(ctx, defaults.StringRequest{}, &resp)
		val = resp.PlanValue
	case schema.Int64Attribute:
		if a.Default == nil {
			return v, false, true
		}
		var resp defaults.Int64Response
		a.Default.DefaultInt64(ctx, defaults.Int64Request{}, &resp)
		val = resp.PlanValue
	case schema.Float64Attribute:
		return v, false, a.Default == nil
	case schema.BoolAttribute:
		return v, false, a.Default == nil
	case schema.ListAttribute:
		return v, false, a.Default == nil
	case schema.MapAttribute:
		return v, false, a.Default == nil
	case schema.ObjectAttribute:
		return v, false, a.Default == nil
	default:
		return v, false, false
	}
	v, err := val.ToTerraformValue(ctx)
	return v, true, err == nil
}

// defaultsHold reports whether the framework's defaults leave plan as it
// is: every attribute with a default that config leaves null is already
// its default in plan.
func (t *fastJobType) defaultsHold(config, plan tftypes.Value) bool {
	for _, d := range t.defaults {
		if !defaultHolds(config, plan, d.names, d.value) {
			return false
		}
	}
	return true
}

func defaultHolds(config, plan tftypes.Value, names []string, want tftypes.Value) bool {
	if config.IsNull() || !config.IsKnown() || !plan.IsKnown() || plan.IsNull() {
		return false
	}
	var cm, pm map[string]tftypes.Value
	if config.As(&cm) != nil || plan.As(&pm) != nil {
		return false
	}
	c, p := cm[names[0]], pm[names[0]]
	if len(names) == 1 {
		return !c.IsNull() || p.Equal(want)
	}
	var cl, pl []tftypes.Value
	if c.As(&cl) != nil || p.As(&pl) != nil || len(cl) != len(pl) {
		return false
	}
	for i := range cl {
		if !defaultHolds(cl[i], pl[i], names[1:], want) {
			return false
		}
	}
	return true
}

// UpgradeResourceState of a job type's state at the current version is
// the framework's passthrough: the JSON read with the schema's type,
// attributes it does not know dropped; a JSON already exactly of that type
// is sent back as it is (server_fast_json.go). Older versions go to the
// framework's upgraders.
func (s *fastServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if req != nil {
		if t := s.jobs[req.TypeName]; t != nil && req.Version == t.version && req.RawState != nil && req.RawState.JSON != nil {
			if t.shape.exact(req.RawState.JSON) {
				fastHits.Add(1)
				return &tfprotov6.UpgradeResourceStateResponse{
					UpgradedState: &tfprotov6.DynamicValue{JSON: req.RawState.JSON}}, nil
			}
			v, err := req.RawState.UnmarshalWithOpts(t.tfType, tfprotov6.UnmarshalOpts{
				ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
			if err == nil && !hasNullBlock(v) {
				if dv, err := tfprotov6.NewDynamicValue(t.tfType, v); err == nil {
					fastHits.Add(1)
					return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
				}
			}
		}
	}
	return s.frameworkServer.UpgradeResourceState(ctx, req)
}

// sameMsgPack reports whether a and b are the same msgpack bytes (and no
// JSON), so the same value.
func sameMsgPack(a, b *tfprotov6.DynamicValue) bool {
	return a.JSON == nil && b.JSON == nil && len(a.MsgPack) != 0 && bytes.Equal(a.MsgPack, b.MsgPack)
}

// hasNullBlock reports whether v holds a null list of objects: a block
// the framework reads as empty, where a missing or null one becomes [].
func hasNullBlock(v tftypes.Value) bool {
	found := false
	_ = tftypes.Walk(v, func(_ *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if l, ok := v.Type().(tftypes.List); ok && v.IsNull() {
			if _, ok := l.ElementType.(tftypes.Object); ok {
				found = true
			}
		}
		return !found, nil
	})
	return found
}

// ReadResource of a job type refreshes through refreshJob, as the
// resource's Read does, with the framework's private state and diagnostics.
func (s *fastServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if resp := s.readResource(ctx, req); resp != nil {
		fastHits.Add(1)
		return resp, nil
	}
	return s.frameworkServer.ReadResource(ctx, req)
}

func (s *fastServer) readResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) *tfprotov6.ReadResourceResponse {
	t := s.jobs[req.TypeName]
	pool := s.provider.pool.Load()
	if t == nil || pool == nil || req.CurrentState == nil || req.CurrentIdentity != nil {
		return nil
	}
	private, ok := reencodePrivate(req.Private, true)
	if !ok {
		return nil
	}
	raw, err := req.CurrentState.Unmarshal(t.tfType)
	if err != nil || raw.IsNull() || !raw.IsFullyKnown() {
		return nil
	}
	m := t.kind.model()
	if m.load(ctx, t.attrType, raw).HasError() {
		return nil
	}
	var diags diag.Diagnostics
	switch refreshJob(ctx, pool, &m, &diags) {
	case refreshGone:
		raw = tftypes.NewValue(t.tfType, nil)
	case refreshSave:
		saved, d := objectValue(ctx, t.attrType, m.fields())
		diags.Append(d...)
		if !d.HasError() {
			raw = saved
		}
	}
	resp := &tfprotov6.ReadResourceResponse{Private: private}
	state, err := tfprotov6.NewDynamicValue(t.tfType, raw)
	if err != nil {
		diags.AddError("Value Conversion Error", "Could not write the state: "+err.Error())
	} else {
		resp.NewState = &state
	}
	resp.Diagnostics = protoDiagnostics(diags)
	return resp
}

// PlanResourceChange of a job type, when the proposed new state is the
// prior state and no default changes it, is that state: the framework
// would mark nothing unknown (it does so only for a change), and the
// schema's plan modifiers change nothing where the plan equals the state
// and holds no unknown value (UseStateForUnknown, RequiresReplace and
// RequiresReplaceIf, and the replacement warnings that follow them). A
// create, a destroy, a change or a default to apply goes to the framework.
func (s *fastServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if resp := s.planResourceChange(req); resp != nil {
		fastHits.Add(1)
		return resp, nil
	}
	return s.frameworkServer.PlanResourceChange(ctx, req)
}

func (s *fastServer) planResourceChange(req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	t := s.jobs[req.TypeName]
	if t == nil || s.provider.pool.Load() == nil || req.PriorState == nil || req.ProposedNewState == nil ||
		req.Config == nil || req.PriorIdentity != nil {
		return nil
	}
	prior, err := req.PriorState.Unmarshal(t.tfType)
	if err != nil || prior.IsNull() || !prior.IsFullyKnown() {
		return nil
	}
	proposed := prior // the same bytes, the same value: one decoding less
	if !sameMsgPack(req.ProposedNewState, req.PriorState) {
		proposed, err = req.ProposedNewState.Unmarshal(t.tfType)
		if err != nil || !proposed.Equal(prior) {
			return nil
		}
	}
	config, err := req.Config.Unmarshal(t.tfType)
	if err != nil || !t.defaultsHold(config, proposed) {
		return nil
	}
	private, ok := reencodePrivate(req.PriorPrivate, false)
	if !ok {
		return nil
	}
	planned, err := tfprotov6.NewDynamicValue(t.tfType, proposed)
	if err != nil {
		return nil
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: &planned, PlannedPrivate: private}
}

// maxVerdicts bounds the validations kept (a key is the configuration, a
// few hundred bytes); past it, they are all dropped.
const maxVerdicts = 1024

// ValidateResourceConfig of a job type is a function of the configuration
// alone (the framework's validators, deprecations and read-only checks, and
// the resource's ValidateConfig, which checks by the library's rules): a
// plan sends it for every instance, and the instances of one resource
// block with count or for_each often have the same configuration. The
// framework validates each configuration once; the same request again
// gets the same answer. The key holds whether the provider was configured
// (the framework configures the resource first).
func (s *fastServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	key, ok := s.validateKey(req)
	if !ok {
		return s.frameworkServer.ValidateResourceConfig(ctx, req)
	}
	s.validated.Lock()
	verdict := s.verdicts[key]
	s.validated.Unlock()
	if verdict != nil {
		fastHits.Add(1)
		return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: verdict.Diagnostics}, nil
	}
	resp, err := s.frameworkServer.ValidateResourceConfig(ctx, req)
	if err != nil || resp == nil {
		return resp, err
	}
	s.validated.Lock()
	if len(s.verdicts) >= maxVerdicts {
		clear(s.verdicts)
	}
	s.verdicts[key] = &tfprotov6.ValidateResourceConfigResponse{Diagnostics: resp.Diagnostics}
	s.validated.Unlock()
	return resp, nil
}

// validateKey is what a job type's validation depends on.
func (s *fastServer) validateKey(req *tfprotov6.ValidateResourceConfigRequest) (string, bool) {
	if req == nil || s.jobs[req.TypeName] == nil || req.Config == nil || req.Config.MsgPack == nil {
		return "", false
	}
	var b strings.Builder
	b.WriteString(req.TypeName)
	b.WriteByte(0)
	b.WriteByte(boolByte(s.provider.pool.Load() != nil))
	b.WriteByte(boolByte(req.ClientCapabilities != nil))
	b.WriteByte(boolByte(req.ClientCapabilities != nil && req.ClientCapabilities.WriteOnlyAttributesAllowed))
	b.Write(req.Config.MsgPack)
	return b.String(), true
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// reencodePrivate is private state as the framework passes it on: decoded
// and encoded again. ok is false where the framework would do more (a value
// it rejects, SDKv2's private state, and at a read its own keys, one of
// which a read removes).
func reencodePrivate(b []byte, read bool) (out []byte, ok bool) {
	if len(b) == 0 {
		return nil, true
	}
	var m map[string][]byte
	if json.Unmarshal(b, &m) != nil {
		return nil, false
	}
	if len(m) == 0 {
		return nil, true
	}
	kept := make(map[string][]byte, len(m))
	for k, v := range m {
		if read && strings.HasPrefix(k, ".") {
			return nil, false
		}
		if !utf8.Valid(v) || !json.Valid(v) {
			return nil, false
		}
		kept[k] = v
	}
	out, err := json.Marshal(kept)
	return out, err == nil
}

// protoDiagnostics are diags as the framework sends them.
func protoDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(),
			Severity: tfprotov6.DiagnosticSeverityInvalid}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(dp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is p as terraform-plugin-go has it.
func attributePath(p path.Path) *tftypes.AttributePath {
	at := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch st := step.(type) {
		case path.PathStepAttributeName:
			at = at.WithAttributeName(string(st))
		case path.PathStepElementKeyInt:
			at = at.WithElementKeyInt(int(st))
		case path.PathStepElementKeyString:
			at = at.WithElementKeyString(string(st))
		default:
			return nil
		}
	}
	return at
}
