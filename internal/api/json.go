package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// MaxBodyBytes bounds every request body: the largest legitimate one (a
// requisition with a line per municipality) is a few tens of kilobytes.
const MaxBodyBytes = 1 << 20

// Decode reads the JSON request body into dst, a pointer. It requires
// Content-Type application/json (EUNSUPPORTEDMEDIA), at most MaxBodyBytes
// (ETOOLARGE), exactly one JSON value, no members dst does not declare and
// no duplicate members. Every failure of the input is a *grant.Error with
// code EINVALID whose Field is the path of the value at fault
// ("lines[2].amount") and whose messages say what was expected. Absent
// members are left as they are: the schema marks which are required, and
// the domain checks them.
func Decode(r *http.Request, dst any) error {
	if v := reflect.ValueOf(dst); v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("api: Decode needs a non-nil pointer, not %T", dst)
	}
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	body, err := readBody(r.Body, MaxBodyBytes)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return grant.Errorf(grant.EINVALID, "", "the request body is empty; expected a JSON object",
			"begärans innehåll är tomt; förväntade ett JSON-objekt")
	}
	if err := json.Unmarshal(body, dst, json.RejectUnknownMembers(true)); err != nil {
		return decodeError(err, body)
	}
	return nil
}

// checkContentType accepts application/json, with no charset or UTF-8, the
// only encoding JSON may have (RFC 8259).
func checkContentType(ct string) error {
	mt, params, err := mime.ParseMediaType(ct)
	cs, hasCS := params["charset"]
	if err != nil || mt != "application/json" || (hasCS && !strings.EqualFold(cs, "utf-8")) {
		if ct == "" {
			ct = "none"
		}
		return grant.Errorf(EUNSUPPORTEDMEDIA, "Content-Type", "the request body must be JSON sent as Content-Type: application/json, not %s",
			"begärans innehåll måste vara JSON med Content-Type: application/json, inte %s", ct)
	}
	return nil
}

// readBody reads at most limit bytes; past that it is ETOOLARGE. A body the
// Router already capped with http.MaxBytesReader reports the same way.
func readBody(body io.Reader, limit int64) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(body, limit+1))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok || int64(len(b)) > limit {
		return nil, tooLarge(limit)
	}
	if err != nil {
		return nil, fmt.Errorf("api: read request body: %w", err)
	}
	return b, nil
}

// decodeError turns a decoding error into an EINVALID grant.Error naming the
// field. Errors that are not about the input (dst not a pointer) stay
// internal.
func decodeError(err error, body []byte) error {
	if se, ok := errors.AsType[*jsontext.SyntacticError](err); ok {
		field := fieldPath(se.JSONPointer)
		switch {
		case errors.Is(se.Err, io.ErrUnexpectedEOF):
			return grant.Errorf(grant.EINVALID, field, "the JSON ends too early", "JSON-texten tar slut för tidigt")
		case errors.Is(se.Err, jsontext.ErrDuplicateName):
			return grant.Errorf(grant.EINVALID, field, "the member %q occurs twice", "fältet %q förekommer två gånger", lastToken(se.JSONPointer))
		default:
			return invalid(field, fmt.Sprintf("malformed JSON at byte %d: %v", se.ByteOffset, se.Err),
				fmt.Sprintf("felaktig JSON vid byte %d", se.ByteOffset))
		}
	}
	se, ok := errors.AsType[*json.SemanticError](err)
	if !ok || se.GoType == nil {
		return fmt.Errorf("api: decode: %w", err)
	}
	field := fieldPath(se.JSONPointer)
	if errors.Is(se.Err, json.ErrUnknownName) {
		return grant.Errorf(grant.EINVALID, field, "unknown field %q", "okänt fält %q", lastToken(se.JSONPointer))
	}
	if ge, ok := errors.AsType[*grant.Error](se.Err); ok { // from a type's own UnmarshalJSON
		e := *ge
		if e.Field == "" {
			e.Field = field
		}
		return &e
	}
	if errors.Is(se.Err, strconv.ErrRange) || errors.Is(se.Err, money.ErrOverflow) {
		return grant.Errorf(grant.EINVALID, field, "the number %s is out of range", "talet %s är för stort", string(se.JSONValue))
	}
	en, sv := expected(se.GoType)
	v := se.JSONValue
	if len(v) == 0 && se.JSONKind == '0' { // not kept when a type's own UnmarshalJSON failed
		v = valueAt(body, se.ByteOffset)
	}
	gotEn, gotSv := got(se.JSONKind, v)
	return invalid(field, "expected "+en+", got "+gotEn, "förväntade "+sv+", fick "+gotSv)
}

