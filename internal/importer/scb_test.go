package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/refdata"
)

func testRegister(t testing.TB) *refdata.Register {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// readAll reads the chosen periods and returns the rows per table.
func readAll(t testing.TB, r *SCBReader, choice string) ([][]population.Row, error) {
	t.Helper()
	sel, err := ChoosePeriods(r.Info(), choice)
	if err != nil {
		return nil, err
	}
	out := make([][]population.Row, len(sel))
	err = r.Read(context.Background(), sel, func(table int, row population.Row) error {
		out[table] = append(out[table], row)
		return nil
	})
	return out, err
}

func TestReadSCBFixtures(t *testing.T) {
	reg := testRegister(t)
	tests := []struct {
		file    string
		choice  string
		format  string
		years   string
		hasAge  bool
		hasSex  bool
		rows    []int   // per chosen table
		totals  []int64 // per chosen table
		example population.Row
	}{
		// Kronoberg's eight municipalities, real SCB figures (31 Dec 2017 and 2019).
		{"kronoberg_comma_utf8.csv", "all", "csv", "2017, 2019", false, false, []int{9, 9}, []int64{197519, 201469},
			population.Row{Code: "0780", Age: population.NoAge, Count: 91060}},
		{"kronoberg_semicolon_bom.csv", "2019", "csv", "2017, 2019", false, false, []int{8}, []int64{201469},
			population.Row{Code: "0780", Age: population.NoAge, Count: 94129}},
		{"kronoberg_tab_cp1252.csv", "", "csv", "2019", false, false, []int{8}, []int64{201469},
			population.Row{Code: "0765", Age: population.NoAge, Count: 17651}},
		{"kronoberg_latin1.csv", "", "csv", "2017", false, false, []int{8}, []int64{197519},
			population.Row{Code: "0765", Age: population.NoAge, Count: 17148}},
		// Synthetic: 2 municipalities × 4 ages × 2 sexes, totals dropped.
		{"vaxjo_ljungby_age_sex.csv", "2019M11", "csv", "2019M10, 2019M11", true, true, []int{16}, []int64{16 * 8},
			population.Row{Code: "0781", Age: 100, Sex: population.Female, Count: 8}},
		{"vaxjo_ljungby.jsonstat2.json", "all", "json-stat2", "2018, 2019", true, true, []int{12, 12}, []int64{2 * (3*100 + 3*101), 2 * (3*101 + 3*102)},
			population.Row{Code: "0780", Age: 100, Sex: population.Female, Count: 102}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "scb", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := OpenSCB(f, tt.file, reg)
			if err != nil {
				t.Fatal(err)
			}
			info := r.Info()
			if info.Format != tt.format || info.Years() != tt.years || info.HasAge != tt.hasAge || info.HasSex != tt.hasSex {
				t.Fatalf("info = %+v", info)
			}
			tables, err := readAll(t, r, tt.choice)
			if err != nil {
				t.Fatal(err)
			}
			if len(tables) != len(tt.rows) {
				t.Fatalf("%d tables, want %d", len(tables), len(tt.rows))
			}
			found := false
			for i, rows := range tables {
				n, age, sex, total := r.Summary(i)
				if len(rows) != tt.rows[i] || n != tt.rows[i] || total != tt.totals[i] || age != tt.hasAge || sex != tt.hasSex {
					t.Errorf("table %d: %d rows (summary %d, age %v, sex %v, total %d), want %d rows, total %d",
						i, len(rows), n, age, sex, total, tt.rows[i], tt.totals[i])
				}
				for _, row := range rows {
					found = found || row == tt.example
				}
			}
			if !found {
				t.Errorf("no row %+v", tt.example)
			}
		})
	}
}

