package api

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// Route is one operation of the API, declared once: how it is served and
// how the OpenAPI document describes it.
type Route struct {
	Method      string // GET, POST, PUT, PATCH or DELETE (GET also answers HEAD)
	Pattern     string // "/api/v1/pots/{id}": a net/http pattern under Config.Prefix
	OperationID string // optional; by default from method and path: "getPotsById"
	Summary     string
	Description string
	Tags        []string

	Path  []Param // documents path parameters; an undocumented one is a string
	Query []Param // the query parameters accepted; any other is 400
	Paged bool    // accepts limit and offset (see ParsePage); Response should be a List
	// Cached: a read whose answer Config.Lists may keep for a moment; Paged
	// routes always are.
	Cached bool

	Body any // zero value of the request body type, or nil for none
	// TextBody lists media types (text/plain) the body may be sent as
	// instead of JSON: the whole body is then one text; the handler reads it.
	TextBody []string
	// Upload lists the media types of a raw request body that the handler
	// streams itself (a file as downloaded), instead of a JSON Body.
	Upload []Upload
	// MaxBytes caps the request body; 0 means MaxBodyBytes.
	MaxBytes int64
	Response any // zero value of the success response type, or nil for none (204)
	Status   int // success status; default 200, or 204 when Response is nil

	ETag       bool  // the success response carries an ETag (GET also answers 304 to If-None-Match)
	IfMatch    bool  // If-Match is required (428 without it); see IfMatch
	Idempotent bool  // POST honours Idempotency-Key; see Idempotency
	Errors     []int // error statuses beyond those the flags imply

	Handler http.HandlerFunc
}

// Upload is one media type a route accepts as a raw body.
type Upload struct {
	MediaType   string // "text/csv"
	Description string
	Binary      bool // the body is text or bytes (format binary), not a JSON object
}

// Param is a documented query or path parameter. The Router checks the
// query parameters before the handler runs: unknown, repeated, missing
// required ones and values of the wrong type or outside Enum are 400.
type Param struct {
	Name        string
	Description string
	Type        ParamType // default String
	Required    bool      // always true for path parameters
	Enum        []string  // the allowed values, if limited
}

// ParamType is the type of a parameter's value.
type ParamType string

// The parameter types; Date is YYYY-MM-DD.
const (
	String  ParamType = "string"
	Integer ParamType = "integer"
	Date    ParamType = "date"
	Boolean ParamType = "boolean"
)

// Config is what a Router depends on.
type Config struct {
	// Prefix starts every route's pattern; requests under it that match no
	// route get a problem document (404 or 405). Default "/api/v1".
	Prefix string
	// Log receives internal errors and panics; nil means slog.Default().
	Log *slog.Logger
	// Idempotency stores answers for Idempotent routes; required if any.
	Idempotency IdempotencyStore
	// Actor names who sent a request, to scope idempotency keys; nil: "".
	Actor func(*http.Request) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Lists, if set, keeps the answers of Paged and Cached routes briefly.
	Lists *ListCache
	// Reads, if set, admits the GET routes a few at a time, in turn.
	Reads *Admission
}

// Router collects the routes of the API. Register every route with Handle,
// then Mount it; the Router is not safe for concurrent Handle calls.
type Router struct {
	cfg    Config
	idem   *Idempotency
	routes []Route
}

// NewRouter makes an empty Router.
func NewRouter(cfg Config) *Router {
	if cfg.Prefix == "" {
		cfg.Prefix = "/api/v1"
	}
	cfg.Prefix = strings.TrimSuffix(cfg.Prefix, "/")
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	rt := &Router{cfg: cfg}
	if cfg.Idempotency != nil {
		rt.idem = NewIdempotency(cfg.Idempotency, cfg.Actor, cfg.Now)
	}
	return rt
}

// Handle adds a route. Like http.ServeMux.Handle it panics on a route that
// is wrong in itself or clashes with another: those are programming errors,
// found when the server starts, and by any test that builds the Router.
func (rt *Router) Handle(r Route) {
	if err := rt.check(&r); err != nil {
		panic(fmt.Sprintf("api: route %s %s: %v", r.Method, r.Pattern, err))
	}
	rt.routes = append(rt.routes, r)
}

