package api_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

type decLine struct {
	Code   string       `json:"code"`
	Amount money.Amount `json:"amount"`
}

type decBody struct {
	Name    string           `json:"name"`
	Amount  int64            `json:"amount"`
	Total   money.Amount     `json:"total"`
	Count   uint             `json:"count"`
	Share   float64          `json:"share"`
	Active  bool             `json:"active"`
	Decided grant.Date       `json:"decided"`
	At      time.Time        `json:"at"`
	Lines   []decLine        `json:"lines"`
	ByCode  map[string]int   `json:"by_code"`
	Meta    *struct{ X int } `json:"meta"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, ct, body      string
		wantCode, wantField string
		wantEn, wantSv      string // substrings of the messages
	}{
		{name: "ok", ct: "application/json", body: `{"name":"Analys","amount":100,"total":2500,"lines":[{"code":"0780","amount":5}]}`},
		{name: "charset utf-8", ct: "application/json; charset=UTF-8", body: `{"name":"x"}`},
		{name: "no content type", ct: "", body: `{}`, wantCode: api.EUNSUPPORTEDMEDIA, wantField: "Content-Type", wantEn: "not none"},
		{name: "form", ct: "application/x-www-form-urlencoded", body: `a=b`, wantCode: api.EUNSUPPORTEDMEDIA, wantField: "Content-Type", wantSv: "application/json"},
		{name: "latin-1", ct: "application/json; charset=iso-8859-1", body: `{}`, wantCode: api.EUNSUPPORTEDMEDIA, wantField: "Content-Type"},
		{name: "bad media type", ct: "application/", body: `{}`, wantCode: api.EUNSUPPORTEDMEDIA, wantField: "Content-Type"},
		{name: "empty", ct: "application/json", body: "  \n", wantCode: grant.EINVALID, wantEn: "empty", wantSv: "tomt"},
		{name: "too large", ct: "application/json", body: `{"name":"` + strings.Repeat("x", api.MaxBodyBytes) + `"}`,
			wantCode: api.ETOOLARGE, wantEn: "larger than 1048576 bytes"},
		{name: "fraction of öre", ct: "application/json", body: `{"lines":[{},{},{"amount":1.5}]}`,
			wantCode: grant.EINVALID, wantField: "lines[2].amount", wantEn: "expected a whole number of öre", wantSv: "förväntade ett heltal öre"},
		{name: "fraction in int64", ct: "application/json", body: `{"amount":12.5}`,
			wantCode: grant.EINVALID, wantField: "amount", wantEn: "expected a whole number, got 12.5", wantSv: "fick 12.5"},
		{name: "string for number", ct: "application/json", body: `{"amount":"100"}`,
			wantCode: grant.EINVALID, wantField: "amount", wantEn: "expected a whole number, got a string", wantSv: "förväntade ett heltal, fick en sträng"},
		{name: "unknown field", ct: "application/json", body: `{"amout":100}`,
			wantCode: grant.EINVALID, wantField: "amout", wantEn: `unknown field "amout"`, wantSv: `okänt fält "amout"`},
		{name: "unknown nested field", ct: "application/json", body: `{"lines":[{"code":"01"},{"cod":"02"}]}`,
			wantCode: grant.EINVALID, wantField: "lines[1].cod", wantEn: `unknown field "cod"`},
		{name: "names are case-sensitive", ct: "application/json", body: `{"Name":"x"}`,
			wantCode: grant.EINVALID, wantField: "Name", wantEn: "unknown field"},
		{name: "duplicate member", ct: "application/json", body: `{"name":"a","name":"b"}`,
			wantCode: grant.EINVALID, wantField: "name", wantEn: `"name" occurs twice`, wantSv: "förekommer två gånger"},
		{name: "trailing data", ct: "application/json", body: `{"name":"a"} {"name":"b"}`,
			wantCode: grant.EINVALID, wantEn: "after top-level value", wantSv: "felaktig JSON vid byte 13"},
		{name: "truncated", ct: "application/json", body: `{"lines":[{"amount":`,
			wantCode: grant.EINVALID, wantField: "lines[0].amount", wantEn: "ends too early", wantSv: "tar slut"},
		{name: "syntax", ct: "application/json", body: `{"name" "x"}`, wantCode: grant.EINVALID, wantField: "name", wantEn: "malformed JSON at byte"},
		{name: "array for object", ct: "application/json", body: `[]`, wantCode: grant.EINVALID, wantEn: "expected an object, got an array"},
		{name: "object for array", ct: "application/json", body: `{"lines":{}}`,
			wantCode: grant.EINVALID, wantField: "lines", wantEn: "expected an array, got an object", wantSv: "förväntade en lista"},
		{name: "overflow", ct: "application/json", body: `{"amount":99999999999999999999}`,
			wantCode: grant.EINVALID, wantField: "amount", wantEn: "out of range", wantSv: "för stort"},
		{name: "öre overflow", ct: "application/json", body: `{"total":99999999999999999999}`,
			wantCode: grant.EINVALID, wantField: "total", wantEn: "out of range"},
		{name: "negative for uint", ct: "application/json", body: `{"count":-1}`,
			wantCode: grant.EINVALID, wantField: "count", wantEn: "zero or more"},
		{name: "bool", ct: "application/json", body: `{"active":"yes"}`, wantCode: grant.EINVALID, wantField: "active", wantEn: "expected true or false"},
		{name: "float", ct: "application/json", body: `{"share":true}`, wantCode: grant.EINVALID, wantField: "share", wantEn: "expected a number, got a boolean"},
		{name: "date", ct: "application/json", body: `{"decided":5}`, wantCode: grant.EINVALID, wantField: "decided", wantEn: "expected a date YYYY-MM-DD"},
		{name: "time", ct: "application/json", body: `{"at":"yesterday"}`, wantCode: grant.EINVALID, wantField: "at", wantEn: "RFC 3339"},
		{name: "map value", ct: "application/json", body: `{"by_code":{"0780":"x"}}`, wantCode: grant.EINVALID, wantField: "by_code[0780]", wantEn: "expected a whole number"},
		{name: "null is allowed", ct: "application/json", body: `{"amount":null,"lines":null}`},
		{name: "invalid UTF-8", ct: "application/json", body: "{\"name\":\"\xff\"}", wantCode: grant.EINVALID, wantField: "name", wantEn: "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/pots", strings.NewReader(tt.body))
			if tt.ct != "" {
				r.Header.Set("Content-Type", tt.ct)
			}
			var dst decBody
			err := api.Decode(r, &dst)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			var ge *grant.Error
			if !errors.As(err, &ge) {
				t.Fatalf("Decode = %v (%T), want a *grant.Error", err, err)
			}
			if ge.Code != tt.wantCode || ge.Field != tt.wantField || !strings.Contains(ge.Message, tt.wantEn) ||
				!strings.Contains(ge.Swedish, tt.wantSv) || ge.Message == "" || ge.Swedish == "" {
				t.Errorf("Decode = %#v\nwant code %q field %q en ~%q sv ~%q", ge, tt.wantCode, tt.wantField, tt.wantEn, tt.wantSv)
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"name":"Analys","total":1341000000,"lines":[{"code":"0780","amount":5}],"decided":"2017-03-01"}`))
	r.Header.Set("Content-Type", "application/json")
	var got decBody
	if err := api.Decode(r, &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "Analys" || got.Total != 13_410_000*money.Krona || len(got.Lines) != 1 || got.Lines[0].Amount != 5 || got.Decided != "2017-03-01" {
		t.Errorf("decoded %+v", got)
	}
}

func TestDecodeNotAPointerIsInternal(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{}`))
	r.Header.Set("Content-Type", "application/json")
	if err := api.Decode(r, decBody{}); err == nil || api.Status(err) != 500 {
		t.Errorf("Decode into a non-pointer = %v, want an internal error", err)
	}
}

func TestDecodeUnderMaxBytesReader(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"name":"abcdefghij"}`))
	r.Header.Set("Content-Type", "application/json")
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 5)
	if err := api.Decode(r, &decBody{}); grant.ErrorCode(err) != api.ETOOLARGE {
		t.Errorf("Decode = %v, want too_large", err)
	}
}

