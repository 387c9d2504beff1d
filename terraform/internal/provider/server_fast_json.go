package provider

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A state stored at the current version is, nearly always, the JSON the
// CLI wrote from a value of the schema's own type: every attribute there,
// nothing else, each of its type. The framework's answer to
// UpgradeResourceState for it is that value again, decoded and encoded as
// msgpack, which cost more CPU than any other call of a plan with
// refresh. The CLI reads a DynamicValue in JSON as well as in msgpack
// (OpenTofu's and Terraform's decodeDynamicValue), so such a state is
// answered with its own JSON, once jsonShape has proved that the CLI
// decodes it to the value the framework would have sent: the same
// attributes, the same types, numbers only as integer literals that both
// read alike, no null list of objects (the framework reads a null block as
// an empty one). Anything else goes the longer way.

// jsonShape is a tftypes.Type as jsonShape.match checks it.
type jsonShape struct {
	kind   jsonKind
	elem   *jsonShape     // a list's or a map's elements
	attrs  map[string]int // an object's attributes: index in fields
	fields []*jsonShape   // by that index
	all    uint64         // an object's attributes, one bit each
}

type jsonKind int

const (
	jsonString jsonKind = iota
	jsonNumber
	jsonBool
	jsonList
	jsonMap
	jsonObject
)

// newJSONShape is typ's shape, or nil when typ has a type the check does
// not prove (sets, tuples, dynamic values, optional attributes, objects of
// more than 64 attributes).
func newJSONShape(typ tftypes.Type) *jsonShape {
	switch {
	case typ.Is(tftypes.String):
		return &jsonShape{kind: jsonString}
	case typ.Is(tftypes.Number):
		return &jsonShape{kind: jsonNumber}
	case typ.Is(tftypes.Bool):
		return &jsonShape{kind: jsonBool}
	}
	switch t := typ.(type) {
	case tftypes.List:
		if e := newJSONShape(t.ElementType); e != nil {
			return &jsonShape{kind: jsonList, elem: e}
		}
	case tftypes.Map:
		if e := newJSONShape(t.ElementType); e != nil {
			return &jsonShape{kind: jsonMap, elem: e}
		}
	case tftypes.Object:
		if len(t.OptionalAttributes) != 0 || len(t.AttributeTypes) > 64 {
			return nil
		}
		s := &jsonShape{kind: jsonObject, attrs: map[string]int{}}
		for name, at := range t.AttributeTypes {
			a := newJSONShape(at)
			if a == nil {
				return nil
			}
			s.all |= 1 << len(s.fields)
			s.attrs[name] = len(s.fields)
			s.fields = append(s.fields, a)
		}
		return s
	}
	return nil
}

// isBlock reports whether s is a list of objects, a block, which is never
// null: the framework makes a null block [].
func (s *jsonShape) isBlock() bool { return s.kind == jsonList && s.elem.kind == jsonObject }

// exact reports whether b is a JSON object of exactly the shape s, as
// the package comment says.
func (s *jsonShape) exact(b []byte) bool {
	if s == nil || s.kind != jsonObject || !utf8.Valid(b) || !json.Valid(b) {
		return false
	}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i, ok := s.match(b, i)
	return ok && skipSpace(b, i) == len(b)
}

// match checks the value at b[i] (valid JSON, json.Valid has said so)
// against s; it returns the index after that value.
func (s *jsonShape) match(b []byte, i int) (int, bool) {
	i = skipSpace(b, i)
	if b[i] == 'n' { // null: a null of any type but a block's
		return i + 4, !s.isBlock()
	}
	switch s.kind {
	case jsonString:
		if b[i] != '"' {
			return i, false
		}
		return skipString(b, i), true
	case jsonNumber:
		return matchInteger(b, i)
	case jsonBool:
		switch b[i] {
		case 't':
			return i + 4, true
		case 'f':
			return i + 5, true
		}
		return i, false
	case jsonList:
		if b[i] != '[' {
			return i, false
		}
		i = skipSpace(b, i+1)
		if b[i] == ']' {
			return i + 1, true
		}
		for {
			var ok bool
			if i, ok = s.elem.match(b, i); !ok {
				return i, false
			}
			i = skipSpace(b, i)
			if b[i] == ']' {
				return i + 1, true
			}
			i++ // ','
		}
	}
	return s.matchObject(b, i)
}

// matchObject checks an object or a map: its keys plain (no escapes), each
// once; an object's keys exactly its attributes.
func (s *jsonShape) matchObject(b []byte, i int) (int, bool) {
	if b[i] != '{' {
		return i, false
	}
	var seen uint64
	var keys map[string]bool // a map's
	i = skipSpace(b, i+1)
	for b[i] != '}' {
		end := skipString(b, i)
		key := b[i+1 : end-1]
		for _, c := range key {
			if c == '\\' {
				return i, false
			}
		}
		elem := s.elem
		if s.kind == jsonObject {
			n, ok := s.attrs[string(key)]
			if !ok || seen&(1<<n) != 0 {
				return i, false
			}
			seen |= 1 << n
			elem = s.fields[n]
		} else {
			if keys == nil {
				keys = map[string]bool{}
			}
			if keys[string(key)] {
				return i, false
			}
			keys[string(key)] = true
		}
		i = skipSpace(b, end) + 1 // ':'
		var ok bool
		if i, ok = elem.match(b, i); !ok {
			return i, false
		}
		if i = skipSpace(b, i); b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return i + 1, s.kind == jsonMap || seen == s.all
}

// matchInteger accepts an integer literal of at most 15 digits, without a
// sign on zero: a value that every reader takes for the same number.
func matchInteger(b []byte, i int) (int, bool) {
	start := i
	if b[i] == '-' {
		i++
	}
	digits := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	n := i - digits
	if n == 0 || n > 15 || (b[digits] == '0' && (n > 1 || digits != start)) {
		return i, false
	}
	if i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
		return i, false
	}
	return i, true
}

// skipString is the index after the string that starts at b[i].
func skipString(b []byte, i int) int {
	for i++; b[i] != '"'; i++ {
		if b[i] == '\\' {
			i++
		}
	}
	return i + 1
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