func TestReadSCBErrors(t *testing.T) {
	reg := testRegister(t)
	tests := []struct {
		name, in, choice string
		want, wantSv     string // substrings of Error and Swedish
	}{
		{"missing figure", "\"region\",\"2019\"\n\"0780 Växjö\",94129\n\"0781 Ljungby\",..\n", "",
			`f.csv: line 3: 2019 "..": the figure is missing`, `rad 3: 2019 "..": siffran saknas`},
		{"dash", "region;2019\n0780;-\n", "", `line 2: 2019 "-": the figure is missing`, "siffran saknas"},
		{"unknown code", "region,2019\n0780,1\n0799 Nowhere,2\n", "", `line 3: region "0799 Nowhere": unknown region or municipality code`, "okänd region- eller kommunkod"},
		{"unknown name", "region,2019\nAtlantis,2\n", "", `line 2: region "Atlantis": unknown region or municipality name`, "okänt namn"},
		{"duplicate", "region,2019\n0780 Växjö,1\n0781,1\n0780,2\n", "", `line 4: "0780": duplicate row, first seen on line 2`, "dubblettrad, finns redan på rad 2"},
		{"open group", "region,ålder,2019\n0780,100+ år,1\n0780,101 år,1\n", "", `line 3: "0780,101 år": inside the open group 100+ on line 2`, "öppna gruppen"},
		{"bad age", "region,ålder,2019\n0780,tretton,1\n", "", `line 2: ålder "tretton": expected an age`, "förväntade en ålder"},
		{"bad sex", "region,kön,2019\n0780,okänt,1\n", "", `line 2: kön "okänt": expected "män"`, "förväntade \"män\""},
		{"negative", "region,2019\n0780,-5\n", "", `line 2: 2019 "-5": expected a whole number`, "heltal"},
		{"field count", "region,2019\n0780,1,2\n", "", "line 2: 3 fields, but the header has 2", "3 fält"},
		{"unknown column", "region,2019,färg\n0780,1,röd\n", "", `line 1: "färg": unknown column`, "okänd kolumn"},
		{"no year", "region,ålder\n0780,1\n", "", "line 1: no year column", "ingen kolumn för år"},
		{"several years, none chosen", "region,2017,2019\n0780,1,2\n", "", `year "2017, 2019": the file has several years`, "filen har flera år"},
		{"year not in file", "region,2017,2019\n0780,1,2\n", "2018", `year "2018": the file has no such year`, "den har 2017, 2019"},
		{"bad quote", "region,2019\n\"0780,1\n", "", "invalid CSV", "ogiltig CSV"},
		{"no header", "\n\n", "", "no header row", "ingen rubrikrad"},
		{"json missing", `{"version":"2.0","class":"dataset","id":["Region","Tid"],"size":[1,1],"dimension":{"Region":{"category":{"index":["0780"]}},"Tid":{"category":{"index":["2019"]}}},"value":[null]}`, "",
			`value[0] "Region=0780, Tid=2019": the figure is missing (null)`, "siffran saknas"},
		{"json short", `{"version":"2.0","class":"dataset","id":["Region","Tid"],"size":[2,1],"dimension":{"Region":{"category":{"index":["0780","0781"]}},"Tid":{"category":{"index":["2019"]}}},"value":[5]}`, "",
			"1 values, but the sizes make 2", "1 värden"},
		{"json unknown dimension", `{"version":"2.0","class":"dataset","id":["Region","Färg","Tid"],"size":[1,2,1],"dimension":{"Region":{"category":{"index":["0780"]}},"Färg":{"category":{"index":["a","b"]}},"Tid":{"category":{"index":["2019"]}}},"value":[1,2]}`, "",
			"dimension.Färg: unknown dimension", "okänd dimension"},
		// JSON-stat cells have no line: a duplicate or an age inside an open
		// group is refused all the same (the fuzzer found both accepted).
		{"json duplicate", `{"version":"2.0","class":"dataset","id":["Region","Tid"],"size":[2,1],"dimension":{"Region":{"category":{"index":["0780","0780 Växjö"]}},"Tid":{"category":{"index":["2019"]}}},"value":[1,2]}`, "",
			`value[1] "Region=0780 Växjö, Tid=2019": duplicate row: this code, age and sex came before`, "dubblettrad: samma kod, ålder och kön finns redan"},
		{"json open group", `{"version":"2.0","class":"dataset","id":["Region","Alder","Tid"],"size":[1,2,1],"dimension":{"Region":{"category":{"index":["0780"]}},"Alder":{"category":{"index":["100+","101"]}},"Tid":{"category":{"index":["2019"]}}},"value":[1,2]}`, "",
			`Alder=101, Tid=2019": inside the open group 100+`, "ingår i den öppna gruppen 100+"},
		{"json truncated", `{"version":"2.0","id":["Region","Tid"],"size":[1,1],"dimension":{"Region":`, "", "the JSON ends too early", "tar slut"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenSCB(strings.NewReader(tt.in), "f.csv", reg)
			if err == nil {
				_, err = readAll(t, r, tt.choice)
			}
			var pe *population.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T), want a *population.Error", err, err)
			}
			if !strings.Contains(pe.Error(), tt.want) || !strings.Contains(pe.Swedish(), tt.wantSv) {
				t.Errorf("got\n  %s\n  %s\nwant %q and %q", pe.Error(), pe.Swedish(), tt.want, tt.wantSv)
			}
		})
	}
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		in, label, date string
	}{
		{"2016", "2016", "2016-12-31"},
		{"Folkmängd 2016", "2016", "2016-12-31"},
		{"2016M02", "2016M02", "2016-02-29"},
		{"BE0101N1 2019M11", "2019M11", "2019-11-30"},
		{"20161", "", ""},
		{"2016-2017", "", ""},
	}
	for _, tt := range tests {
		p, ok := parsePeriod(tt.in)
		if ok != (tt.label != "") || p.Label != tt.label || (ok && p.ReferenceDate() != tt.date) {
			t.Errorf("parsePeriod(%q) = %+v %v, want %q %s", tt.in, p, ok, tt.label, tt.date)
		}
	}
}

// TestReadSCBStopsOnCallbackError shows an error from the consumer (a
// failed insert) ends the read and comes back unchanged.
func TestReadSCBStopsOnCallbackError(t *testing.T) {
	r, err := OpenSCB(strings.NewReader("region,2019\n0780,1\n0781,2\n"), "f.csv", testRegister(t))
	if err != nil {
		t.Fatal(err)
	}
	stop, calls := errors.New("stop"), 0
	err = r.Read(context.Background(), []int{0}, func(int, population.Row) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}
