package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

func TestPrefersSwedish(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"sv", true},
		{"sv-SE", true},
		{"SV-se", true},
		{"en", false},
		{"sv-SE,sv;q=0.9,en;q=0.8", true},
		{"en-US,en;q=0.9,sv;q=0.8", false},
		{"da, sv;q=0.5", true},
		{"fr", false},
		{"*", false},
		{"sv;q=0", false},
		{"en;q=0.5, sv;q=0.6", true},
		{"sv;q=0.5, en;q=0.5", false}, // a tie goes to the default
		{"sv;q=bogus, en;q=0.1", false},
		{"nb, sv;q=0.8, en;q=0.7", true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/api/v1/pots", nil)
		if tt.header != "" {
			r.Header.Set("Accept-Language", tt.header)
		}
		if got := api.PrefersSwedish(r); got != tt.want {
			t.Errorf("PrefersSwedish(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestNewProblem(t *testing.T) {
	notFound := grant.NotFound("pot", "pott", 7)
	tests := []struct {
		name, lang string
		err        error
		ref        string
		want       api.Problem
	}{
		{"english", "", notFound, "", api.Problem{Type: "https://anslag.se/problems/not_found", Title: "Not found", Status: 404,
			Detail: "pot 7 not found", Instance: "/api/v1/pots/7", Code: "not_found"}},
		{"swedish", "sv-SE", notFound, "", api.Problem{Type: "https://anslag.se/problems/not_found", Title: "Finns inte", Status: 404,
			Detail: "pott 7 finns inte", Instance: "/api/v1/pots/7", Code: "not_found"}},
		{"field", "", fmt.Errorf("app: %w", grant.Errorf(grant.EINVALID, "lines[2].amount", "too big", "för stort")), "",
			api.Problem{Type: "https://anslag.se/problems/invalid", Title: "Invalid request", Status: 400,
				Detail: "too big", Instance: "/api/v1/pots/7", Code: "invalid", Field: "lines[2].amount"}},
		{"internal hides text", "", errors.New("pq: password authentication failed for user anslag"), "ABC123",
			api.Problem{Type: "https://anslag.se/problems/internal", Title: "Internal error", Status: 500,
				Detail: "anslag failed to handle the request; reference ABC123", Instance: "/api/v1/pots/7", Code: "internal"}},
		{"internal in swedish", "sv", errors.New("secret"), "ABC123",
			api.Problem{Type: "https://anslag.se/problems/internal", Title: "Internt fel", Status: 500,
				Detail: "anslag kunde inte hantera begäran; referens ABC123", Instance: "/api/v1/pots/7", Code: "internal"}},
		{"unknown code is internal", "", grant.Errorf("made_up", "x", "leaks?", "läcker?"), "",
			api.Problem{Type: "https://anslag.se/problems/internal", Title: "Internal error", Status: 500,
				Detail: "anslag failed to handle the request", Instance: "/api/v1/pots/7", Code: "internal"}},
		{"precondition required", "", api.PreconditionRequired(), "",
			api.Problem{Type: "https://anslag.se/problems/precondition_required", Title: "If-Match required", Status: 428,
				Detail: api.PreconditionRequired().Message, Instance: "/api/v1/pots/7", Code: "precondition_required", Field: "If-Match"}},
		{"one language only", "sv", &grant.Error{Code: grant.ECONFLICT, Message: "only English"}, "",
			api.Problem{Type: "https://anslag.se/problems/conflict", Title: "Konflikt", Status: 409,
				Detail: "only English", Instance: "/api/v1/pots/7", Code: "conflict"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/v1/pots/7?x=1", nil)
			if tt.lang != "" {
				r.Header.Set("Accept-Language", tt.lang)
			}
			if got := api.NewProblem(r, tt.err, tt.ref); got != tt.want {
				t.Errorf("NewProblem =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestWriteError(t *testing.T) {
	tests := []struct {
		name, lang string
		err        error
		wantStatus int
		wantLang   string
		wantLogged string // a substring of the log, "" for no error-level entry
	}{
		{"client error is not logged", "", grant.NotFound("pot", "pott", 7), 404, "en", ""},
		{"swedish", "sv", grant.NotFound("pot", "pott", 7), 404, "sv", ""},
		{"internal is logged with the text", "", errors.New("disk on fire"), 500, "en", "disk on fire"},
		{"a client that went away is no fault", "", fmt.Errorf("store: %w", context.Canceled), 500, "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
			r := httptest.NewRequest("GET", "/api/v1/pots/7", nil)
			ctx, cancel := context.WithCancel(api.WithLogger(r.Context(), log))
			defer cancel()
			if errors.Is(tt.err, context.Canceled) {
				cancel()
			}
			r = r.WithContext(ctx)
			if tt.lang != "" {
				r.Header.Set("Accept-Language", tt.lang)
			}
			w := httptest.NewRecorder()
			w.Header().Set("ETag", `"v1"`)
			api.WriteError(w, r, tt.err)

			if w.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", w.Code, tt.wantStatus)
			}
			h := w.Header()
			if h.Get("Content-Type") != "application/problem+json" || h.Get("Content-Language") != tt.wantLang ||
				h.Get("Vary") != "Accept-Language" || h.Get("ETag") != "" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", h)
			}
			var p api.Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != tt.wantStatus {
				t.Fatalf("body %s: %v", w.Body, err)
			}
			if tt.wantLogged == "" {
				if logs.Len() > 0 {
					t.Errorf("logged %s", &logs)
				}
				return
			}
			if strings.Contains(w.Body.String(), tt.wantLogged) {
				t.Errorf("the body leaks the internal error: %s", w.Body)
			}
			var entry struct{ Msg, Ref, Err string }
			if err := json.Unmarshal(logs.Bytes(), &entry); err != nil {
				t.Fatalf("log %q: %v", &logs, err)
			}
			if !strings.Contains(entry.Err, tt.wantLogged) || entry.Ref == "" || !strings.HasSuffix(p.Detail, "reference "+entry.Ref) {
				t.Errorf("log %+v, detail %q: the reference must tie them", entry, p.Detail)
			}
		})
	}
}

func TestLoggerDefault(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if api.Logger(r.Context()) != slog.Default() {
		t.Error("a context without a logger should give slog.Default()")
	}
	l := slog.New(slog.DiscardHandler)
	if api.Logger(api.WithLogger(r.Context(), l)) != l {
		t.Error("WithLogger lost the logger")
	}
}
