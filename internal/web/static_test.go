package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
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

// Static files go compressed to browsers that accept gzip, and a browser
// with a current copy gets 304.
func TestStaticCompressed(t *testing.T) {
	h, err := web.New(web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	get := func(enc, etag string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/static/vendor/pico.min.css", nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}
	plain, gz := get("", ""), get("br, gzip;q=0.9", "")
	if plain.Header().Get("Content-Encoding") != "" || gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("encodings %q, %q", plain.Header().Get("Content-Encoding"), gz.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Fatalf("the compressed file is not the file: %v", err)
	}
	if gz.Body.Len() > plain.Body.Len()/3 || plain.Header().Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("compressed %d of %d bytes, type %q", gz.Body.Len(), plain.Body.Len(), plain.Header().Get("Content-Type"))
	}
	if rec := get("gzip", plain.Header().Get("ETag")); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("a current copy: %d with %d bytes", rec.Code, rec.Body.Len())
	}
}
