package api_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

func TestStatus(t *testing.T) {
	_, maxBytesErr := io.ReadAll(http.MaxBytesReader(nil, io.NopCloser(strings.NewReader("toolong")), 3))
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 200},
		{"invalid", grant.Errorf(grant.EINVALID, "amount", "bad", "dålig"), 400},
		{"not found", grant.NotFound("pot", "pott", 7), 404},
		{"conflict", grant.Errorf(grant.ECONFLICT, "", "x", "x"), 409},
		{"stale", grant.Errorf(grant.EPRECONDITION, "", "x", "x"), 412},
		{"unauthorized", grant.Errorf(grant.EUNAUTHORIZED, "", "x", "x"), 401},
		{"forbidden", grant.Errorf(grant.EFORBIDDEN, "", "x", "x"), 403},
		{"throttled", grant.Errorf(grant.ETHROTTLED, "", "x", "x"), 429},
		{"internal code", grant.Errorf(grant.EINTERNAL, "", "x", "x"), 500},
		{"precondition required", api.PreconditionRequired(), 428},
		{"too large", grant.Errorf(api.ETOOLARGE, "", "x", "x"), 413},
		{"media type", grant.Errorf(api.EUNSUPPORTEDMEDIA, "", "x", "x"), 415},
		{"unprocessable", grant.Errorf(api.EUNPROCESSABLE, "", "x", "x"), 422},
		{"method", grant.Errorf(api.EMETHOD, "", "x", "x"), 405},
		{"busy", grant.Errorf(api.EBUSY, "", "x", "x"), 503},
		{"wrapped", fmt.Errorf("app: %w", grant.NotFound("pot", "pott", 7)), 404},
		{"unknown code", grant.Errorf("made_up", "", "x", "x"), 500},
		{"plain error", errors.New("disk on fire"), 500},
		{"context", context.DeadlineExceeded, 500},
		{"max bytes", maxBytesErr, 413},
		{"wrapped max bytes", fmt.Errorf("read: %w", maxBytesErr), 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := api.Status(tt.err); got != tt.want {
				t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

func TestPreconditionRequiredIsFresh(t *testing.T) {
	a, b := api.PreconditionRequired(), api.PreconditionRequired()
	a.Message = "changed"
	if b.Message == "changed" || a == b {
		t.Fatal("PreconditionRequired returns a shared error")
	}
	if b.Field != "If-Match" || b.Swedish == "" || !strings.Contains(b.Message, "If-Match") {
		t.Errorf("PreconditionRequired() = %+v", b)
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	last := 0
	for _, c := range api.Codes() {
		s := api.Status(grant.Errorf(c, "", "x", "x"))
		if seen[c] || s < last || (s == 500) != (c == grant.EINTERNAL) {
			t.Errorf("code %q (status %d) is repeated, out of order or unmapped", c, s)
		}
		seen[c], last = true, s
	}
}
