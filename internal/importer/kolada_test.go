package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/refdata"
)

func koladaFiles(t *testing.T, names ...string) []KoladaFile {
	t.Helper()
	var files []KoladaFile
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", "kolada", n))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, KoladaFile{Name: n, R: strings.NewReader(string(b))})
	}
	return files
}

func register(t *testing.T) *refdata.Register {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// figure writes a value compactly for comparison: "N17473 0780 2018 T 12.3".
func figure(v grant.KoladaValue) string {
	s := v.KPI + " " + v.OrgCode + " " + itoa(v.Period) + " " + v.Gender + " "
	if v.Value == nil {
		s += "null"
	} else {
		s += ftoa(*v.Value)
	}
	if v.Status != "" {
		s += " " + v.Status
	}
	return s
}

func TestReadKolada(t *testing.T) {
	reg := register(t)
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
		pages int
		ends  bool
	}{
		{"v2 pages of one answer", []string{"v2_page1.json", "v2_page2.json"}, []string{
			"N17473 0780 2018 T 12.3", "N17473 0780 2018 K 14.1", "N17473 0780 2018 M 10.4", "N17473 07 2018 T 11",
			"N17473 0780 2019 T 12.9", "N17473 00 2019 T 13.5"}, 2, true},
		{"first page alone does not end", []string{"v2_page1.json"}, nil, 1, false},
		{"v3 with null and status", []string{"v3.json"}, []string{
			"U00405 0780 2019 T 71.25", "U00405 0780 2019 K null Missing", "U00405 0764 2019 T 64"}, 1, true},
		{"array of pages, quoted period and value", []string{"pages.json"}, []string{
			"N17473 0780 2017 T 11.8", "N17473 0780 2016 T 11.2"}, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadKolada(koladaFiles(t, tc.files...), reg)
			if err != nil {
				t.Fatal(err)
			}
			if d.Pages != tc.pages || d.Ends != tc.ends {
				t.Errorf("pages %d ends %v, want %d %v", d.Pages, d.Ends, tc.pages, tc.ends)
			}
			if tc.want == nil {
				return
			}
			var got []string
			for _, v := range d.Values {
				got = append(got, figure(v))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("values:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestReadKoladaErrors(t *testing.T) {
	reg := register(t)
	entry := func(kpi, mun, period, values string) string {
		return `{"values": [{"kpi": "N17473", "municipality": "0780", "period": 2019, "values": [{"gender": "T", "value": 1}]},
			{"kpi": ` + kpi + `, "municipality": ` + mun + `, "period": ` + period + `, "values": ` + values + `}]}`
	}
	ok := `[{"gender": "T", "value": 1.5}]`
	for _, tc := range []struct {
		name, text, en, sv string
	}{
		{"kpi format", entry(`"N1747"`, `"0780"`, `2019`, ok), `f.json: values[1].kpi "N1747": expected a Kolada key figure id`, `f.json: values[1].kpi "N1747": förväntade ett nyckeltals-id`},
		{"kpi not text", entry(`17473`, `"0780"`, `2019`, ok), `values[1].kpi 17473:`, `values[1].kpi 17473:`},
		{"unknown municipality", entry(`"N17473"`, `"0799"`, `2019`, ok), `values[1].municipality "0799": expected a known municipality code`, `förväntade en känd kommunkod`},
		{"unknown region", entry(`"N17473"`, `"0002"`, `2019`, ok), `values[1].municipality "0002"`, `values[1].municipality "0002"`},
		{"short code", entry(`"N17473"`, `"780"`, `2019`, ok), `values[1].municipality "780"`, `förväntade en känd`},
		{"bad period", entry(`"N17473"`, `"0780"`, `"2019a"`, ok), `values[1].period "2019a": expected a year`, `förväntade ett år`},
		{"period out of range", entry(`"N17473"`, `"0780"`, `19`, ok), `values[1].period 19:`, `values[1].period 19:`},
		{"non-numeric value", entry(`"N17473"`, `"0780"`, `2019`, `[{"gender": "T", "value": "n/a"}]`), `values[1].values[0].value "n/a": expected a number or null`, `förväntade ett tal eller null`},
		{"value true", entry(`"N17473"`, `"0780"`, `2019`, `[{"gender": "T", "value": true}]`), `values[1].values[0].value true:`, `values[1].values[0].value true:`},
		{"gender", entry(`"N17473"`, `"0780"`, `2019`, `[{"gender": "X", "value": 1}]`), `values[1].values[0].gender "X": expected T (total), K (women) or M (men)`, `förväntade T (totalt), K (kvinnor) eller M (män)`},
		{"figures not a list", entry(`"N17473"`, `"0780"`, `2019`, `{}`), `values[1].values {}: expected a list`, `förväntade en lista`},
		{"repeated", entry(`"N17473"`, `"0780"`, `2019`, ok), `values[1].values[0]: N17473 0780 2019 T is given twice (first at values[0].values[0])`, `finns två gånger`},
		{"not JSON", `{"values": [`, `f.json: not valid JSON`, `f.json: inte giltig JSON`},
		{"number", `42`, `expected a JSON object`, `förväntade ett JSON-objekt`},
		{"no values", `{"count": 0, "values": []}`, `no Kolada values found`, `inga värden från Kolada`},
		{"values not a list", `{"values": 3}`, `expected a page of Kolada's answer`, `förväntade en sida`},
		{"trailing data", `{"values": [{"kpi": "N17473", "municipality": "0780", "period": 2019, "values": [{"gender": "T", "value": 1}]}]} {}`, `unexpected data after`, `oväntade data`},
		{"array page", `[{"values": [{"kpi": "N17473", "municipality": "0780", "period": 2019, "values": []}]}, {"values": [{"kpi": "x"}]}]`, `f.json: page 2: values[0].kpi "x"`, `f.json: sida 2: values[0].kpi "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadKolada([]KoladaFile{{Name: "f.json", R: strings.NewReader(tc.text)}}, reg)
			var ke *KoladaError
			if !errors.As(err, &ke) || d != nil {
				t.Fatalf("got %v, %v; want a *KoladaError", d, err)
			}
			if !strings.Contains(err.Error(), tc.en) {
				t.Errorf("English %q\nwant it to contain %q", err.Error(), tc.en)
			}
			if !strings.Contains(ke.Swedish(), tc.sv) {
				t.Errorf("Swedish %q\nwant it to contain %q", ke.Swedish(), tc.sv)
			}
		})
	}
}

// TestReadKoladaAcrossFiles: a value repeated in a second file is an
// error naming that file; the import is refused as a whole.
func TestReadKoladaAcrossFiles(t *testing.T) {
	files := koladaFiles(t, "v2_page1.json", "v2_page1.json")
	files[1].Name = "again.json"
	_, err := ReadKolada(files, register(t))
	if err == nil || !strings.HasPrefix(err.Error(), "again.json: values[0].values[0]: N17473 0780 2018 T is given twice") {
		t.Fatalf("got %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
