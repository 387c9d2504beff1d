package provider_test

// The direct path of the job types' hot RPCs (server_fast.go) against the
// framework's server: the same requests, of many shapes, to both, which
// must answer the same; and the direct path must have answered those it
// is meant to (a test that only ever fell back would prove nothing).

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
	"github.com/libopenai-ft/libopenai_ft/terraform/internal/provider"
)

// pair is the framework's server and the provider's, both configured
// against one emulator.
type pair struct {
	t      *testing.T
	fw     *server
	fast   *server
	schema map[string]*tfprotov6.Schema
	seen   map[string]bool // the configurations validated (validate)
}

func newPair(t *testing.T, emu *emutest.Emulator) *pair {
	t.Helper()
	fw, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	p := &pair{t: t, fw: configure(t, emu, fw), fast: configure(t, emu, provider.NewServer("test")())}
	schemas, err := fw.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	p.schema = schemas.ResourceSchemas
	p.seen = map[string]bool{}
	return p
}

// valueType is typeName's state type.
func (p *pair) valueType(typeName string) tftypes.Object {
	return p.schema[typeName].ValueType().(tftypes.Object)
}

// same sends one request to both servers (call) and requires equal
// responses; fast says whether the direct path must have answered it.
func (p *pair) same(name string, fast bool, call func(s *server) any) any {
	p.t.Helper()
	before := provider.FastHits()
	want := call(p.fw)
	mid := provider.FastHits()
	got := call(p.fast)
	hit := provider.FastHits() - mid
	if mid != before {
		p.t.Fatalf("%s: the framework's server took the direct path", name)
	}
	if !reflect.DeepEqual(got, want) {
		p.t.Errorf("%s: responses differ\ndirect:    %s\nframework: %s", name, dump(got), dump(want))
	}
	if fast != (hit == 1) {
		p.t.Errorf("%s: direct path taken %d times, want %v", name, hit, fast)
	}
	return want
}

// dump is a response for a failure message, its values decoded.
func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (p *pair) read(name string, fast bool, typeName string, state tftypes.Value, private []byte) *tfprotov6.ReadResourceResponse {
	p.t.Helper()
	typ := p.valueType(typeName)
	return p.same("read "+name, fast, func(s *server) any {
		resp, err := s.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
			TypeName: typeName, CurrentState: s.dynamic(typ, state), Private: private})
		if err != nil {
			p.t.Fatal(err)
		}
		return resp
	}).(*tfprotov6.ReadResourceResponse)
}

func (p *pair) plan(name string, fast bool, typeName string, prior, config tftypes.Value, private []byte) *tfprotov6.PlanResourceChangeResponse {
	p.t.Helper()
	typ := p.valueType(typeName)
	proposed := tftypes.NewValue(typ, nil)
	if !config.IsNull() {
		proposed = proposedNew(p.schema[typeName].Block, prior, config)
	}
	return p.same("plan "+name, fast, func(s *server) any {
		resp, err := s.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: s.dynamic(typ, prior), ProposedNewState: s.dynamic(typ, proposed),
			Config: s.dynamic(typ, config), PriorPrivate: private})
		if err != nil {
			p.t.Fatal(err)
		}
		return resp
	}).(*tfprotov6.PlanResourceChangeResponse)
}

// validate sends one configuration twice: the first validation of a
// configuration is the framework's, the next ones the one it keeps. The
// diagnostics are compared in any order: the framework's own order follows
// Go's map order over the schema, and changes from one call to the next.
func (p *pair) validate(name, typeName string, config tftypes.Value) {
	p.t.Helper()
	typ := p.valueType(typeName)
	key := typeName + config.String()
	first := !p.seen[key]
	p.seen[key] = true
	for i, fast := range []bool{!first, true} {
		p.same(fmt.Sprintf("validate %s (%d)", name, i+1), fast, func(s *server) any {
			resp, err := s.srv.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
				TypeName: typeName, Config: s.dynamic(typ, config)})
			if err != nil {
				p.t.Fatal(err)
			}
			diags := slices.Clone(resp.Diagnostics)
			slices.SortFunc(diags, func(a, b *tfprotov6.Diagnostic) int {
				return strings.Compare(a.Summary+a.Detail+a.Attribute.String(), b.Summary+b.Detail+b.Attribute.String())
			})
			return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: diags}
		})
	}
}

