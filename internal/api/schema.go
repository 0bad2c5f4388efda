package api

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/invopop/jsonschema"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// schemaRef is where the OpenAPI document keeps named schemas.
const schemaRef = "#/components/schemas/"

// schemas turns Go types into JSON Schema 2020-12 (the dialect of OpenAPI
// 3.1) with invopop/jsonschema. Every named struct type becomes one entry
// of components/schemas, referred to by $ref.
//
// The rules come from the json tags: a member is required unless tagged
// omitempty or omitzero, and an object allows no members beyond its fields
// (as Decode does). Write encodes with encoding/json/v2 semantics, where
// omitempty leaves out only "", null, [] and {}: tag an optional number,
// boolean or struct omitzero, and an optional pointer omitempty (a null is
// not of the pointed-to type). Descriptions, enums, formats and bounds come
// from jsonschema tags: `jsonschema:"description=…,enum=a,enum=b,minimum=0"`.
type schemas struct {
	reflector *jsonschema.Reflector
	defs      map[string]*jsonschema.Schema
	types     map[string][]reflect.Type // the types behind each name, to find clashes
}

func newSchemas() *schemas {
	s := &schemas{defs: map[string]*jsonschema.Schema{}, types: map[string][]reflect.Type{}}
	s.reflector = &jsonschema.Reflector{
		Anonymous: true, // no $id: the schemas live inside the document
		Namer:     s.name,
		Mapper:    mapType,
	}
	return s
}

// mapType gives the schema of the domain's own scalar types, which
// reflection alone would see as a bare integer or string.
func mapType(t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeFor[money.Amount]():
		return &jsonschema.Schema{Type: "integer", Format: "int64"}
	case reflect.TypeFor[grant.Date]():
		return &jsonschema.Schema{Type: "string", Format: "date"}
	}
	return nil
}

// name is the component name of a type: its Go name, with the type
// arguments of a generic type in front ("List[…api.Money]" is "MoneyList").
// Two types of one name would overwrite each other; schema reports it.
func (s *schemas) name(t reflect.Type) string {
	n := t.Name()
	if n == "" {
		return ""
	}
	if base, args, ok := strings.Cut(n, "["); ok {
		var b strings.Builder
		// Split the arguments into (possibly qualified) type names.
		for word := range strings.FieldsFuncSeq(args, func(r rune) bool {
			return !(r == '_' || r == '.' || r == '/' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
		}) {
			// Keep the last element of a qualified name: "github.com/x/api.Money" → "Money".
			word = word[strings.LastIndexAny(word, "/.")+1:]
			if word == "" {
				continue
			}
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
		n = b.String() + base
	}
	if !slices.Contains(s.types[n], t) {
		s.types[n] = append(s.types[n], t)
	}
	return n
}

// schema returns the schema of v's type, as a $ref for a named struct.
func (s *schemas) schema(v any) (*jsonschema.Schema, error) {
	root := s.reflector.Reflect(v)
	for name, def := range root.Definitions {
		if ts := s.types[name]; len(ts) > 1 {
			return nil, fmt.Errorf("api: the schema name %q stands for both %v and %v: rename one of the types", name, ts[0], ts[1])
		}
		if strings.IndexFunc(name, func(r rune) bool { return r > unicode.MaxASCII || !componentChar(byte(r)) }) >= 0 {
			return nil, fmt.Errorf("api: the type name %q cannot name an OpenAPI component (ASCII letters, digits, . - _ only): rename the type", name)
		}
		if _, ok := s.defs[name]; !ok {
			s.defs[name] = def
		}
	}
	root.Definitions, root.Version, root.ID = nil, "", ""
	return root, nil
}

// JSONSchemaExtend adds to Problem's schema what its tags cannot say: the
// codes, from the one list there is of them.
func (Problem) JSONSchemaExtend(s *jsonschema.Schema) {
	if code, ok := s.Properties.Get("code"); ok {
		for _, c := range Codes() {
			code.Enum = append(code.Enum, c)
		}
	}
}

// componentChar tells whether OpenAPI allows c in a component name.
func componentChar(c byte) bool {
	return c == '.' || c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// rewriteRefs points the $refs of invopop ("#/$defs/X") at the document's
// components, in every schema reachable from roots.
func rewriteRefs(roots ...*jsonschema.Schema) {
	seen := map[*jsonschema.Schema]bool{}
	var walk func(*jsonschema.Schema)
	walk = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if name, ok := strings.CutPrefix(s.Ref, "#/$defs/"); ok {
			s.Ref = schemaRef + name
		}
		for _, sub := range subschemas(s) {
			walk(sub)
		}
	}
	for _, r := range roots {
		walk(r)
	}
}

// subschemas lists the schemas directly inside s.
func subschemas(s *jsonschema.Schema) []*jsonschema.Schema {
	subs := []*jsonschema.Schema{s.Not, s.If, s.Then, s.Else, s.Items, s.Contains,
		s.AdditionalProperties, s.PropertyNames, s.ContentSchema}
	subs = append(subs, s.AllOf...)
	subs = append(subs, s.AnyOf...)
	subs = append(subs, s.OneOf...)
	subs = append(subs, s.PrefixItems...)
	for _, m := range []map[string]*jsonschema.Schema{s.DependentSchemas, s.PatternProperties, s.Definitions} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			subs = append(subs, m[k])
		}
	}
	if s.Properties != nil {
		for p := s.Properties.Oldest(); p != nil; p = p.Next() {
			subs = append(subs, p.Value)
		}
	}
	return subs
}