// check validates r and fills in its defaults.
func (rt *Router) check(r *Route) error {
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return fmt.Errorf("method must be GET, POST, PUT, PATCH or DELETE")
	}
	if !strings.HasPrefix(r.Pattern, rt.cfg.Prefix+"/") || strings.HasSuffix(r.Pattern, "/") ||
		strings.Contains(r.Pattern, "...}") || strings.Contains(r.Pattern, "{$}") {
		return fmt.Errorf("pattern must be a path under %s/, not ending in / and without {x...} or {$} (OpenAPI cannot express them)", rt.cfg.Prefix)
	}
	if r.Handler == nil {
		return fmt.Errorf("no handler")
	}
	if r.Status == 0 {
		r.Status = http.StatusOK
		if r.Response == nil {
			r.Status = http.StatusNoContent
		}
	}
	switch {
	case r.Status < 200 || r.Status > 299:
		return fmt.Errorf("success status %d is not 2xx", r.Status)
	case (r.Status == http.StatusNoContent) != (r.Response == nil):
		return fmt.Errorf("a route answers 204 exactly when it has no Response")
	case len(r.TextBody) > 0 && r.Body == nil:
		return fmt.Errorf("TextBody is an alternative to a JSON Body")
	case r.Body != nil && r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch:
		return fmt.Errorf("only POST, PUT and PATCH take a body")
	case r.Idempotent && r.Method != http.MethodPost:
		return fmt.Errorf("only POST needs Idempotent; the other methods are idempotent already")
	case r.Idempotent && rt.idem == nil:
		return fmt.Errorf("Idempotent needs Config.Idempotency")
	case r.IfMatch && r.Method == http.MethodGet:
		return fmt.Errorf("If-Match is for writes")
	case r.Paged && r.Method != http.MethodGet:
		return fmt.Errorf("only GET lists are paged")
	case r.Cached && r.Method != http.MethodGet:
		return fmt.Errorf("only GET reads are cached")
	}
	names := pathParams(r.Pattern)
	for _, p := range r.Path {
		if !slices.Contains(names, p.Name) {
			return fmt.Errorf("documented path parameter %q is not in the pattern", p.Name)
		}
	}
	for _, p := range r.Query {
		if p.Name == "" || slices.Contains(names, p.Name) || (r.Paged && slices.Contains([]string{"limit", "offset", "count"}, p.Name)) {
			return fmt.Errorf("query parameter %q is empty or declared twice", p.Name)
		}
	}
	if r.OperationID == "" {
		r.OperationID = operationID(r.Method, strings.TrimPrefix(r.Pattern, rt.cfg.Prefix))
	}
	for _, o := range rt.routes {
		if o.Method == r.Method && samePath(o.Pattern, r.Pattern) {
			return fmt.Errorf("already registered as %s %s", o.Method, o.Pattern)
		}
		if o.Pattern != r.Pattern && samePath(o.Pattern, r.Pattern) { // OpenAPI forbids it
			return fmt.Errorf("name the wildcards as %s %s does", o.Method, o.Pattern)
		}
		if o.OperationID == r.OperationID {
			return fmt.Errorf("operationId %q is taken by %s %s", r.OperationID, o.Method, o.Pattern)
		}
	}
	return nil
}

// Routes returns the registered routes, in the order of registration.
func (rt *Router) Routes() []Route { return slices.Clone(rt.routes) }

// Mux is where a Router mounts its routes: an *http.ServeMux, or a server's
// mux that also records what is registered on it.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Mount registers every route on mux, each wrapped in the checks its flags
// ask for, plus a handler for the rest of the prefix that answers 404, or
// 405 with Allow when the path exists with other methods.
func (rt *Router) Mount(mux Mux) {
	allowed := http.NewServeMux() // path patterns only, to find the methods of a path
	methods := map[string][]string{}
	for _, r := range rt.routes {
		mux.Handle(r.Method+" "+r.Pattern, rt.wrap(r))
		key := pathKey(r.Pattern)
		if _, ok := methods[key]; !ok {
			allowed.Handle(r.Pattern, http.NotFoundHandler())
		}
		methods[key] = append(methods[key], r.Method)
		if r.Method == http.MethodGet {
			methods[key] = append(methods[key], http.MethodHead)
		}
	}
	rest := rt.base(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := allowed.Handler(r); pattern != "" {
			ms := slices.Sorted(slices.Values(methods[pathKey(pattern)]))
			w.Header().Set("Allow", strings.Join(ms, ", "))
			WriteError(w, r, grant.Errorf(EMETHOD, "", "%s is not allowed here; allowed: %s",
				"%s är inte tillåtet här; tillåtna: %s", r.Method, strings.Join(ms, ", ")))
			return
		}
		WriteError(w, r, grant.Errorf(grant.ENOTFOUND, "", "no such API path: %s", "ingen sådan sökväg i API:t: %s", r.URL.Path))
	}))
	// One pattern per method, not a bare "/api/v1/": that would conflict
	// with a "GET /" of the web pages (neither is more specific).
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		mux.Handle(m+" "+rt.cfg.Prefix+"/", rest)
	}
}

