package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
)

func TestV1Population(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		var list api.List[api.PopulationTable]
		r := e.do("GET", "/api/v1/population-tables", nil)
		r.JSON(t, &list)
		if r.Status != 200 || total(list.Total) != 1 || len(list.Items) != 1 || list.Items[0].ID != e.table.ID {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		path := fmt.Sprintf("/api/v1/population-tables/%d", e.table.ID)
		var pt api.PopulationTable
		r = e.do("GET", path, nil)
		r.JSON(t, &pt)
		if r.Status != 200 || pt.Rows != 290 || pt.Total != e.table.Total || pt.ReferenceDate != "2017-12-31" || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("get: %d %s %q", r.Status, r.Body, r.Header.Get("ETag"))
		}
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}

		before := e.fingerprint()
		in := api.PopulationTableIn{Name: "Exempel Kronoberg", Source: "exempel", ReferenceDate: "2016-11-01", IsExample: true,
			CSV: "# synthetic\ncode;population\n0780;1000\n0781;500\n"}
		r = e.do("POST", "/api/v1/population-tables", in, "Idempotency-Key", "pop-1")
		r.JSON(t, &pt)
		if r.Status != 201 || pt.Rows != 2 || pt.Total != 1500 || !pt.IsExample || pt.HasAge || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
		again := e.do("POST", "/api/v1/population-tables", in, "Idempotency-Key", "pop-1")
		if again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("one import and one replay wrote %d audit entries", after[0]-before[0])
		}
		r = e.do("GET", "/api/v1/population-tables?limit=1&offset=1", nil)
		r.JSON(t, &list)
		if total(list.Total) != 2 || len(list.Items) != 1 || list.Next != "" {
			t.Errorf("second page: %s", r.Body)
		}

		// Refused: nothing changes.
		before = e.fingerprint()
		ok := `"name": "x", "source": "x", "reference_date": "2016-11-01"`
		for _, bad := range []struct {
			body   any
			status int
			field  string
		}{
			{[]byte(`{` + ok + `, "csv": "code,population\n9999,5\n"}`), 400, "csv"},
			{[]byte(`{` + ok + `, "csv": "code,population\n"}`), 400, "csv"},
			{[]byte(`{"name": " ", "source": "x", "reference_date": "2016-11-01", "csv": "code,population\n0780,1\n"}`), 400, "name"},
			{[]byte(`{"name": "x", "source": "x", "reference_date": "1 nov 2016", "csv": "code,population\n0780,1\n"}`), 400, "reference_date"},
			{[]byte(`{` + ok + `, "csv": 7}`), 400, "csv"},
			{[]byte(`{` + ok + `, "csv": "", "rows": 3}`), 400, "rows"},
			{[]byte(`{"name": `), 400, "name"},
			{[]byte(`{` + ok + `, "csv": "` + strings.Repeat("0780,1\\n", 200_000) + `"}`), 413, ""},
		} {
			e.problem(e.bad("POST", "/api/v1/population-tables", bad.body), bad.status, bad.field)
		}
		e.problem(e.bad("GET", "/api/v1/population-tables/999", nil), 404, "")
		e.problem(e.bad("GET", "/api/v1/population-tables/x", nil), 400, "id")
		e.problem(e.bad("GET", "/api/v1/population-tables?limit=0", nil), 400, "limit")
		e.problem(e.bad("GET", "/api/v1/population-tables?year=2017", nil), 400, "year")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused requests changed the database: %v → %v", before, after)
		}
	})
}