func TestWrite(t *testing.T) {
	type item struct {
		Name  string    `json:"name"`
		Tags  []string  `json:"tags"`
		Money api.Money `json:"money"`
	}
	tests := []struct {
		name     string
		status   int
		v        any
		wantBody string
		wantCT   string
	}{
		{"object", 200, item{Name: "<a>", Money: api.M(1250)}, `{"name":"<a>","tags":[],"money":{"ore":1250,"formatted":"12,50 kr"}}`, "application/json"},
		{"created", 201, map[string]int{"b": 2, "a": 1}, `{"a":1,"b":2}`, "application/json"},
		{"no content", 204, item{}, ``, ""},
		{"not modified", 304, nil, ``, ""},
		{"unencodable", 200, map[string]any{"f": func() {}}, "", "application/problem+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			r := httptest.NewRequest("GET", "/", nil)
			r = r.WithContext(api.WithLogger(r.Context(), slog.New(slog.DiscardHandler)))
			api.Write(w, r, tt.status, tt.v)
			if tt.wantCT == "application/problem+json" {
				if w.Code != 500 || w.Header().Get("Content-Type") != tt.wantCT {
					t.Errorf("got %d %s", w.Code, w.Body)
				}
				return
			}
			if w.Code != tt.status || w.Body.String() != tt.wantBody || w.Header().Get("Content-Type") != tt.wantCT {
				t.Errorf("got %d %q %q, want %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body, tt.status, tt.wantCT, tt.wantBody)
			}
		})
	}
}
