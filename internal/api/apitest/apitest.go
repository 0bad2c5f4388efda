// Package apitest checks HTTP exchanges against anslag's OpenAPI document,
// so that the tests of every route prove that what the route does is what
// the document says. It wraps pb33f/libopenapi (parsing, the v3 model) and
// pb33f/libopenapi-validator (the OpenAPI 3.1 meta-schema, and requests and
// responses against the document: path, query and header parameters,
// bodies by JSON Schema 2020-12 with format assertions, status codes,
// content types and required response headers).
//
// It is for tests only; it is a package of its own because helpers in
// _test.go files cannot be shared between packages.
package apitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Spec is a parsed and valid OpenAPI document that checks exchanges.
type Spec struct {
	model     *v3.Document
	validator validator.Validator
}

// Load parses doc, builds its OpenAPI 3 model and validates it against the
// OpenAPI meta-schema of its version; any error fails t at once.
func Load(t testing.TB, doc []byte) *Spec {
	t.Helper()
	s, errs := load(doc)
	if len(errs) > 0 {
		t.Fatalf("apitest: the OpenAPI document is not valid:\n%s", strings.Join(errs, "\n"))
	}
	return s
}

func load(doc []byte) (*Spec, []string) {
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		return nil, []string{"parse: " + err.Error()}
	}
	if v := d.GetVersion(); !strings.HasPrefix(v, "3.1.") {
		return nil, []string{"version: " + v + ", want 3.1.x"}
	}
	m, err := d.BuildV3Model()
	if err != nil {
		return nil, []string{"model: " + err.Error()}
	}
	if ok, verrs := schema_validation.ValidateOpenAPIDocument(d); !ok {
		return nil, messages(verrs)
	}
	v := validator.NewValidatorFromV3Model(&m.Model, config.WithFormatAssertions())
	return &Spec{model: &m.Model, validator: v}, nil
}

// ValidateExchange loads doc and checks one exchange; see Spec.Check. Tests
// that check many exchanges should Load once instead.
func ValidateExchange(t testing.TB, doc []byte, req *http.Request, resp *http.Response) {
	t.Helper()
	Load(t, doc).Check(t, req, resp)
}

// Check fails t unless req and resp both conform to the document. The
// request body is read again through req.GetBody (http.NewRequest sets it
// for in-memory bodies); the response body is read and put back, so the
// caller can still read it.
func (s *Spec) Check(t testing.TB, req *http.Request, resp *http.Response) {
	t.Helper()
	s.check(t, req, resp, true)
}

// CheckResponse fails t unless resp conforms to the document; the request
// only selects the operation. It is for requests that are wrong on purpose.
func (s *Spec) CheckResponse(t testing.TB, req *http.Request, resp *http.Response) {
	t.Helper()
	s.check(t, req, resp, false)
}

func (s *Spec) check(t testing.TB, req *http.Request, resp *http.Response, withRequest bool) {
	t.Helper()
	problems, body, err := s.violations(req, resp, withRequest)
	if err != nil {
		t.Fatalf("apitest: %v", err)
	}
	if len(problems) > 0 {
		t.Errorf("apitest: %s %s → %d does not conform to the OpenAPI document:\n%s\nresponse body: %.2000s",
			req.Method, req.URL.RequestURI(), resp.StatusCode, strings.Join(problems, "\n"), body)
	}
}

// violations lists how the exchange departs from the document; it also
// returns the response body, which it has put back into resp.
func (s *Spec) violations(req *http.Request, resp *http.Response, withRequest bool) ([]string, []byte, error) {
	vreq := req.Clone(req.Context())
	vreq.Body = http.NoBody
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			return nil, nil, fmt.Errorf("request body: %w", err)
		}
		vreq.Body = b
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("response body: %w", err)
	}
	_ = resp.Body.Close()
	vresp := *resp
	vresp.Body = io.NopCloser(bytes.NewReader(body))
	resp.Body = io.NopCloser(bytes.NewReader(body))

	var ok bool
	var errs []*verrors.ValidationError
	if withRequest {
		ok, errs = s.validator.ValidateHttpRequestResponse(vreq, &vresp)
	} else {
		ok, errs = s.validator.ValidateHttpResponse(vreq, &vresp)
	}
	if ok && len(errs) == 0 {
		return nil, body, nil
	}
	return messages(errs), body, nil
}

// Serve runs req (from httptest.NewRequest or http.NewRequest) through h in
// process, checks the exchange with Check and returns the response, whose
// body can still be read.
func (s *Spec) Serve(t testing.TB, h http.Handler, req *http.Request) *http.Response {
	t.Helper()
	resp := serve(t, h, req)
	s.Check(t, req, resp)
	return resp
}

// ServeResponse is Serve that checks only the response: for requests that
// are wrong on purpose, to see that the error answer conforms.
func (s *Spec) ServeResponse(t testing.TB, h http.Handler, req *http.Request) *http.Response {
	t.Helper()
	resp := serve(t, h, req)
	s.CheckResponse(t, req, resp)
	return resp
}

func serve(t testing.TB, h http.Handler, req *http.Request) *http.Response {
	t.Helper()
	if req.GetBody == nil && req.Body != nil && req.Body != http.NoBody {
		// httptest.NewRequest leaves GetBody nil; keep the body for the check.
		b, err := io.ReadAll(req.Body)
		if err != nil {
			t.Fatalf("apitest: request body: %v", err)
		}
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	in := req.Clone(req.Context())
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			t.Fatalf("apitest: request body: %v", err)
		}
		in.Body = b
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, in)
	return rec.Result()
}

// Operations lists the document's operations as "GET /api/v1/pots/{id}",
// sorted, to compare with the routes a server registers.
func (s *Spec) Operations() []string {
	var ops []string
	if s.model.Paths == nil {
		return nil
	}
	for path, item := range s.model.Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().FromOldest() {
			ops = append(ops, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

func messages(errs []*verrors.ValidationError) []string {
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		m := e.Error()
		if e.HowToFix != "" {
			m += fmt.Sprintf(" (fix: %s)", e.HowToFix)
		}
		out = append(out, "  - "+m)
	}
	return out
}