// upgrade sends one UpgradeResourceState to both servers. asJSON says
// whether the direct path must answer with the stored JSON itself: then the
// responses are compared as the values they decode to with the schema's
// type (the CLI decodes either encoding), else byte for byte.
func (p *pair) upgrade(name string, fast, asJSON bool, typeName string, version int64, raw *tfprotov6.RawState) {
	p.t.Helper()
	typ := p.valueType(typeName)
	p.same("upgrade "+name, fast, func(s *server) any {
		resp, err := s.srv.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
			TypeName: typeName, Version: version, RawState: raw})
		if err != nil {
			p.t.Fatal(err)
		}
		if st := resp.UpgradedState; st != nil && st.JSON != nil {
			if s == p.fw || !asJSON {
				p.t.Errorf("upgrade %s: a JSON answer, want msgpack", name)
			}
			v, err := st.Unmarshal(typ)
			if err != nil {
				p.t.Fatalf("upgrade %s: %v", name, err)
			}
			msgpack := p.fw.dynamic(typ, v)
			return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: msgpack, Diagnostics: resp.Diagnostics}
		}
		if s == p.fast && asJSON {
			p.t.Errorf("upgrade %s: a msgpack answer, want the stored JSON", name)
		}
		return resp
	})
}

// proposedNew is the proposed new state Terraform sends: the config's
// values, and the prior state's where the config leaves a computed
// attribute null (as Terraform's objchange.ProposedNew, for the shapes of
// these schemas: attributes and list blocks).
func proposedNew(block *tfprotov6.SchemaBlock, prior, config tftypes.Value) tftypes.Value {
	if prior.IsNull() || !config.IsKnown() {
		prior = tftypes.NewValue(config.Type(), nil)
	}
	var pm, cm map[string]tftypes.Value
	_ = config.As(&cm)
	if !prior.IsNull() {
		_ = prior.As(&pm)
	}
	out := map[string]tftypes.Value{}
	for _, a := range block.Attributes {
		out[a.Name] = cm[a.Name]
		if a.Computed && cm[a.Name].IsNull() && pm != nil {
			out[a.Name] = pm[a.Name]
		}
	}
	for _, b := range block.BlockTypes {
		var cl, pl []tftypes.Value
		_ = cm[b.TypeName].As(&cl)
		if pm != nil {
			_ = pm[b.TypeName].As(&pl)
		}
		elems := []tftypes.Value{}
		for i, c := range cl {
			pe := tftypes.NewValue(c.Type(), nil)
			if i < len(pl) {
				pe = pl[i]
			}
			elems = append(elems, proposedNew(b.Block, pe, c))
		}
		out[b.TypeName] = tftypes.NewValue(cm[b.TypeName].Type(), elems)
	}
	return tftypes.NewValue(config.Type(), out)
}

// with is v, an object, with some attributes replaced.
func with(v tftypes.Value, set map[string]tftypes.Value) tftypes.Value {
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		panic(err)
	}
	out := map[string]tftypes.Value{}
	for k, a := range m {
		out[k] = a
	}
	for k, a := range set {
		out[k] = a
	}
	return tftypes.NewValue(v.Type(), out)
}

// configOf is the configuration that wrote state: its arguments, the
// computed-only attributes null.
func (p *pair) configOf(typeName string, state tftypes.Value) tftypes.Value {
	var m map[string]tftypes.Value // tftypes' own map: not to be written
	if err := state.As(&m); err != nil {
		p.t.Fatal(err)
	}
	nulls := map[string]tftypes.Value{}
	for _, a := range p.schema[typeName].Block.Attributes {
		if a.Computed && !a.Optional {
			nulls[a.Name] = tftypes.NewValue(m[a.Name].Type(), nil)
		}
	}
	return with(state, nulls)
}

