package app_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

func koladaPage(next string, entries ...string) string {
	n := "null"
	if next != "" {
		n = `"` + next + `"`
	}
	return `{"count": ` + itoa(len(entries)) + `, "values": [` + strings.Join(entries, ",") + `], "next_page": ` + n + `}`
}

func koladaEntry(kpi, mun string, period int, value string) string {
	return `{"kpi": "` + kpi + `", "municipality": "` + mun + `", "period": ` + itoa(period) +
		`, "values": [{"gender": "T", "count": 1, "status": "", "value": ` + value + `}]}`
}

func koladaFiles(pages ...string) []importer.KoladaFile {
	var files []importer.KoladaFile
	for i, p := range pages {
		files = append(files, importer.KoladaFile{Name: "page" + itoa(i+1) + ".json", R: strings.NewReader(p)})
	}
	return files
}

func koladaService(t *testing.T, db *store.DB) (*app.Service, context.Context) {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	return app.New(app.Config{Store: db, Register: reg, Now: (&testClock{}).now}), app.WithActor(context.Background(), app.Operator("admin@example.se"))
}

func values(t *testing.T, svc *app.Service, ctx context.Context, f app.KoladaFilter) string {
	t.Helper()
	list, err := svc.KoladaValues(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range list {
		s := v.OrgCode + " " + itoa(v.Period) + " "
		if v.Value == nil {
			s += "null"
		} else {
			s += strconv.FormatFloat(*v.Value, 'f', -1, 64)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func TestImportKolada(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := koladaService(t, db)
		im, err := svc.ImportKolada(ctx, koladaFiles(
			koladaPage("https://api.kolada.se/v2/data/kpi/N17473?page=2", koladaEntry("N17473", "0780", 2018, "12.5"), koladaEntry("N17473", "0007", 2018, "11")),
			koladaPage("", koladaEntry("N17473", "0780", 2019, "null"), koladaEntry("N17473", "0000", 2019, "13.25"))))
		if err != nil {
			t.Fatal(err)
		}
		if im.ID == 0 || im.Values != 4 || im.KPIs != 1 || im.Organisations != 3 || im.Periods != 2 || im.Pages != 2 || im.Incomplete ||
			im.ImportedBy != "admin@example.se" || strings.Join(im.Files, ",") != "page1.json,page2.json" {
			t.Fatalf("import %+v", im)
		}
		if got := values(t, svc, ctx, app.KoladaFilter{KPI: "n17473", OrgCode: "0780"}); got != "0780 2018 12.5; 0780 2019 null" {
			t.Errorf("Växjö: %s", got)
		}
		if got := values(t, svc, ctx, app.KoladaFilter{KPI: "N17473"}); got != "00 2019 13.25; 07 2018 11; 0780 2018 12.5; 0780 2019 null" {
			t.Errorf("all organisations: %s", got)
		}
		// Importing again updates in place and records a second import.
		im2, err := svc.ImportKolada(ctx, koladaFiles(koladaPage("", koladaEntry("N17473", "0780", 2019, "12.75"))))
		if err != nil {
			t.Fatal(err)
		}
		if got := values(t, svc, ctx, app.KoladaFilter{KPI: "N17473", OrgCode: "0780"}); got != "0780 2018 12.5; 0780 2019 12.75" {
			t.Errorf("after the update: %s", got)
		}
		list, err := svc.KoladaImports(ctx, 10)
		if err != nil || len(list) != 2 || list[0].ID != im2.ID || list[1].Files[1] != "page2.json" {
			t.Fatalf("imports %+v, %v", list, err)
		}
		audit, _, err := svc.Audit(ctx, app.AuditFilter{Entity: "kolada_import"})
		if err != nil || len(audit) != 2 || audit[0].Action != "import" {
			t.Fatalf("audit %+v, %v", audit, err)
		}
	})
}

// TestImportKoladaAllOrNothing: a bad value on the last page stores
// nothing of the earlier pages, and no import or audit entry.
func TestImportKoladaAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := koladaService(t, db)
		_, err := svc.ImportKolada(ctx, koladaFiles(
			koladaPage("https://x/?page=2", koladaEntry("N17473", "0780", 2018, "12.5")),
			koladaPage("", koladaEntry("N17473", "0780", 2019, "1"), koladaEntry("N17473", "0780", 2017, `"tolv"`))))
		var ge *grant.Error
		if !errors.As(err, &ge) || ge.Code != grant.EINVALID || ge.Field != "file" ||
			ge.Message != `page2.json: values[1].values[0].value "tolv": expected a number or null` ||
			ge.Swedish != `page2.json: values[1].values[0].value "tolv": förväntade ett tal eller null` {
			t.Fatalf("error %#v", err)
		}
		if got := values(t, svc, ctx, app.KoladaFilter{KPI: "N17473"}); got != "" {
			t.Errorf("stored despite the error: %s", got)
		}
		if list, err := svc.KoladaImports(ctx, 10); err != nil || len(list) != 0 {
			t.Errorf("imports %+v, %v", list, err)
		}
	})
}

func TestKoladaAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := koladaService(t, db)
		coord := coordinatorOf("vaxjo@example.se", "0780")
		_, err := svc.ImportKolada(coord, koladaFiles(koladaPage("", koladaEntry("N17473", "0780", 2018, "1"))))
		if grant.ErrorCode(err) != grant.EFORBIDDEN {
			t.Errorf("coordinator import: %v", err)
		}
		public := app.WithActor(context.Background(), app.Actor{})
		if _, err := svc.KoladaImports(public, 5); grant.ErrorCode(err) != grant.EFORBIDDEN && grant.ErrorCode(err) != grant.EUNAUTHORIZED {
			t.Errorf("public list of imports: %v", err)
		}
		if _, err := svc.KoladaValues(public, app.KoladaFilter{OrgCode: "0780"}); err != nil {
			t.Errorf("public read: %v", err)
		}
		for _, f := range []app.KoladaFilter{{}, {KPI: "N1747"}, {KPI: "N17473", Gender: "X"}} {
			if _, err := svc.KoladaValues(public, f); grant.ErrorCode(err) != grant.EINVALID {
				t.Errorf("%+v: %v", f, err)
			}
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestImportKoladaMany: every municipality, three genders, two years —
// more values than one INSERT writes — stored and then updated in place.
func TestImportKoladaMany(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := koladaService(t, db)
		reg, err := refdata.Load()
		if err != nil {
			t.Fatal(err)
		}
		page := func(base float64) string {
			var entries []string
			for i, m := range reg.Municipalities() {
				for _, year := range []int{2018, 2019} {
					v := func(d float64) string { return strconv.FormatFloat(base+float64(i)+d, 'f', -1, 64) }
					entries = append(entries, `{"kpi": "U00405", "municipality": "`+m.Code+`", "period": `+itoa(year)+`, "values": [`+
						`{"gender": "T", "value": `+v(0)+`}, {"gender": "K", "value": `+v(0.5)+`}, {"gender": "M", "value": `+v(0.25)+`}]}`)
				}
			}
			return koladaPage("", entries...)
		}
		for _, base := range []float64{10, 20} {
			im, err := svc.ImportKolada(ctx, koladaFiles(page(base)))
			if err != nil || im.Values != 290*2*3 || im.Organisations != 290 {
				t.Fatalf("import at %v: %+v, %v", base, im, err)
			}
		}
		last := reg.Municipalities()[289].Code
		if got := values(t, svc, ctx, app.KoladaFilter{KPI: "U00405", OrgCode: last, Gender: "M"}); got != last+" 2018 309.25; "+last+" 2019 309.25" {
			t.Errorf("the last municipality's men: %s", got)
		}
		all, err := svc.KoladaValues(ctx, app.KoladaFilter{KPI: "U00405"})
		if err != nil || len(all) != 290*2*3 {
			t.Errorf("%d values stored, want %d: %v", len(all), 290*2*3, err)
		}
	})
}
