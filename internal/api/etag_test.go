package api_test

import (
	"net/http/httptest"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

func TestETag(t *testing.T) {
	for v, want := range map[int64]string{0: `"v0"`, 7: `"v7"`, 1 << 40: `"v1099511627776"`} {
		if got := api.ETag(v); got != want {
			t.Errorf("ETag(%d) = %s, want %s", v, got, want)
		}
	}
	w := httptest.NewRecorder()
	api.SetETag(w, 3)
	if got := w.Header().Get("ETag"); got != `"v3"` {
		t.Errorf("SetETag wrote %q", got)
	}
}

func TestIfMatch(t *testing.T) {
	tests := []struct {
		name     string
		headers  []string // one If-Match header each; nil for none
		want     int64
		wantCode string
	}{
		{"current", []string{`"v7"`}, 7, ""},
		{"spaces", []string{` "v7" `}, 7, ""},
		{"zero", []string{`"v0"`}, 0, ""},
		{"missing", nil, 0, api.EPRECONDITIONREQUIRED},
		{"empty", []string{""}, 0, api.EPRECONDITIONREQUIRED},
		{"star", []string{"*"}, 0, api.EPRECONDITIONREQUIRED},
		{"unquoted", []string{"v7"}, 0, grant.EINVALID},
		{"bare number", []string{"7"}, 0, grant.EINVALID},
		{"list", []string{`"v6", "v7"`}, 0, grant.EINVALID},
		{"two headers", []string{`"v6"`, `"v7"`}, 0, grant.EINVALID},
		{"weak never matches", []string{`W/"v7"`}, 0, grant.EPRECONDITION},
		{"not ours", []string{`"abc"`}, 0, grant.EPRECONDITION},
		{"negative", []string{`"v-1"`}, 0, grant.EPRECONDITION},
		{"leading zero", []string{`"v07"`}, 0, grant.EPRECONDITION},
		{"plus", []string{`"v+7"`}, 0, grant.EPRECONDITION},
		{"overflow", []string{`"v99999999999999999999"`}, 0, grant.EPRECONDITION},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("PUT", "/api/v1/pots/1", nil)
			for _, h := range tt.headers {
				r.Header.Add("If-Match", h)
			}
			got, err := api.IfMatch(r)
			if code := grant.ErrorCode(err); code != tt.wantCode || got != tt.want {
				t.Fatalf("IfMatch = %d, %v; want %d, code %q", got, err, tt.want, tt.wantCode)
			}
			if err != nil {
				if ge := err.(*grant.Error); ge.Field != "If-Match" || ge.Message == "" || ge.Swedish == "" {
					t.Errorf("error %+v should name If-Match in both languages", ge)
				}
			}
		})
	}
}

func TestNotModified(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		version int64
		want    bool
	}{
		{"no header", nil, 7, false},
		{"same", []string{`"v7"`}, 7, true},
		{"weak same", []string{`W/"v7"`}, 7, true},
		{"older", []string{`"v6"`}, 7, false},
		{"in a list", []string{`"v5", "v7"`}, 7, true},
		{"second header", []string{`"v5"`, `"v7"`}, 7, true},
		{"star", []string{`*`}, 7, true},
		{"garbage", []string{`v7`}, 7, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/v1/pots/1", nil)
			for _, h := range tt.headers {
				r.Header.Add("If-None-Match", h)
			}
			w := httptest.NewRecorder()
			got := api.NotModified(w, r, tt.version)
			if got != tt.want {
				t.Errorf("NotModified = %v, want %v", got, tt.want)
			}
			if w.Header().Get("ETag") != api.ETag(tt.version) {
				t.Errorf("ETag %q", w.Header().Get("ETag"))
			}
			if tt.want && (w.Code != 304 || w.Body.Len() != 0) {
				t.Errorf("answered %d %q, want a bare 304", w.Code, w.Body)
			}
		})
	}
}