// stateJSON is v as a state file holds it.
func stateJSON(v tftypes.Value) any {
	if v.IsNull() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		if f.IsInt() { // as the CLI writes it: 1796581210, not 1.79658121e+09
			return json.Number(f.Text('f', 0))
		}
		return json.Number(f.Text('g', -1))
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.List{}):
		var l []tftypes.Value
		_ = v.As(&l)
		out := []any{}
		for _, e := range l {
			out = append(out, stateJSON(e))
		}
		return out
	default: // objects and maps
		var m map[string]tftypes.Value
		_ = v.As(&m)
		out := map[string]any{}
		for k, e := range m {
			out[k] = stateJSON(e)
		}
		return out
	}
}

// indented is v as JSON, indented (as a state file holds it).
func indented(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	privateImported = []byte(`{"imported":"dHJ1ZQ=="}`) // "true", as ImportState writes it
	privateVariants = map[string][]byte{"no private": nil, "empty private": []byte(`{}`),
		"imported": privateImported, "an empty value": []byte(`{"imported":"","k":"MQ=="}`),
		"another key":                []byte(`{"b":"MQ==","a":"eyJ4IjoxfQ=="}`),
		"the framework's import key": []byte(`{".import_before_read":"dHJ1ZQ==","imported":"dHJ1ZQ=="}`),
		"SDKv2's private state":      []byte(`{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":60}}`)}
)

// readPrivateFast says whether a read with this private state takes the direct path.
func readPrivateFast(name string) bool {
	return name != "the framework's import key" && name != "SDKv2's private state" && name != "an empty value"
}

func TestDirectPathMatchesFramework(t *testing.T) {
	ctx := context.Background()
	for _, duration := range []string{"0.3", "600"} {
		t.Run("job-duration "+duration, func(t *testing.T) {
			emu := emutest.Start(t, "--job-duration", duration)
			p := newPair(t, emu)
			good, bad := emu.Upload(t, "train.jsonl"), emu.Upload(t, "bad.jsonl")
			window := 60
			if duration == "600" {
				window = 0 // running jobs
			}
			for _, typeName := range []string{modelType, "openai_fine_tuning_job"} {
				p.fw.resource = p.valueType(typeName)
				p.fw.typeName = typeName
				p.fast.resource, p.fast.typeName = p.fw.resource, typeName
				shapes := map[string]map[string]tftypes.Value{
					"plain": jobArgs(good, window), "failed": jobArgs(bad, window),
					"suffix and validation": jobArgs(good, window)}
				shapes["suffix and validation"]["suffix"] = tftypes.NewValue(tftypes.String, "s1")
				shapes["suffix and validation"]["validation_file"] = tftypes.NewValue(tftypes.String, good)
				hp := p.valueType(typeName).AttributeTypes["hyperparameters"].(tftypes.List)
				hpObj := hp.ElementType.(tftypes.Object)
				shapes["hyperparameters"] = jobArgs(good, window)
				shapes["hyperparameters"]["hyperparameters"] = tftypes.NewValue(hp, []tftypes.Value{
					object(hpObj, map[string]tftypes.Value{"n_epochs": tftypes.NewValue(tftypes.String, "3"),
						"batch_size": tftypes.NewValue(tftypes.Number, 8)})})
				if typeName != modelType {
					shapes["upstream arguments"] = jobArgs(good, window)
					shapes["upstream arguments"]["seed"] = tftypes.NewValue(tftypes.Number, 42)
					shapes["upstream arguments"]["metadata"] = tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
						map[string]tftypes.Value{"team": tftypes.NewValue(tftypes.String, "a")})
				}
				if typeName != modelType {
					shapes["method and integrations"] = jobArgs(good, window)
					for name, v := range methodAndIntegrations(p.valueType(typeName)) {
						shapes["method and integrations"][name] = v
					}
				}
				for shape, args := range shapes {
					_, attrs := p.fw.create(ctx, args)
					if attrs == nil {
						t.Fatalf("%s %s: no state", typeName, shape)
					}
					state := tftypes.NewValue(p.fw.resource, attrs)
					p.checkState(t, typeName+" "+shape, typeName, state, emu)
				}
			}
		})
	}
}

