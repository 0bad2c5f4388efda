package api

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"

	"github.com/anslag/anslag/internal/grant"
)

// ProblemTypeBase starts the type URI of every problem document; the error
// code ends it: "https://anslag.se/problems/not_found". The URI names the
// kind of problem and is stable; it is an identifier and need not resolve.
const ProblemTypeBase = "https://anslag.se/problems/"

// Problem is an RFC 9457 problem document, sent as application/problem+json
// for every error the API answers.
type Problem struct {
	Type     string `json:"type" jsonschema:"format=uri,description=ProblemTypeBase followed by the code"`
	Title    string `json:"title" jsonschema:"description=Short summary of the kind of problem; the same for every occurrence of a code"`
	Status   int    `json:"status" jsonschema:"description=The HTTP status code,minimum=400,maximum=599"`
	Detail   string `json:"detail,omitempty" jsonschema:"description=What went wrong this time and how to fix it; in Swedish when Accept-Language prefers sv"`
	Instance string `json:"instance,omitempty" jsonschema:"description=The path of the request that failed"`
	Code     string `json:"code" jsonschema:"description=Machine-readable error code"`
	Field    string `json:"field,omitempty" jsonschema:"description=The input at fault: a body field path such as lines[2].amount or a query parameter or header name"`
}

// NewProblem describes err for the request r, in the language r prefers.
// An internal error (status 500) is described without its text; ref, if
// not empty, is quoted so that the log entry can be found.
func NewProblem(r *http.Request, err error, ref string) Problem {
	sv := PrefersSwedish(r)
	status := Status(err)
	code := grant.ErrorCode(err)
	p := Problem{Status: status, Instance: r.URL.Path}
	ge, isGrant := errors.AsType[*grant.Error](err)
	switch {
	case status == http.StatusInternalServerError:
		code = grant.EINTERNAL
		p.Detail = pick(sv, "anslag failed to handle the request", "anslag kunde inte hantera begäran")
		if ref != "" {
			p.Detail += pick(sv, "; reference ", "; referens ") + ref
		}
	case isGrant:
		p.Detail, p.Field = pick(sv, ge.Message, ge.Swedish), ge.Field
		if p.Detail == "" { // a domain error worded in one language only
			p.Detail = ge.Message + ge.Swedish
		}
	case status == http.StatusRequestEntityTooLarge: // an *http.MaxBytesError
		code = ETOOLARGE
		p.Detail = pick(sv, "the request body is too large", "begärans innehåll är för stort")
	}
	p.Code = code
	p.Type = ProblemTypeBase + code
	p.Title = title(code, sv)
	return p
}

// WriteError answers the request with the problem document for err. A
// server fault (500) is logged at error level with a random reference that
// the client sees; client errors, and the cancellation of a request whose
// client went away, are logged at debug level only. The logger
// is the one the Router put into the request context (see WithLogger).
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	ref := ""
	log := Logger(r.Context())
	switch {
	case errors.Is(err, context.Canceled) && errors.Is(r.Context().Err(), context.Canceled):
		// The client went away; no one will read the answer, and it is no fault.
		log.DebugContext(r.Context(), "api: request canceled", "method", r.Method, "path", r.URL.Path, "err", err)
	case Status(err) == http.StatusInternalServerError:
		ref = rand.Text()[:12]
		log.ErrorContext(r.Context(), "api: internal error", "ref", ref, "method", r.Method, "path", r.URL.Path, "err", err)
	default:
		log.DebugContext(r.Context(), "api: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := NewProblem(r, err, ref)
	b, merr := json.Marshal(p, json.Deterministic(true))
	if merr != nil { // cannot happen for Problem's plain fields
		b = []byte(`{"type":"` + ProblemTypeBase + `internal","title":"Internal error","status":500,"code":"internal"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Language", pick(PrefersSwedish(r), "en", "sv"))
	h.Add("Vary", "Accept-Language")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("ETag") // a problem is no representation of the record
	w.WriteHeader(p.Status)
	_, _ = w.Write(b) // the client has gone if this fails; nothing to do
}

// PrefersSwedish tells whether the request's Accept-Language ranks Swedish
// above English. English wins ties, a missing header and headers naming
// neither: it is the API's default language.
func PrefersSwedish(r *http.Request) bool {
	var svQ, enQ float64 = -1, -1
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(part, ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue // a malformed range is ignored, as RFC 9110 allows
			}
			q = f
		}
		switch primary {
		case "sv":
			svQ = max(svQ, q)
		case "en":
			enQ = max(enQ, q)
		}
	}
	return svQ > 0 && svQ > enQ
}

// pick returns en or sv.
func pick(sv bool, en, swedish string) string {
	if sv {
		return swedish
	}
	return en
}

// title is the fixed summary of a code, in English or Swedish.
func title(code string, sv bool) string {
	en, swe := "Internal error", "Internt fel"
	switch code {
	case grant.EINVALID:
		en, swe = "Invalid request", "Ogiltig begäran"
	case grant.ENOTFOUND:
		en, swe = "Not found", "Finns inte"
	case grant.ECONFLICT:
		en, swe = "Conflict", "Konflikt"
	case grant.EPRECONDITION:
		en, swe = "Changed since read", "Ändrad sedan den lästes"
	case EPRECONDITIONREQUIRED:
		en, swe = "If-Match required", "If-Match krävs"
	case grant.EUNAUTHORIZED:
		en, swe = "Not logged in", "Inte inloggad"
	case grant.EFORBIDDEN:
		en, swe = "Forbidden", "Otillåtet"
	case ETOOLARGE:
		en, swe = "Request too large", "Begäran är för stor"
	case EUNSUPPORTEDMEDIA:
		en, swe = "Unsupported media type", "Medietypen stöds inte"
	case EUNPROCESSABLE:
		en, swe = "Unprocessable request", "Begäran kan inte behandlas"
	case EMETHOD:
		en, swe = "Method not allowed", "Metoden är inte tillåten"
	case EBUSY:
		en, swe = "Server busy", "Servern är upptagen"
	}
	return pick(sv, en, swe)
}

type loggerKey struct{}

// WithLogger returns a context carrying log for WriteError. The Router does
// this for every request; handlers run outside a Router (in tests) can too.
func WithLogger(ctx context.Context, log *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, log)
}

// Logger returns the context's logger, or slog.Default() so that an internal
// error is never dropped unlogged.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok && l != nil {
		return l
	}
	return slog.Default()
}
