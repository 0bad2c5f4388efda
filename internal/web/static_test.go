package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/anslag/anslag/internal/web"
)

// The static folder serves its files and nothing else.
func TestStaticFilesOnly(t *testing.T) {
	h, err := web.New(web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	for path, want := range map[string]int{
		"/static/anslag.css":          200,
		"/static/vendor/pico.min.css": 200,
		"/static/vendor/htmx.min.js":  200,
		"/static/vendor/":             404,
		"/static/":                    404,
		"/static/vendor/README.md":    404,
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", path, rec.Code, want)
		}
		if want == 200 && rec.Header().Get("Cache-Control") == "" {
			t.Errorf("%s: not cacheable", path)
		}
	}
}