// methodAndIntegrations are openai_fine_tuning_job's method block
// (supervised, n_epochs 2) and integrations block (wandb), of typ.
func methodAndIntegrations(typ tftypes.Object) map[string]tftypes.Value {
	list := func(t tftypes.Type, v tftypes.Value) tftypes.Value { return tftypes.NewValue(t, []tftypes.Value{v}) }
	elem := func(t tftypes.Type, name string) (tftypes.Type, tftypes.Object) {
		l := t.(tftypes.Object).AttributeTypes[name]
		return l, l.(tftypes.List).ElementType.(tftypes.Object)
	}
	methodT, methodObj := elem(typ, "method")
	supT, supObj := elem(methodObj, "supervised")
	hpT, hpObj := elem(supObj, "hyperparameters")
	intT, intObj := elem(typ, "integrations")
	wandbT, wandbObj := elem(intObj, "wandb")
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	hp := object(hpObj, map[string]tftypes.Value{"n_epochs": str("2")})
	sup := object(supObj, map[string]tftypes.Value{"hyperparameters": list(hpT, hp)})
	wandb := object(wandbObj, map[string]tftypes.Value{"project": str("p")})
	return map[string]tftypes.Value{
		"method": list(methodT, object(methodObj, map[string]tftypes.Value{
			"type": str("supervised"), "supervised": list(supT, sup)})),
		"integrations": list(intT, object(intObj, map[string]tftypes.Value{
			"type": str("wandb"), "wandb": list(wandbT, wandb)})),
	}
}

