package api

import (
	"context"
	"net/http/httptest"
	"net/url"
	"testing"
)

// The router parses a request's query once and shares it through the
// context; writing the next page's link must not change it.
func TestNewListKeepsTheParsedQuery(t *testing.T) {
	r := httptest.NewRequest("GET", "/api/v1/ledger?pot_id=7&limit=2&offset=0", nil)
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	r = r.WithContext(context.WithValue(r.Context(), queryKey{}, q))
	l := NewList(r, Page{Limit: 2, Offset: 0}, []int{1, 2}, 5)
	if l.Next != "/api/v1/ledger?limit=2&offset=2&pot_id=7" {
		t.Errorf("next = %q", l.Next)
	}
	if got := query(r).Get("offset"); got != "0" {
		t.Errorf("offset in the request's parsed query is %q after NewList, want 0", got)
	}
}