// wrap puts a route's handler inside the checks its flags ask for.
func (rt *Router) wrap(r Route) http.Handler {
	h := http.Handler(r.Handler)
	if rt.cfg.Lists != nil && r.Method == http.MethodGet && (r.Paged || r.Cached) {
		who := rt.cfg.Actor
		if who == nil {
			who = func(*http.Request) string { return "" }
		}
		h = rt.cfg.Lists.wrap(h, who)
	}
	if r.Idempotent {
		h = rt.idem.Wrap(h)
	}
	if r.IfMatch {
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if _, err := IfMatch(req); err != nil {
				WriteError(w, req, err)
				return
			}
			next.ServeHTTP(w, req)
		})
	}
	next := h
	h = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		q, err := url.ParseQuery(req.URL.RawQuery)
		if err != nil {
			WriteError(w, req, grant.Errorf(grant.EINVALID, "", "the query string is malformed: %v", "frågesträngen är felaktig: %v", err))
			return
		}
		req = req.WithContext(context.WithValue(req.Context(), queryKey{}, q))
		if err := checkQuery(req, r); err != nil {
			WriteError(w, req, err)
			return
		}
		if req.Body != nil {
			req.Body = http.MaxBytesReader(w, req.Body, cmp.Or(r.MaxBytes, MaxBodyBytes))
		}
		next.ServeHTTP(w, req)
	})
	if rt.cfg.Reads != nil && r.Method == http.MethodGet {
		h = rt.cfg.Reads.wrap(h)
	}
	return rt.base(h)
}

// base gives every request the logger and turns a panic into a logged 500.
func (rt *Router) base(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(WithLogger(r.Context(), rt.cfg.Log))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				WriteError(w, r, fmt.Errorf("api: panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// checkQuery enforces what the route declares about its query parameters,
// so that a misspelt filter is an error rather than silently ignored.
func checkQuery(r *http.Request, rt Route) error {
	q := query(r)
	params := queryParams(rt)
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if !slices.ContainsFunc(params, func(p Param) bool { return p.Name == name }) {
			accepted := "none"
			if len(params) > 0 {
				var names []string
				for _, p := range params {
					names = append(names, p.Name)
				}
				accepted = strings.Join(names, ", ")
			}
			return grant.Errorf(grant.EINVALID, name, "unknown query parameter %q; accepted: %s",
				"okänd frågeparameter %q; tillåtna: %s", name, accepted)
		}
	}
	for _, p := range params {
		if err := checkParam(r, p); err != nil {
			return err
		}
	}
	if rt.Paged {
		_, err := ParsePage(r)
		return err
	}
	return nil
}

func checkParam(r *http.Request, p Param) error {
	v, ok, err := queryValue(r, p.Name)
	switch {
	case err != nil:
		return err
	case !ok && p.Required:
		return grant.Errorf(grant.EINVALID, p.Name, "the query parameter %s is required", "frågeparametern %s krävs", p.Name)
	case !ok:
		return nil
	}
	switch p.Type {
	case Integer:
		_, _, err = QueryInt(r, p.Name)
	case Date:
		_, _, err = QueryDate(r, p.Name)
	case Boolean:
		if v != "true" && v != "false" {
			err = grant.Errorf(grant.EINVALID, p.Name, "the query parameter %s must be true or false", "frågeparametern %s måste vara true eller false", p.Name)
		}
	}
	if err == nil && len(p.Enum) > 0 && !slices.Contains(p.Enum, v) {
		err = grant.Errorf(grant.EINVALID, p.Name, "the query parameter %s must be one of %s", "frågeparametern %s måste vara en av %s",
			p.Name, strings.Join(p.Enum, ", "))
	}
	return err
}

// queryParams is every query parameter a route accepts.
func queryParams(r Route) []Param {
	ps := slices.Clone(r.Query)
	if r.Paged {
		ps = append(ps,
			Param{Name: "limit", Type: Integer, Description: fmt.Sprintf("Page size, 1 to %d; default %d", MaxLimit, DefaultLimit)},
			Param{Name: "offset", Type: Integer, Description: "Position of the first item in the whole list; default 0"},
			Param{Name: "count", Type: Boolean, Description: "Give the whole list's total even when more items follow this page, which means reading every match; default false (the total is then given on the last page only)"})
	}
	return ps
}

// pathParams lists the wildcard names of a pattern, in order.
func pathParams(pattern string) []string {
	var names []string
	for seg := range strings.SplitSeq(pattern, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			names = append(names, strings.TrimSuffix(name, "}"))
		}
	}
	return names
}

// pathKey is a pattern with its wildcard names blanked, so that
// "/pots/{id}" and "/pots/{pot}" are recognised as the same path.
func pathKey(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

func samePath(a, b string) bool { return pathKey(a) == pathKey(b) }

// operationID derives "getPotsById" from GET and "/pots/{id}".
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for seg := range strings.SplitSeq(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			b.WriteString("By")
			seg = strings.TrimSuffix(name, "}")
		}
		for word := range strings.FieldsFuncSeq(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}