// checkState sends every request shape built from state, a state the
// provider wrote, to both servers.
func (p *pair) checkState(t *testing.T, name, typeName string, state tftypes.Value, emu *emutest.Emulator) {
	typ := p.valueType(typeName)
	for pv, private := range privateVariants {
		p.read(name+", "+pv, readPrivateFast(pv), typeName, state, private)
	}
	refreshed := p.read(name+", refreshed", true, typeName, state, nil)
	if refreshed.NewState != nil {
		if v, err := refreshed.NewState.Unmarshal(typ); err == nil && !v.IsNull() {
			state = v
		}
	}
	var attrs map[string]tftypes.Value
	_ = state.As(&attrs)
	config := p.configOf(typeName, state)
	null := tftypes.NewValue(typ, nil)

	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	num := func(v float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }
	for what, set := range map[string]map[string]tftypes.Value{
		"as written": nil, "suffix too long": {"suffix": str(strings.Repeat("s", 65))},
		"suffix unknown":           {"suffix": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)},
		"completion_window of -1":  {"completion_window": num(-1)},
		"a computed attribute set": {"status": str("running")},
	} {
		p.validate(name+", "+what, typeName, with(config, set))
	}
	if typeName == "openai_fine_tuning_job" {
		p.validate(name+", deprecated cancel_after_timeout", typeName,
			with(config, map[string]tftypes.Value{"cancel_after_timeout": num(60)}))
	}
	hpType := attrs["hyperparameters"].Type().(tftypes.List)
	for what, hp := range map[string]map[string]tftypes.Value{
		"n_epochs 0": {"n_epochs": str("0")}, "batch_size 1000": {"batch_size": num(1000)},
		"learning_rate_multiplier 20": {"learning_rate_multiplier": num(20)},
	} {
		block := object(hpType.ElementType.(tftypes.Object), hp)
		p.validate(name+", "+what, typeName, with(config, map[string]tftypes.Value{
			"hyperparameters": tftypes.NewValue(hpType, []tftypes.Value{block})}))
	}

	for pv, private := range privateVariants {
		fast := pv != "SDKv2's private state" && pv != "an empty value"
		p.plan(name+", no change, "+pv, fast, typeName, state, config, private)
	}
	p.plan(name+", completion_window left out (its default, 0)", true, typeName,
		with(state, map[string]tftypes.Value{"completion_window": tftypes.NewValue(tftypes.Number, 0)}),
		with(config, map[string]tftypes.Value{"completion_window": tftypes.NewValue(tftypes.Number, nil)}), nil)
	p.plan(name+", completion_window left out, 30 in the state", false, typeName,
		with(state, map[string]tftypes.Value{"completion_window": tftypes.NewValue(tftypes.Number, 30)}),
		with(config, map[string]tftypes.Value{"completion_window": tftypes.NewValue(tftypes.Number, nil)}), nil)
	p.plan(name+", completion_window changed", false, typeName, state,
		with(config, map[string]tftypes.Value{"completion_window": tftypes.NewValue(tftypes.Number, 7)}), nil)
	p.plan(name+", training_file changed", false, typeName, state,
		with(config, map[string]tftypes.Value{"training_file": tftypes.NewValue(tftypes.String, "file-other")}), nil)
	p.plan(name+", model changed (imported)", false, typeName, state,
		with(config, map[string]tftypes.Value{"model": tftypes.NewValue(tftypes.String, "gpt-4o-mini")}), privateImported)
	p.plan(name+", suffix unknown", false, typeName, state,
		with(config, map[string]tftypes.Value{"suffix": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}), nil)
	p.plan(name+", a computed value null in the state", true, typeName,
		with(state, map[string]tftypes.Value{"status": tftypes.NewValue(tftypes.String, nil)}), config, nil)
	p.plan(name+", destroy", false, typeName, state, null, nil)
	p.plan(name+", create", false, typeName, null, config, nil)

	// hyperparameters: n_epochs left out of a block (openai_fine_tuned_model's default "4").
	hp := attrs["hyperparameters"]
	var blocks []tftypes.Value
	_ = hp.As(&blocks)
	if len(blocks) == 1 {
		nullEpochs := with(blocks[0], map[string]tftypes.Value{"n_epochs": tftypes.NewValue(tftypes.String, nil)})
		for _, epochs := range []string{"4", "3"} {
			inState := with(blocks[0], map[string]tftypes.Value{"n_epochs": tftypes.NewValue(tftypes.String, epochs)})
			fast := typeName == modelType && epochs == "4"
			p.plan(fmt.Sprintf("%s, n_epochs left out, %s in the state", name, epochs), fast, typeName,
				with(state, map[string]tftypes.Value{"hyperparameters": tftypes.NewValue(hp.Type(), []tftypes.Value{inState})}),
				with(config, map[string]tftypes.Value{"hyperparameters": tftypes.NewValue(hp.Type(), []tftypes.Value{nullEpochs})}), nil)
		}
	}

	p.checkUpgrade(t, name, typeName, state)

	// An import: only the ID, as ImportResourceState leaves it; and of a job
	// that does not exist.
	id := attrs["id"]
	imported := object(typ, map[string]tftypes.Value{"id": id})
	p.read(name+", imported", true, typeName, imported, privateImported)
	p.read(name+", imported, the framework's key", false, typeName, imported,
		privateVariants["the framework's import key"])
	p.read(name+", imported, no such job", true, typeName,
		object(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "ftjob-nosuchjob")}), privateImported)

	// The job gone (404): the resource is removed.
	var jobID string
	if err := id.As(&jobID); err != nil || jobID == "" {
		t.Fatalf("%s: no job ID in %v", name, state)
	}
	emu.DeleteJob(p.t, jobID)
	p.read(name+", gone", true, typeName, state, privateImported)
}

