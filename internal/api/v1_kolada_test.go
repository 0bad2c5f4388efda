package api_test

import (
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

func TestV1Kolada(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		page := func(next *string, entries ...api.KoladaEntry) api.KoladaPage {
			return api.KoladaPage{Count: len(entries), Values: entries, NextPage: next}
		}
		entry := func(mun string, period int, value float64) api.KoladaEntry {
			return api.KoladaEntry{KPI: "N17473", Municipality: mun, Period: period, Values: []api.KoladaFigure{{Gender: "T", Count: 1, Value: &value}}}
		}
		var im grant.KoladaImport
		r := e.do("POST", "/api/v1/kolada/imports", page(nil, entry("0780", 2018, 12.5), entry("0007", 2018, 11)), "Idempotency-Key", "kolada-1")
		r.JSON(t, &im)
		if r.Status != 201 || im.Values != 2 || im.Organisations != 2 || im.Pages != 1 || im.Incomplete || strings.Join(im.Files, ",") != "body" {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
		// An array of pages is taken too; the document describes one page,
		// so only the answer is checked against it.
		next := "https://api.kolada.se/v2/data/kpi/N17473?page=2"
		r = e.bad("POST", "/api/v1/kolada/imports", []api.KoladaPage{page(&next, entry("0780", 2019, 12)), page(nil, entry("0780", 2018, 12.25))})
		r.JSON(t, &im)
		if r.Status != 201 || im.Values != 2 || im.Pages != 2 {
			t.Fatalf("pages: %d %s", r.Status, r.Body)
		}
		var vals api.KoladaValues
		r = e.do("GET", "/api/v1/kolada/values?kpi=N17473&organisation=0780", nil, "Authorization", "")
		r.JSON(t, &vals)
		if r.Status != 200 || len(vals.Values) != 2 || *vals.Values[0].Value != 12.25 || vals.Values[1].Period != 2019 {
			t.Fatalf("values (public): %d %s", r.Status, r.Body)
		}
		r = e.do("GET", "/api/v1/kolada/values?organisation=07&gender=T", nil)
		r.JSON(t, &vals)
		if r.Status != 200 || len(vals.Values) != 1 || vals.Values[0].OrgCode != "07" {
			t.Fatalf("region values: %d %s", r.Status, r.Body)
		}
		var list api.List[grant.KoladaImport]
		r = e.do("GET", "/api/v1/kolada/imports", nil)
		r.JSON(t, &list)
		if r.Status != 200 || len(list.Items) != 2 || list.Items[0].Pages != 2 {
			t.Fatalf("imports: %d %s", r.Status, r.Body)
		}

		// Refused: nothing changes.
		before := e.fingerprint()
		for _, bad := range []struct {
			body   []byte
			status int
			field  string
			msg    string
		}{
			{[]byte(`{"values": [{"kpi": "N17473", "municipality": "9999", "period": 2019, "values": [{"gender": "T", "value": 1}]}]}`), 400, "file", `body: values[0].municipality \"9999\"`},
			{[]byte(`{"values": [{"kpi": "N17473", "municipality": "0780", "period": 2019, "values": [{"gender": "T", "value": "x"}]}]}`), 400, "file", `values[0].values[0].value \"x\": expected a number or null`},
			{[]byte(`{"values": [`), 400, "file", "not valid JSON"},
			{[]byte(` `), 400, "", "empty"},
		} {
			r := e.bad("POST", "/api/v1/kolada/imports", bad.body)
			e.problem(r, bad.status, bad.field)
			if !strings.Contains(string(r.Body), bad.msg) {
				t.Errorf("%s: %s", bad.body, r.Body)
			}
		}
		for _, q := range [][2]string{{"", "kpi"}, {"?kpi=17473", "kpi"}, {"?gender=X&kpi=N17473", "gender"}} {
			e.problem(e.bad("GET", "/api/v1/kolada/values"+q[0], nil), 400, q[1])
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("refused requests changed %v to %v", before, after)
		}
	})
}
