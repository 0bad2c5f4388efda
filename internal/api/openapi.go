package api

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/invopop/jsonschema"
)

// Info describes the API at the top of the OpenAPI document.
type Info struct {
	Title       string
	Version     string
	Description string // the conventions of the API are appended to it
	Tags        []Tag  // descriptions of the tags routes use
}

// Tag describes a group of operations.
type Tag struct{ Name, Description string }

// conventions tells clients, in the document itself, what every operation
// has in common.
const conventions = `

Errors are RFC 9457 problem documents (application/problem+json) whose type is ` + ProblemTypeBase + `{code}; ` +
	`the members code and field tell a program what failed and which input. The detail is in Swedish when ` +
	`Accept-Language prefers sv, otherwise in English. Field paths read "lines[2].amount".

Amounts in requests are integers of öre; in responses they are objects {ore, formatted}.

A versioned record's ETag is "v{version}". Writes to it need If-Match with the ETag read: 428 without it, ` +
	`412 when the record has changed since. If-None-Match on a read answers 304 when unchanged.

A POST may carry an Idempotency-Key (1–255 visible ASCII characters): a retry with the same key and request ` +
	`replays the first successful answer with Idempotent-Replayed: true; the same key with another request is 422.

Lists take limit (1–500, default 50) and offset, and answer {items, total, limit, offset, next}.`

// The document's object types. Members that may be left out are omitzero
// or omitempty; maps are written with sorted keys, so the output is
// byte-identical for the same routes.
type (
	document struct {
		OpenAPI    string                           `json:"openapi"`
		Info       docInfo                          `json:"info"`
		Tags       []docTag                         `json:"tags,omitempty"`
		Paths      map[string]map[string]*operation `json:"paths"`
		Components components                       `json:"components"`
		// Security lists the ways to authenticate; the empty one means a
		// request may also come from the public, whose rights are narrowest.
		Security []map[string][]string `json:"security"`
	}
	securityScheme struct {
		Type         string `json:"type"`
		Scheme       string `json:"scheme,omitempty"`
		BearerFormat string `json:"bearerFormat,omitempty"`
		In           string `json:"in,omitempty"`
		Name         string `json:"name,omitempty"`
		Description  string `json:"description,omitempty"`
	}
	docInfo struct {
		Title       string `json:"title"`
		Version     string `json:"version"`
		Description string `json:"description,omitempty"`
	}
	docTag struct {
		Name        string `json:"name"`
		Description string `json:"description,omitempty"`
	}
	operation struct {
		OperationID string              `json:"operationId"`
		Summary     string              `json:"summary,omitempty"`
		Description string              `json:"description,omitempty"`
		Tags        []string            `json:"tags,omitempty"`
		Parameters  []parameter         `json:"parameters,omitempty"`
		RequestBody *requestBody        `json:"requestBody,omitempty"`
		Responses   map[string]response `json:"responses"`
	}
	parameter struct {
		Ref         string         `json:"$ref,omitempty"`
		Name        string         `json:"name,omitempty"`
		In          string         `json:"in,omitempty"`
		Description string         `json:"description,omitempty"`
		Required    bool           `json:"required,omitzero"`
		Schema      map[string]any `json:"schema,omitempty"`
	}
	requestBody struct {
		Required bool                 `json:"required"`
		Content  map[string]mediaType `json:"content"`
	}
	mediaType struct {
		Schema *jsonschema.Schema `json:"schema"`
	}
	response struct {
		Ref         string               `json:"$ref,omitempty"`
		Description string               `json:"description,omitempty"`
		Headers     map[string]header    `json:"headers,omitempty"`
		Content     map[string]mediaType `json:"content,omitempty"`
	}
	header struct {
		Description string         `json:"description,omitempty"`
		Required    bool           `json:"required,omitzero"`
		Schema      map[string]any `json:"schema"`
	}
	components struct {
		Schemas    map[string]*jsonschema.Schema `json:"schemas"`
		Responses  map[string]response           `json:"responses,omitempty"`
		Parameters map[string]parameter          `json:"parameters,omitempty"`
		Security   map[string]securityScheme     `json:"securitySchemes,omitempty"`
	}
)

// errorResponse names the shared problem response of a status.
func errorResponse(status int) (string, bool) {
	switch status {
	case 400:
		return "BadRequest", true
	case 401:
		return "Unauthorized", true
	case 403:
		return "Forbidden", true
	case 404:
		return "NotFound", true
	case 405:
		return "MethodNotAllowed", true
	case 409:
		return "Conflict", true
	case 412:
		return "PreconditionFailed", true
	case 413:
		return "TooLarge", true
	case 415:
		return "UnsupportedMediaType", true
	case 422:
		return "Unprocessable", true
	case 428:
		return "PreconditionRequired", true
	case 429:
		return "TooManyRequests", true
	case 500:
		return "InternalError", true
	case 503:
		return "ServiceUnavailable", true
	}
	return "", false
}

