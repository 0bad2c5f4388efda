package api

import (
	"maps"
	"net/http"
	"net/url"
	"strconv"

	"github.com/anslag/anslag/internal/grant"
)

// Paging bounds. The maximum keeps one response small enough to build in
// memory; 500 still covers the 290 municipalities in one page.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page is the slice of a list a request asks for.
type Page struct {
	Limit  int  // 1..MaxLimit
	Offset int  // 0 or more
	Count  bool // count the whole list even when that means reading all of it
}

// ParsePage reads the limit, offset and count query parameters; absent ones
// take DefaultLimit, 0 and false. A bad value is EINVALID naming the
// parameter.
func ParsePage(r *http.Request) (Page, error) {
	p := Page{Limit: DefaultLimit}
	if s, ok, err := queryValue(r, "count"); err != nil {
		return p, err
	} else if ok {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return p, grant.Errorf(grant.EINVALID, "count", "count must be true or false, got %q",
				"count måste vara true eller false, fick %q", excerpt(s))
		}
		p.Count = b
	}
	if n, ok, err := QueryInt(r, "limit"); err != nil {
		return p, err
	} else if ok {
		if n < 1 || n > MaxLimit {
			return p, grant.Errorf(grant.EINVALID, "limit", "limit must be between 1 and %d, got %d",
				"limit måste vara mellan 1 och %d, fick %d", MaxLimit, n)
		}
		p.Limit = int(n)
	}
	if n, ok, err := QueryInt(r, "offset"); err != nil {
		return p, err
	} else if ok {
		if n < 0 || n > 1<<31-1 {
			return p, grant.Errorf(grant.EINVALID, "offset", "offset must be 0 or more, got %d",
				"offset måste vara 0 eller mer, fick %d", n)
		}
		p.Offset = int(n)
	}
	return p, nil
}

// List is the answer to a list request: one page of items, the number of
// items in the whole list when it is known, and the URL of the next page if
// there is one.
//
// Counting a long list means reading all of it, which at national size
// costs more than the page itself; so the total is given when it comes for
// free (the page reaches the end of the list) or when the request asks for
// it with count=true, and is otherwise absent while next is present.
type List[T any] struct {
	Items  []T    `json:"items" jsonschema:"description=The items of this page"`
	Total  *int   `json:"total,omitempty" jsonschema:"description=The number of items in the whole list; given on the last page and whenever count=true is asked,minimum=0"`
	Limit  int    `json:"limit" jsonschema:"description=The page size asked for,minimum=1"`
	Offset int    `json:"offset" jsonschema:"description=The position of the first item in the whole list,minimum=0"`
	Next   string `json:"next,omitempty" jsonschema:"format=uri-reference,description=The path and query of the next page; absent on the last page"`
}

// NewList makes the List for page p of a list of total items; a negative
// total (app.TotalUnknown) means more items follow this page but they were
// not counted. Next is a relative URL (path and query) so that it holds
// behind any proxy; it keeps the request's other query parameters. items
// may be nil: it is sent as [].
func NewList[T any](r *http.Request, p Page, items []T, total int) List[T] {
	if items == nil {
		items = []T{}
	}
	l := List[T]{Items: items, Limit: p.Limit, Offset: p.Offset}
	if total >= 0 {
		l.Total = &total
	}
	if next := p.Offset + len(items); len(items) > 0 && (total < 0 || next < total) {
		q := maps.Clone(query(r)) // the request's own values stay as they came
		q.Set("offset", strconv.Itoa(next))
		q.Set("limit", strconv.Itoa(p.Limit))
		l.Next = r.URL.EscapedPath() + "?" + q.Encode()
	}
	return l
}

// queryValue returns the single value of a query parameter; an empty value
// counts as absent, and a repeated parameter is EINVALID.
func queryValue(r *http.Request, name string) (string, bool, error) {
	vs := query(r)[name]
	switch {
	case len(vs) > 1:
		return "", false, grant.Errorf(grant.EINVALID, name, "the query parameter %s is given %d times; give it once",
			"frågeparametern %s anges %d gånger; ange den en gång", name, len(vs))
	case len(vs) == 0 || vs[0] == "":
		return "", false, nil
	}
	return vs[0], true, nil
}

// queryKey holds a request's query parameters, parsed once by the router:
// a list route reads some twenty of them, and url.URL.Query parses the
// whole string again at each call.
type queryKey struct{}

// query returns the request's query parameters.
func query(r *http.Request) url.Values {
	if q, ok := r.Context().Value(queryKey{}).(url.Values); ok {
		return q
	}
	return r.URL.Query()
}

// QueryString returns the query parameter name and whether it was given.
func QueryString(r *http.Request, name string) (string, bool, error) {
	return queryValue(r, name)
}

// QueryInt returns the query parameter name as an integer and whether it was
// given; one that is not a whole number is EINVALID naming it.
func QueryInt(r *http.Request, name string) (int64, bool, error) {
	s, ok, err := queryValue(r, name)
	if !ok || err != nil {
		return 0, false, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, grant.Errorf(grant.EINVALID, name, "the query parameter %s must be a whole number, got %q",
			"frågeparametern %s måste vara ett heltal, fick %q", name, excerpt(s))
	}
	return n, true, nil
}

// QueryDate returns the query parameter name as a YYYY-MM-DD date and
// whether it was given; one that is not a date is EINVALID naming it.
func QueryDate(r *http.Request, name string) (grant.Date, bool, error) {
	s, ok, err := queryValue(r, name)
	if !ok || err != nil {
		return "", false, err
	}
	d, err := grant.ParseDate(name, s)
	if err != nil {
		return "", false, err
	}
	return d, true, nil
}

// PathInt returns the path parameter name ("{id}" in the route's pattern) as
// an integer; one that is not a whole number is EINVALID naming it. (A
// record that does not exist is the app's ENOTFOUND.)
func PathInt(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, grant.Errorf(grant.EINVALID, name, "%s must be a whole number, got %q",
			"%s måste vara ett heltal, fick %q", name, excerpt(s))
	}
	return n, nil
}
