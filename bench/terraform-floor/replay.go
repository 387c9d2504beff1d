package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The parts of `tofu providers schema -json` that shape a resource: its
// version, attributes (type and flags) and nested blocks. Descriptions, plan
// modifiers, defaults and validators are not in it; a floor needs none.
type schemasJSON struct {
	ProviderSchemas map[string]struct {
		ResourceSchemas map[string]resourceJSON `json:"resource_schemas"`
	} `json:"provider_schemas"`
}

type blockJSON struct {
	Attributes map[string]attributeJSON `json:"attributes"`
	BlockTypes map[string]struct {
		NestingMode string    `json:"nesting_mode"`
		Block       blockJSON `json:"block"`
	} `json:"block_types"`
}

type attributeJSON struct {
	Type      json.RawMessage `json:"type"`
	Required  bool            `json:"required"`
	Optional  bool            `json:"optional"`
	Computed  bool            `json:"computed"`
	Sensitive bool            `json:"sensitive"`
}

// resourceJSON is a resource's schema as the JSON file has it.
type resourceJSON struct {
	Version int64     `json:"version"`
	Block   blockJSON `json:"block"`
}

// readResourceSchema is the resource typ of provider addr in the JSON file.
func readResourceSchema(file, addr, typ string) (resourceJSON, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return resourceJSON{}, err
	}
	var all schemasJSON
	if err := json.Unmarshal(data, &all); err != nil {
		return resourceJSON{}, fmt.Errorf("%s: %w", file, err)
	}
	r, ok := all.ProviderSchemas[addr].ResourceSchemas[typ]
	if !ok {
		return resourceJSON{}, fmt.Errorf("%s: no resource %s of %s", file, typ, addr)
	}
	return r, nil
}

// replaySchema is the schema of resource typ of provider addr in the JSON
// file.
func replaySchema(file, addr, typ string) (schema.Schema, error) {
	r, err := readResourceSchema(file, addr, typ)
	if err != nil {
		return schema.Schema{}, err
	}
	attrs, blocks, err := r.Block.members()
	return schema.Schema{Version: r.Version, Attributes: attrs, Blocks: blocks}, err
}

func (b blockJSON) members() (map[string]schema.Attribute, map[string]schema.Block, error) {
	attrs := map[string]schema.Attribute{}
	for name, a := range b.Attributes {
		at, err := a.attribute()
		if err != nil {
			return nil, nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		attrs[name] = at
	}
	blocks := map[string]schema.Block{}
	for name, bt := range b.BlockTypes {
		a, nested, err := bt.Block.members()
		if err != nil {
			return nil, nil, fmt.Errorf("block %s: %w", name, err)
		}
		obj := schema.NestedBlockObject{Attributes: a, Blocks: nested}
		switch bt.NestingMode {
		case "list":
			blocks[name] = schema.ListNestedBlock{NestedObject: obj}
		case "set":
			blocks[name] = schema.SetNestedBlock{NestedObject: obj}
		case "single":
			blocks[name] = schema.SingleNestedBlock{Attributes: a, Blocks: nested}
		default:
			return nil, nil, fmt.Errorf("block %s: nesting mode %q", name, bt.NestingMode)
		}
	}
	return attrs, blocks, nil
}

func (a attributeJSON) attribute() (schema.Attribute, error) {
	t, err := typeOf(a.Type)
	if err != nil {
		return nil, err
	}
	req, opt, comp, sens := a.Required, a.Optional, a.Computed, a.Sensitive
	switch t := t.(type) {
	case types.ListType:
		return schema.ListAttribute{ElementType: t.ElemType, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	case types.SetType:
		return schema.SetAttribute{ElementType: t.ElemType, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	case types.MapType:
		return schema.MapAttribute{ElementType: t.ElemType, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	case types.ObjectType:
		return schema.ObjectAttribute{AttributeTypes: t.AttrTypes, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	}
	switch t {
	case types.StringType:
		return schema.StringAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	case types.NumberType:
		return schema.NumberAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	case types.BoolType:
		return schema.BoolAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	}
	return nil, fmt.Errorf("type %s", t)
}

// typeOf reads a cty type in its JSON form: "string", ["list", "string"],
// ["object", {"name": "string"}], ...
func typeOf(raw json.RawMessage) (attr.Type, error) {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		switch name {
		case "string":
			return types.StringType, nil
		case "number":
			return types.NumberType, nil
		case "bool":
			return types.BoolType, nil
		}
		return nil, fmt.Errorf("type %q", name)
	}
	var pair []json.RawMessage
	if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
		return nil, fmt.Errorf("type %s", raw)
	}
	if err := json.Unmarshal(pair[0], &name); err != nil {
		return nil, fmt.Errorf("type %s", raw)
	}
	if name == "object" {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(pair[1], &fields); err != nil {
			return nil, fmt.Errorf("type %s", raw)
		}
		attrTypes := map[string]attr.Type{}
		for f, ft := range fields {
			t, err := typeOf(ft)
			if err != nil {
				return nil, err
			}
			attrTypes[f] = t
		}
		return types.ObjectType{AttrTypes: attrTypes}, nil
	}
	elem, err := typeOf(pair[1])
	if err != nil {
		return nil, err
	}
	switch name {
	case "list":
		return types.ListType{ElemType: elem}, nil
	case "set":
		return types.SetType{ElemType: elem}, nil
	case "map":
		return types.MapType{ElemType: elem}, nil
	}
	return nil, fmt.Errorf("type %s", raw)
}