// checkUpgrade sends UpgradeResourceState of state stored as JSON to both
// servers: at the current version (1) as the CLI stores it, with an
// attribute this schema does not have, with one missing, with values of
// every kind; and shapes the direct path leaves to the framework.
func (p *pair) checkUpgrade(t *testing.T, name, typeName string, state tftypes.Value) {
	typ := p.valueType(typeName)
	js := stateJSON(state).(map[string]any)
	p.upgrade(name+", current", true, true, typeName, 1, &tfprotov6.RawState{JSON: mustJSON(t, js)})
	p.upgrade(name+", current, indented", true, true, typeName, 1, &tfprotov6.RawState{JSON: indented(t, js)})
	extra := map[string]any{"gone_attribute": "x"}
	for k, v := range js {
		extra[k] = v
	}
	p.upgrade(name+", an attribute unknown to the schema", true, false, typeName, 1, &tfprotov6.RawState{JSON: mustJSON(t, extra)})
	delete(extra, "status")
	p.upgrade(name+", an attribute missing", true, false, typeName, 1, &tfprotov6.RawState{JSON: mustJSON(t, extra)})
	for what, v := range map[string]any{"a string with escapes": "a\u00e9\"\n\u2028b", "an integer": json.Number("1796581210"),
		"a negative integer": json.Number("-42"), "null": nil} {
		set := maps.Clone(js)
		set["status"], set["created_at"] = "running", json.Number("0")
		if _, ok := v.(string); ok || v == nil {
			set["status"] = v
		} else {
			set["created_at"] = v
		}
		p.upgrade(name+", "+what, true, true, typeName, 1, &tfprotov6.RawState{JSON: mustJSON(t, set)})
	}
	// Shapes the check leaves to tftypes: numbers beyond integer literals,
	// a key twice or escaped, a value of another type.
	for what, raw := range map[string]string{
		"a fraction": `"created_at":1.5`, "an exponent": `"created_at":1e3`, "minus zero": `"created_at":-0`,
		"16 digits": `"created_at":1234567890123456`, "a key twice": `"status":"a","status":"b"`,
		"an escaped key": `"st\u0061tus":"a"`, "a number as a string": `"created_at":"12"`,
		"a string as a number": `"status":12`, "a list as an object": `"hyperparameters":{}`,
		"a bool as a string": `"status":true`, "a list of a number": `"hyperparameters":[1]`,
	} {
		set := maps.Clone(js)
		for _, k := range []string{"created_at", "status", "hyperparameters"} {
			if strings.Contains(raw, `"`+k+`"`) || k == "status" && strings.Contains(raw, "tatus") {
				delete(set, k)
			}
		}
		b := mustJSON(t, set)
		b = append(b[:len(b)-1], []byte(","+raw+"}")...)
		// the direct path answers (in msgpack) what tftypes reads
		_, err := (&tfprotov6.RawState{JSON: b}).UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{
			ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
		p.upgrade(name+", "+what, err == nil, false, typeName, 1, &tfprotov6.RawState{JSON: b})
	}
	p.upgrade(name+", not JSON", false, false, typeName, 1, &tfprotov6.RawState{JSON: []byte(`{"id":`)})
	// Each attribute null: a block's goes to the framework, which makes it [].
	for attr, v := range js {
		set := maps.Clone(js)
		set[attr] = nil
		_, block := v.([]any)
		if block {
			_, block = typ.AttributeTypes[attr].(tftypes.List).ElementType.(tftypes.Object)
		}
		p.upgrade(name+", "+attr+" null", !block, !block, typeName, 1, &tfprotov6.RawState{JSON: mustJSON(t, set)})
		if block {
			delete(set, attr)
			p.upgrade(name+", "+attr+" left out", false, false, typeName, 1, &tfprotov6.RawState{JSON: mustJSON(t, set)})
		}
	}
	p.upgrade(name+", not UTF-8", false, false, typeName, 1, &tfprotov6.RawState{JSON: []byte("{\"id\":\"\xff\"}")})
	p.upgrade(name+", flatmap", false, false, typeName, 1, &tfprotov6.RawState{Flatmap: map[string]string{"id": "x"}})
	p.upgrade(name+", no state", false, false, typeName, 1, nil)
	p.upgrade(name+", upstream's version 0", false, false, typeName, 0, &tfprotov6.RawState{JSON: mustJSON(t, map[string]any{
		"id": js["id"], "model": js["model"], "training_file": js["training_file"], "validation_file": "",
		"suffix": "", "completion_window": 0, "created_at": js["created_at"], "finished_at": 0,
		"fine_tuned_model": "", "status": "running", "hyperparameters": []any{}})})
}