// headerParam is a shared header parameter, by component name.
func headerParam(name string) parameter {
	switch name {
	case "IfMatch":
		return parameter{Name: "If-Match", In: "header", Required: true, Schema: map[string]any{"type": "string", "pattern": `^"v[0-9]+"$`},
			Description: `The ETag of the record as read, such as "v7". Without it the answer is 428; when the record has changed since, 412.`}
	case "IfNoneMatch":
		return parameter{Name: "If-None-Match", In: "header", Schema: map[string]any{"type": "string"},
			Description: "The ETag of the copy the client has; 304 when it is still current."}
	default: // "IdempotencyKey"
		return parameter{Name: "Idempotency-Key", In: "header", Schema: map[string]any{"type": "string", "minLength": 1, "maxLength": MaxIdempotencyKey},
			Description: "A key unique to this request, such as a UUID. A retry with the same key and request replays the first successful answer."}
	}
}

// OpenAPI returns the OpenAPI 3.1.0 document of the registered routes, as
// indented JSON, byte-identical for the same routes. It fails when a type
// cannot be described (a func or chan field) or two types share a name.
func (rt *Router) OpenAPI(info Info) (doc []byte, err error) {
	defer func() {
		if v := recover(); v != nil { // invopop/jsonschema panics on types JSON cannot hold
			err = fmt.Errorf("api: openapi: %v", v)
		}
	}()
	b := &builder{sc: newSchemas(), responses: map[string]int{}, params: map[string]bool{}}
	problem, err := b.sc.schema(Problem{})
	if err != nil {
		return nil, err
	}
	b.made = append(b.made, problem)
	d := document{
		OpenAPI: "3.1.0",
		Info:    docInfo{Title: info.Title, Version: info.Version, Description: strings.TrimSpace(info.Description + conventions)},
		Paths:   map[string]map[string]*operation{},
		Components: components{
			Schemas:    b.sc.defs,
			Responses:  map[string]response{},
			Parameters: map[string]parameter{},
			Security: map[string]securityScheme{
				"token": {Type: "http", Scheme: "bearer", BearerFormat: "anslag_t_…",
					Description: "An API token (anslag token create, or POST /api/v1/tokens), acting as its user with the user's roles."},
				"session": {Type: "apiKey", In: "cookie", Name: "anslag_session",
					Description: "The session cookie that POST /api/v1/session or the login page sets."},
			},
		},
		Security: []map[string][]string{{}, {"token": {}}, {"session": {}}},
	}
	tags := map[string]string{}
	for _, t := range info.Tags {
		tags[t.Name] = t.Description
	}
	for _, r := range rt.routes {
		op, err := b.operation(r)
		if err != nil {
			return nil, err
		}
		if d.Paths[r.Pattern] == nil {
			d.Paths[r.Pattern] = map[string]*operation{}
		}
		d.Paths[r.Pattern][strings.ToLower(r.Method)] = op
		for _, t := range r.Tags {
			if _, ok := tags[t]; !ok {
				tags[t] = ""
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(tags)) {
		d.Tags = append(d.Tags, docTag{Name: name, Description: tags[name]})
	}
	for name, status := range b.responses {
		d.Components.Responses[name] = response{
			Description: http.StatusText(status),
			Content:     map[string]mediaType{"application/problem+json": {Schema: &jsonschema.Schema{Ref: schemaRef + "Problem"}}},
		}
	}
	for name := range b.params {
		d.Components.Parameters[name] = headerParam(name)
	}
	for _, s := range d.Components.Schemas {
		b.made = append(b.made, s)
	}
	rewriteRefs(b.made...)
	out, err := json.Marshal(d, json.Deterministic(true), jsontext.WithIndent("  "))
	if err != nil {
		return nil, fmt.Errorf("api: openapi: %w", err)
	}
	return append(out, '\n'), nil
}

// builder collects, while the operations are described, what they share.
type builder struct {
	sc        *schemas
	made      []*jsonschema.Schema // every schema made, for rewriteRefs
	responses map[string]int       // the shared problem responses used, with their status
	params    map[string]bool      // the shared header parameters used
}

// operation describes one route.
func (b *builder) operation(r Route) (*operation, error) {
	op := &operation{OperationID: r.OperationID, Summary: r.Summary, Description: r.Description,
		Tags: r.Tags, Responses: map[string]response{}}
	for _, name := range pathParams(r.Pattern) {
		p := Param{Name: name}
		if i := slices.IndexFunc(r.Path, func(p Param) bool { return p.Name == name }); i >= 0 {
			p = r.Path[i]
		}
		op.Parameters = append(op.Parameters, parameter{Name: name, In: "path", Required: true,
			Description: p.Description, Schema: paramSchema(p)})
	}
	for _, p := range queryParams(r) {
		op.Parameters = append(op.Parameters, parameter{Name: p.Name, In: "query", Required: p.Required,
			Description: p.Description, Schema: paramSchema(p)})
	}
	useParam := func(name string) {
		b.params[name] = true
		op.Parameters = append(op.Parameters, parameter{Ref: "#/components/parameters/" + name})
	}
	if r.IfMatch {
		useParam("IfMatch")
	}
	if r.ETag && r.Method == http.MethodGet {
		useParam("IfNoneMatch")
	}
	if r.Idempotent {
		useParam("IdempotencyKey")
	}

	if r.Body != nil {
		s, err := b.sc.schema(r.Body)
		if err != nil {
			return nil, err
		}
		b.made = append(b.made, s)
		op.RequestBody = &requestBody{Required: true, Content: map[string]mediaType{"application/json": {Schema: s}}}
		for _, mt := range r.TextBody {
			op.RequestBody.Content[mt] = mediaType{Schema: &jsonschema.Schema{Type: "string",
				Description: "The whole body is the text, UTF-8 (or Windows-1252)."}}
		}
	}

	if len(r.Upload) > 0 {
		content := map[string]mediaType{}
		for _, u := range r.Upload {
			s := &jsonschema.Schema{Type: "object", Description: u.Description}
			if u.Binary {
				s = &jsonschema.Schema{Type: "string", Format: "binary", Description: u.Description}
			}
			content[u.MediaType] = mediaType{Schema: s}
		}
		op.RequestBody = &requestBody{Required: true, Content: content}
	}

	ok := response{Description: http.StatusText(r.Status), Headers: map[string]header{}}
	if r.Response != nil {
		s, err := b.sc.schema(r.Response)
		if err != nil {
			return nil, err
		}
		b.made = append(b.made, s)
		ok.Content = map[string]mediaType{"application/json": {Schema: s}}
	}
	etag := header{Description: `The record's version as an ETag, "v{version}"; send it back in If-Match to change the record.`,
		Required: true, Schema: map[string]any{"type": "string"}}
	if r.ETag {
		ok.Headers["ETag"] = etag
		if r.Idempotent { // a replay has no ETag: the stored answer keeps no headers
			ok.Headers["ETag"] = header{Description: etag.Description + " Absent when Idempotent-Replayed is true.", Schema: etag.Schema}
		}
	}
	if r.Idempotent {
		ok.Headers["Idempotent-Replayed"] = header{Description: "true when this is the stored answer to an earlier request with the same Idempotency-Key.",
			Schema: map[string]any{"type": "string", "enum": []string{"true"}}}
	}
	op.Responses[strconv.Itoa(r.Status)] = ok
	if r.ETag && r.Method == http.MethodGet {
		op.Responses["304"] = response{Description: "Not Modified: the If-None-Match ETag is current", Headers: map[string]header{"ETag": etag}}
	}
	for _, status := range errorStatuses(r) {
		name, known := errorResponse(status)
		if !known {
			return nil, fmt.Errorf("api: route %s %s: no problem response for status %d", r.Method, r.Pattern, status)
		}
		b.responses[name] = status
		op.Responses[strconv.Itoa(status)] = response{Ref: "#/components/responses/" + name}
	}
	return op, nil
}

// errorStatuses lists the error statuses a route can answer: those every
// route can, those its flags bring, and its own Errors.
func errorStatuses(r Route) []int {
	s := []int{400, 401, 403, 404, 500} // any route: bad query, no login, no right, no record, fault
	if r.Method != http.MethodGet {
		s = append(s, 409)
	} else {
		s = append(s, 503) // waited too long for its turn (Admission)
	}
	if r.IfMatch {
		s = append(s, 412, 428)
	}
	if r.Body != nil || len(r.Upload) > 0 {
		s = append(s, 413, 415)
	}
	if r.Idempotent {
		s = append(s, 413, 422)
	}
	s = append(s, r.Errors...)
	slices.Sort(s)
	return slices.Compact(s)
}

// paramSchema is the JSON Schema of a parameter's value.
func paramSchema(p Param) map[string]any {
	s := map[string]any{"type": "string"}
	switch p.Type {
	case Integer:
		s["type"] = "integer"
	case Boolean:
		s["type"] = "boolean"
	case Date:
		s["format"] = "date"
	}
	switch p.Name {
	case "limit":
		s["minimum"], s["maximum"], s["default"] = 1, MaxLimit, DefaultLimit
	case "offset":
		s["minimum"], s["default"] = 0, 0
	}
	if len(p.Enum) > 0 {
		s["enum"] = p.Enum
	}
	return s
}

// OpenAPIHandler serves the document, generated once, at whatever pattern
// it is registered under (by convention GET /api/v1/openapi.json).
func (rt *Router) OpenAPIHandler(info Info) (http.Handler, error) {
	doc, err := rt.OpenAPI(info)
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(doc)
	}), nil
}
