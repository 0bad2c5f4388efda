package loadbench_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRawClient checks the load client against net/http's server: answers
// with a length, chunked ones, errors with their body, and a server that
// closes the connection after an answer.
func TestRawClient(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Accept-Encoding") != "gzip" {
			http.Error(w, "headers: "+r.Header.Get("Authorization")+" "+r.Header.Get("Accept-Encoding"), http.StatusBadRequest)
			return
		}
		switch r.URL.Path {
		case "/length":
			w.Header().Set("Content-Length", "5")
			w.Write([]byte("hello"))
		case "/chunked":
			for range 3 {
				w.Write([]byte(strings.Repeat("x", 3000)))
				w.(http.Flusher).Flush()
			}
		case "/close":
			w.Header().Set("Connection", "close")
			w.Write([]byte("bye"))
		default:
			http.Error(w, "no such page: "+r.URL.RequestURI(), http.StatusNotFound)
		}
	}))
	defer ts.Close()
	c := &rawClient{addr: strings.TrimPrefix(ts.URL, "http://"), token: "tok"}
	defer c.close()
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/length", 200, ""}, {"/chunked", 200, ""}, {"/length?again=1", 200, ""},
		{"/close", 200, ""}, {"/length", 200, ""}, // a new connection after the close
		{"/missing?x=1", 404, "no such page: /missing?x=1\n"},
		{"/chunked", 200, ""},
	} {
		status, body, err := c.get(tc.path)
		if err != nil || status != tc.status || string(body) != tc.body {
			t.Fatalf("GET %s: %d %q %v; want %d %q", tc.path, status, body, err, tc.status, tc.body)
		}
		if c.r != nil && c.r.Buffered() != 0 {
			t.Fatalf("GET %s: %d bytes left unread", tc.path, c.r.Buffered())
		}
	}
}