// invalid is an EINVALID error whose two messages differ in more than the
// arguments grant.Errorf shares between them.
func invalid(field, en, sv string) *grant.Error {
	return &grant.Error{Code: grant.EINVALID, Field: field, Message: en, Swedish: sv}
}

// expected says in words what a Go type accepts.
func expected(t reflect.Type) (en, sv string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[money.Amount]():
		return "a whole number of öre", "ett heltal öre"
	case reflect.TypeFor[grant.Date]():
		return "a date YYYY-MM-DD", "ett datum ÅÅÅÅ-MM-DD"
	case reflect.TypeFor[time.Time]():
		return "a date and time (RFC 3339)", "en tidpunkt (RFC 3339)"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number", "ett heltal"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, zero or more", "ett heltal, noll eller större"
	case reflect.Float32, reflect.Float64:
		return "a number", "ett tal"
	case reflect.String:
		return "a string", "en sträng"
	case reflect.Bool:
		return "true or false", "true eller false"
	case reflect.Slice, reflect.Array:
		return "an array", "en lista (JSON-array)"
	case reflect.Struct, reflect.Map:
		return "an object", "ett objekt"
	default:
		return "a value of type " + t.String(), "ett värde av typen " + t.String()
	}
}

// got says in words what the JSON had; numbers are quoted, shortened.
func got(k jsontext.Kind, v jsontext.Value) (en, sv string) {
	switch k {
	case '0':
		if len(v) > 0 {
			return excerpt(string(v)), excerpt(string(v))
		}
		return "a number", "ett tal"
	case '"':
		return "a string", "en sträng"
	case 't', 'f':
		return "a boolean", "ett sanningsvärde"
	case 'n':
		return "null", "null"
	case '[':
		return "an array", "en lista"
	case '{':
		return "an object", "ett objekt"
	default:
		return "something else", "något annat"
	}
}

// valueAt returns the JSON value that starts at offset in body, or nil.
func valueAt(body []byte, offset int64) jsontext.Value {
	if offset < 0 || offset >= int64(len(body)) {
		return nil
	}
	v, err := jsontext.NewDecoder(bytes.NewReader(body[offset:])).ReadValue()
	if err != nil {
		return nil
	}
	return v
}

func excerpt(s string) string {
	if len(s) <= 40 {
		return s
	}
	return fmt.Sprintf("%.40s…", s)
}

// fieldPath writes a JSON Pointer as grant writes field paths: members
// joined by ".", array indexes in brackets ("/lines/2/amount" is
// "lines[2].amount"). A member whose name is all digits reads as an index;
// request bodies have no such members.
func fieldPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.ParseUint(tok, 10, 64); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func lastToken(p jsontext.Pointer) string {
	last := ""
	for tok := range p.Tokens() {
		last = tok
	}
	return last
}

// Write answers with v as JSON and the given status; for 204 and 304 it
// writes no body. Encoding fails only for a programming error (a value JSON
// cannot represent); that becomes a logged 500 before anything is sent.
func Write(w http.ResponseWriter, r *http.Request, status int, v any) {
	if status == http.StatusNoContent || status == http.StatusNotModified {
		w.WriteHeader(status)
		return
	}
	b, err := json.Marshal(v, json.Deterministic(true))
	if err != nil {
		WriteError(w, r, fmt.Errorf("api: encode %T: %w", v, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	// With its length known the answer goes out whole, not in chunks.
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b) // the client has gone if this fails; nothing to do
}
