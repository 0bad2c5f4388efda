package web

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/anslag/anslag/internal/money"
)

func kronoberg() *sheet {
	s := &sheet{Name: "Region Kronoberg 2018", Header: []string{"Mottagare", "Belopp (kr)"}}
	s.add("Hälso- och sjukvårdsnämnden", money.Amount(13_410_000_00))
	s.add("Nämnden för folkhälsa; regional utveckling", money.Amount(3_920_000_50))
	s.add("Regionstyrelsen \"RS\"", money.Amount(2_970_000_00))
	return s
}

func TestExportCSV(t *testing.T) {
	b, err := kronoberg().csv()
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffMottagare;Belopp (kr)\n" +
		"Hälso- och sjukvårdsnämnden;13410000,00\n" +
		"\"Nämnden för folkhälsa; regional utveckling\";3920000,50\n" +
		"\"Regionstyrelsen \"\"RS\"\"\";2970000,00\n"
	if string(b) != want {
		t.Errorf("csv:\n%q\nwant\n%q", b, want)
	}
}

func TestExportXLSX(t *testing.T) {
	b, err := kronoberg().xlsx()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Region Kronoberg 2018", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		row, col int
		want     string
	}{
		{0, 0, "Mottagare"}, {0, 1, "Belopp (kr)"},
		{1, 0, "Hälso- och sjukvårdsnämnden"}, {1, 1, "13410000"},
		{2, 1, "3920000.5"}, {3, 0, `Regionstyrelsen "RS"`},
	}
	for _, tt := range tests {
		if got := rows[tt.row][tt.col]; got != tt.want {
			t.Errorf("cell (%d,%d) = %q, want %q", tt.row, tt.col, got, tt.want)
		}
	}
	// The sum in the spreadsheet is the sum of the öre.
	if err := f.SetCellFormula("Region Kronoberg 2018", "B5", "SUM(B2:B4)"); err != nil {
		t.Fatal(err)
	}
	if v, err := f.CalcCellValue("Region Kronoberg 2018", "B5", excelize.Options{RawCellValue: true}); err != nil || v != "20300000.5" {
		t.Errorf("sum = %q, %v; want 20300000.5", v, err)
	}
}

func TestExported(t *testing.T) {
	h := &Handler{}
	for _, tt := range []struct{ query, ct, name string }{
		{"format=csv", "text/csv; charset=utf-8", `attachment; filename="Region-Kronoberg-2018.csv"`},
		{"format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `attachment; filename="Region-Kronoberg-2018.xlsx"`},
		{"", "", ""},
	} {
		w := httptest.NewRecorder()
		done := h.exported(w, httptest.NewRequest("GET", "/x?"+tt.query, nil), kronoberg())
		if done != (tt.ct != "") || w.Header().Get("Content-Type") != tt.ct || w.Header().Get("Content-Disposition") != tt.name {
			t.Errorf("%q: done %v, headers %v", tt.query, done, w.Header())
		}
	}
}

func TestExportLink(t *testing.T) {
	if got := exportLink("/allocations/3", "lang=en&county=07", "xlsx"); got != "/allocations/3?county=07&format=xlsx" {
		t.Errorf("got %s", got)
	}
	if got := langLink("/allocations", "year=2017&county=07&lang=sv", "en"); got != "/allocations?county=07&lang=en&year=2017" {
		t.Errorf("got %s", got)
	}
	if got := tableLink("/organisations/07", "table=x&lang=en", "reports", "csv"); got != "/organisations/07?format=csv&table=reports" {
		t.Errorf("got %s", got)
	}
	if got := fileName("fördelning 2017/Län"); got != "fordelning-2017-Lan" || strings.ContainsAny(got, " /") {
		t.Errorf("got %s", got)
	}
}

func TestGroupedInt(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 2308143: "2\u202f308\u202f143", -1000: "\u22121\u202f000"} {
		if got := groupedInt(n); got != want {
			t.Errorf("groupedInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{{"Staten", 30, "Staten"}, {"Stimulansmedel till regionerna 2018 (exempel)", 30, "Stimulansmedel till regionern…"}, {"åäö åäö", 5, "åäö…"}} {
		if got := shorten(c.in, c.n); got != c.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
