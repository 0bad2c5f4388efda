package api_test

import (
	"net/http/httptest"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

func TestParsePage(t *testing.T) {
	tests := []struct {
		query     string
		want      api.Page
		wantField string // of the EINVALID error, "" for none
	}{
		{"", api.Page{Limit: 50}, ""},
		{"limit=10&offset=20", api.Page{Limit: 10, Offset: 20}, ""},
		{"limit=500", api.Page{Limit: 500}, ""},
		{"limit=&offset=", api.Page{Limit: 50}, ""},
		{"limit=501", api.Page{}, "limit"},
		{"limit=0", api.Page{}, "limit"},
		{"limit=-1", api.Page{}, "limit"},
		{"limit=ten", api.Page{}, "limit"},
		{"limit=1&limit=2", api.Page{}, "limit"},
		{"offset=-1", api.Page{}, "offset"},
		{"offset=1.5", api.Page{}, "offset"},
		{"offset=99999999999", api.Page{}, "offset"},
		{"count=true", api.Page{Limit: 50, Count: true}, ""},
		{"count=false", api.Page{Limit: 50}, ""},
		{"count=yes", api.Page{}, "count"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/api/v1/pots?"+tt.query, nil)
		got, err := api.ParsePage(r)
		if tt.wantField != "" {
			if ge, ok := err.(*grant.Error); !ok || ge.Code != grant.EINVALID || ge.Field != tt.wantField {
				t.Errorf("ParsePage(%q) error = %v, want EINVALID on %s", tt.query, err, tt.wantField)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParsePage(%q) = %+v, %v; want %+v", tt.query, got, err, tt.want)
		}
	}
}

func TestNewList(t *testing.T) {
	tests := []struct {
		name, url string
		page      api.Page
		items     []int
		total     int
		wantNext  string
		wantTotal int // -1: absent
	}{
		{"first page", "/api/v1/pots?year=2017", api.Page{Limit: 2}, []int{1, 2}, 5, "/api/v1/pots?limit=2&offset=2&year=2017", 5},
		{"more, not counted", "/api/v1/pots?year=2017", api.Page{Limit: 2}, []int{1, 2}, -1, "/api/v1/pots?limit=2&offset=2&year=2017", -1},
		{"middle", "/api/v1/pots?offset=2&limit=2&year=2017", api.Page{Limit: 2, Offset: 2}, []int{3, 4}, 5, "/api/v1/pots?limit=2&offset=4&year=2017", 5},
		{"last page", "/api/v1/pots?offset=4&limit=2", api.Page{Limit: 2, Offset: 4}, []int{5}, 5, "", 5},
		{"exactly full", "/api/v1/pots", api.Page{Limit: 2}, []int{1, 2}, 2, "", 2},
		{"past the end", "/api/v1/pots?offset=10", api.Page{Limit: 2, Offset: 10}, nil, 5, "", 5},
		{"past the end, not counted", "/api/v1/pots?offset=10", api.Page{Limit: 2, Offset: 10}, nil, -1, "", -1},
		{"escaped", "/api/v1/orgs?name=G%C3%B6teborg+stad", api.Page{Limit: 1}, []int{1}, 3, "/api/v1/orgs?limit=1&name=G%C3%B6teborg+stad&offset=1", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := api.NewList(httptest.NewRequest("GET", tt.url, nil), tt.page, tt.items, tt.total)
			if l.Next != tt.wantNext || total(l.Total) != tt.wantTotal || l.Limit != tt.page.Limit || l.Offset != tt.page.Offset || l.Items == nil {
				t.Errorf("NewList = %+v, want next %q", l, tt.wantNext)
			}
		})
	}
}

func TestQueryHelpers(t *testing.T) {
	r := httptest.NewRequest("GET", "/api/v1/pots?year=2017&bad=x&from=2017-11-01&baddate=2017-13-01&name=Växjö&twice=1&twice=2&empty=", nil)
	tests := []struct {
		name      string
		get       func() (any, bool, error)
		want      any
		wantOK    bool
		wantField string
	}{
		{"int", func() (any, bool, error) { return api.QueryInt(r, "year") }, int64(2017), true, ""},
		{"int absent", func() (any, bool, error) { return api.QueryInt(r, "month") }, int64(0), false, ""},
		{"int empty is absent", func() (any, bool, error) { return api.QueryInt(r, "empty") }, int64(0), false, ""},
		{"int bad", func() (any, bool, error) { return api.QueryInt(r, "bad") }, int64(0), false, "bad"},
		{"int twice", func() (any, bool, error) { return api.QueryInt(r, "twice") }, int64(0), false, "twice"},
		{"string", func() (any, bool, error) { return api.QueryString(r, "name") }, "Växjö", true, ""},
		{"string absent", func() (any, bool, error) { return api.QueryString(r, "nope") }, "", false, ""},
		{"string twice", func() (any, bool, error) { return api.QueryString(r, "twice") }, "", false, "twice"},
		{"date", func() (any, bool, error) { return api.QueryDate(r, "from") }, grant.Date("2017-11-01"), true, ""},
		{"date bad", func() (any, bool, error) { return api.QueryDate(r, "baddate") }, grant.Date(""), false, "baddate"},
		{"date absent", func() (any, bool, error) { return api.QueryDate(r, "to") }, grant.Date(""), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := tt.get()
			if tt.wantField != "" {
				if ge, isGE := err.(*grant.Error); !isGE || ge.Code != grant.EINVALID || ge.Field != tt.wantField || ge.Swedish == "" {
					t.Errorf("error %v, want EINVALID naming %s", err, tt.wantField)
				}
				return
			}
			if err != nil || ok != tt.wantOK || got != tt.want {
				t.Errorf("got %v %v %v, want %v %v", got, ok, err, tt.want, tt.wantOK)
			}
		})
	}
}

func TestPathInt(t *testing.T) {
	tests := []struct {
		value   string
		want    int64
		wantErr bool
	}{
		{"7", 7, false},
		{"abc", 0, true},
		{"", 0, true},
		{"99999999999999999999", 0, true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/api/v1/pots/x", nil)
		r.SetPathValue("id", tt.value)
		got, err := api.PathInt(r, "id")
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("PathInt(%q) = %d, %v", tt.value, got, err)
		}
		if err != nil && (grant.ErrorCode(err) != grant.EINVALID || err.(*grant.Error).Field != "id") {
			t.Errorf("PathInt(%q) error %v should be EINVALID on id", tt.value, err)
		}
	}
}
