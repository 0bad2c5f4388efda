package pdf

import (
	"context"
	"testing"
)

// TestRefusals: the printer takes an http server's address and paths on it
// only, so that no request can point Chromium at another site.
func TestRefusals(t *testing.T) {
	for _, base := range []string{"", "file:///etc", "127.0.0.1:8080", "http://"} {
		if _, err := New("chromium", base); err == nil {
			t.Errorf("New(%q) accepted", base)
		}
	}
	p, err := New("chromium", "http://127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"", "http://example.com/", "//example.com/x", "allocations/1"} {
		if _, err := p.Print(context.Background(), path); err == nil {
			t.Errorf("Print(%q) accepted", path)
		}
	}
}
