package api_test

import (
	"testing"

	"github.com/anslag/anslag/internal/api"
)

func TestV1Organisations(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		// A page with more after it gives its total only when asked; the
		// last page knows it without counting.
		for _, tt := range []struct {
			query     string
			wantTotal int
			wantNext  string
		}{
			{"kind=region&limit=5", -1, "/api/v1/organisations?kind=region&limit=5&offset=5"},
			{"kind=region&limit=5&count=true", 21, "/api/v1/organisations?count=true&kind=region&limit=5&offset=5"},
			{"kind=region&limit=5&offset=20", 21, ""},
			{"kind=region&limit=5&offset=16", 21, ""},
			{"kind=region&limit=5&offset=30", -1, ""},
			{"kind=region&limit=5&offset=30&count=true", 21, ""},
		} {
			var list api.List[api.Organisation]
			r := e.do("GET", "/api/v1/organisations?"+tt.query, nil)
			r.JSON(t, &list)
			if r.Status != 200 || total(list.Total) != tt.wantTotal || list.Next != tt.wantNext || len(list.Items) != min(5, max(0, 21-list.Offset)) {
				t.Fatalf("regions %s: %d %+v", tt.query, r.Status, list)
			}
		}
		r := e.do("GET", "/api/v1/organisations/0780", nil)
		var o api.Organisation
		r.JSON(t, &o)
		if r.Status != 200 || o.Name != "Växjö kommun" || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("0780: %d %+v %q", r.Status, o, r.Header.Get("ETag"))
		}
		if r := e.do("GET", "/api/v1/organisations/0780", nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		e.problem(e.do("GET", "/api/v1/organisations/9999", nil), 404, "")

		before := e.fingerprint()
		in := api.OrganisationIn{Code: "07-hsn", Kind: "committee", Name: "Hälso- och sjukvårdsnämnden", ParentCode: "07"}
		r = e.do("POST", "/api/v1/organisations", in, "Idempotency-Key", "create-hsn")
		r.JSON(t, &o)
		if r.Status != 201 || o.CountyCode != "07" {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		again := e.do("POST", "/api/v1/organisations", in, "Idempotency-Key", "create-hsn")
		if again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("retry: %d %q %s", again.Status, again.Header.Get("Idempotent-Replayed"), again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("one create and one replay wrote %d audit entries", after[0]-before[0])
		}
		// Refused: nothing changes.
		before = e.fingerprint()
		for _, bad := range []struct {
			body   any
			status int
			field  string
		}{
			{api.OrganisationIn{Code: "07-hsn", Kind: "committee", Name: "x", ParentCode: "07"}, 409, "code"},
			{api.OrganisationIn{Code: "x", Kind: "region", Name: "x"}, 400, "kind"},
			{api.OrganisationIn{Code: "x", Kind: "committee", Name: "x", ParentCode: "99"}, 400, "parent_code"},
			{api.OrganisationIn{Code: "x", Kind: "partner", Name: "x", OrgNumber: "802002-4281"}, 400, "org_number"},
			{[]byte(`{"code": 7}`), 400, "code"},
			{[]byte(`{"code": "x", "kind": "unit", "name": "x", "colour": "red"}`), 400, "colour"},
			{[]byte(`{`), 400, ""},
		} {
			e.problem(e.bad("POST", "/api/v1/organisations", bad.body), bad.status, bad.field)
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("refused requests changed the database: %v → %v", before, after)
		}
	})
}
