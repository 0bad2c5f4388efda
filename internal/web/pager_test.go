package web

import (
	"net/url"
	"testing"

	"github.com/anslag/anslag/internal/app"
)

func TestPager(t *testing.T) {
	q := url.Values{"year": {"2017"}, "format": {"csv"}, "offset": {"7"}}
	tests := []struct {
		name             string
		offset, n, total int
		from, to         int
		prev, next       string
	}{
		{"first of three pages", 0, 200, 933, 1, 200, "", "/conditions?offset=200&year=2017"},
		{"middle", 200, 200, 933, 201, 400, "/conditions?offset=0&year=2017", "/conditions?offset=400&year=2017"},
		{"last", 800, 133, 933, 801, 933, "/conditions?offset=600&year=2017", ""},
		{"one page", 0, 12, 12, 1, 12, "", ""},
		{"empty", 0, 0, 0, 0, 0, "", ""},
		{"a full page of an uncounted list has a next", 0, 200, app.TotalUnknown, 1, 200, "", "/conditions?offset=200&year=2017"},
		{"an offset past the end goes back", 1000, 0, 933, 0, 0, "/conditions?offset=800&year=2017", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPager("/conditions", q, tt.offset, 200, tt.n, tt.total)
			if p.From != tt.from || p.To != tt.to || p.Prev != tt.prev || p.Next != tt.next {
				t.Errorf("got %+v", p)
			}
		})
	}
	if q.Get("format") != "csv" {
		t.Error("the pager changed the page's query")
	}
}
