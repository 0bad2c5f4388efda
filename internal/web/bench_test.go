package web_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
)

// benchPages are the pages the render benchmark measures: every kind of
// page, on the demo's national data (21 regions, 290 municipalities).
func benchPages(tb testing.TB, svc *app.Service) []string {
	ctx := app.WithActor(tb.Context(), app.Operator("bench"))
	runs, _, err := svc.Runs(ctx, app.ListFilter{Status: string(grant.RunDecided)})
	if err != nil || len(runs) == 0 {
		tb.Fatalf("decided runs: %d, %v", len(runs), err)
	}
	widest, lines := runs[0].ID, 0 // the run with the most lines: the municipalities' split
	for _, r := range runs {
		full, err := svc.Run(ctx, r.ID)
		if err != nil {
			tb.Fatal(err)
		}
		if len(full.Lines) > lines {
			widest, lines = r.ID, len(full.Lines)
		}
	}
	full, err := svc.Run(ctx, widest)
	if err != nil {
		tb.Fatal(err)
	}
	pot, err := svc.Pot(ctx, full.PotID)
	if err != nil {
		tb.Fatal(err)
	}
	return []string{
		"/",
		"/login",
		"/overview",
		"/allocations",
		"/allocations?year=2017&county=07",
		fmt.Sprintf("/allocations/%d", widest),
		"/flow?year=2017",
		"/per-capita?year=2017",
		"/agreements",
		fmt.Sprintf("/agreements/%d", pot.AgreementID),
		fmt.Sprintf("/pots/%d/edit", pot.ID),
		fmt.Sprintf("/pots/%d/preview", pot.ID),
		fmt.Sprintf("/pots/%d/compare?b.key=equal", pot.ID),
		"/requisitions",
		"/requisitions/new?org=0780",
		"/conditions",
		"/reports",
		"/audit",
		"/as-of?date=2017-12-31",
		"/organisations/07",
		"/organisations/0780",
		"/organisations/07/sub-allocations",
		"/organisations/07/initiatives/new",
		"/organisations/07/plans/new",
	}
}

// adminCookie logs the administrator in and returns the session cookie.
func adminCookie(tb testing.TB, svc *app.Service) *http.Cookie {
	token, _, err := svc.Login(tb.Context(), adminEmail, adminPassword, "192.0.2.10")
	if err != nil {
		tb.Fatal(err)
	}
	return &http.Cookie{Name: auth.SessionCookie, Value: token}
}

// BenchmarkPages measures each page's server time, from the request to the
// last byte of the compressed answer, as the administrator (who sees the
// most) with no network in between.
func BenchmarkPages(b *testing.B) {
	h, svc := newApp(b)
	cookie := adminCookie(b, svc)
	for _, path := range benchPages(b, svc) {
		b.Run(path, func(b *testing.B) {
			var size int
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.AddCookie(cookie)
				req.Header.Set("Accept-Encoding", "gzip")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

// TestFirstPageWeight: the first page a visitor opens, with its stylesheets
// and scripts, transfers under 100 KB.
func TestFirstPageWeight(t *testing.T) {
	h, _ := newApp(t)
	fetch := func(path string) []byte {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		return rec.Body.Bytes()
	}
	page := fetch("/")
	total := len(page)
	html := page
	if bytes.HasPrefix(page, []byte{0x1f, 0x8b}) { // gzip: read the links from the page itself
		html = gunzip(t, page)
	}
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllSubmatch(html, -1)
	if len(assets) < 3 {
		t.Fatalf("the page links %d static files; want Pico, anslag.css and htmx", len(assets))
	}
	for _, m := range assets {
		total += len(fetch(string(m[1])))
	}
	t.Logf("first page: %d bytes with %d static files", total, len(assets))
	if total >= 100_000 {
		t.Errorf("the first page transfers %d bytes; the target is under 100 KB", total)
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
