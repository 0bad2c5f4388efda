package api_test

import (
	"os"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
)

func TestV1PopulationImport(t *testing.T) {
	csv, err := os.ReadFile("../importer/testdata/scb/kronoberg_semicolon_bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	jsonStat, err := os.ReadFile("../importer/testdata/scb/vaxjo_ljungby.jsonstat2.json")
	if err != nil {
		t.Fatal(err)
	}
	eachV1(t, func(t *testing.T, e *v1Env) {
		var out api.PopulationImport
		r := e.do("POST", "/api/v1/population-tables/import?year=all&name=Kronoberg&source=scb.csv", csv, "Content-Type", "text/csv; charset=utf-8")
		r.JSON(t, &out)
		if r.Status != 201 || len(out.Tables) != 2 || out.Tables[0].Name != "Kronoberg 2017" || out.Tables[1].Total != 201_469 ||
			out.Tables[1].ReferenceDate != "2019-12-31" || out.Tables[1].Rows != 8 {
			t.Fatalf("csv: %d %s", r.Status, r.Body)
		}
		r = e.do("POST", "/api/v1/population-tables/import?year=2018&reference_date=2017-11-01&example=true", jsonStat, "Content-Type", "application/json")
		r.JSON(t, &out)
		if r.Status != 201 || len(out.Tables) != 1 || !out.Tables[0].HasAge || !out.Tables[0].HasSex || out.Tables[0].ReferenceDate != "2017-11-01" || !out.Tables[0].IsExample {
			t.Fatalf("json-stat: %d %s", r.Status, r.Body)
		}

		// Refused: nothing changes.
		before := e.fingerprint()
		for _, bad := range []struct {
			query, body, ctype string
			status             int
			field, detail      string
		}{
			{"", string(csv), "text/csv", 400, "year", "the file has several years"},
			{"?year=2019", "region;2019\n0780;1\n0781;..\n", "text/csv", 400, "file", `line 3: 2019 \"..\": the figure is missing`},
			{"?year=2019", "region;2019\n0780;1\n", "application/xml", 415, "Content-Type", "text/csv"},
			{"?year=all&reference_date=2019-11-01", string(csv), "text/csv", 400, "reference_date", "one year only"},
			{"?colour=red", string(csv), "text/csv", 400, "colour", "unknown query parameter"},
		} {
			r := e.bad("POST", "/api/v1/population-tables/import"+bad.query, []byte(bad.body), "Content-Type", bad.ctype)
			e.problem(r, bad.status, bad.field)
			if !strings.Contains(string(r.Body), bad.detail) {
				t.Errorf("%s: %s, want %q", bad.query, r.Body, bad.detail)
			}
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("refused imports changed the database: %v → %v", before, after)
		}
	})
}
