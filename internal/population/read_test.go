package population

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/refdata"
)

func register(t testing.TB) *refdata.Register {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func mustRead(t *testing.T, reg *refdata.Register, text string) *Table {
	t.Helper()
	tab, err := ReadCSV(strings.NewReader(text), "pop.csv", reg)
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	return tab
}

func mustCount(t *testing.T, tab *Table, code string, f Filter) int64 {
	t.Helper()
	n, err := tab.Count(code, f)
	if err != nil {
		t.Fatalf("Count(%q, %v): %v", code, f, err)
	}
	return n
}

func TestReadSCB(t *testing.T) {
	reg := register(t)
	tests := []struct {
		file                    string
		total, vaxjo, kronoberg int64
	}{
		{"scb_kommuner_2017-12-31.csv", 10_120_242, 91_060, 197_519},
		{"scb_kommuner_2019-12-31.csv", 10_327_589, 94_129, 201_469},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			tab, err := ReadCSV(f, tt.file, reg)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(tab.Codes()); got != 290 {
				t.Errorf("codes = %d, want 290", got)
			}
			if tab.Source() != tt.file || tab.HasAge() || tab.HasSex() {
				t.Errorf("Source, HasAge, HasSex = %q, %v, %v", tab.Source(), tab.HasAge(), tab.HasSex())
			}
			if got := tab.Total(Filter{}); got != tt.total {
				t.Errorf("Total = %d, want %d", got, tt.total)
			}
			if got := mustCount(t, tab, "0780", Filter{}); got != tt.vaxjo {
				t.Errorf("Count(0780) = %d, want %d", got, tt.vaxjo)
			}
			var sum int64
			for _, m := range reg.MunicipalitiesIn("07") {
				sum += mustCount(t, tab, m.Code, Filter{})
			}
			if got := mustCount(t, tab, "07", Filter{}); got != sum || got != tt.kronoberg {
				t.Errorf("Count(07) = %d, want %d (sum of 07xx %d)", got, tt.kronoberg, sum)
			}
			if g, m := mustCount(t, tab, "09", Filter{}), mustCount(t, tab, "0980", Filter{}); g != m {
				t.Errorf("Count(09) = %d, Count(0980) = %d", g, m)
			}
			var regions []string
			for _, r := range reg.Regions() {
				regions = append(regions, r.Code)
			}
			counts, err := tab.Counts(regions, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			sum = 0
			for _, n := range counts {
				sum += n
			}
			if sum != tt.total {
				t.Errorf("sum over the 21 regions = %d, want %d", sum, tt.total)
			}
		})
	}
}

func TestReadFormats(t *testing.T) {
	reg := register(t)
	tests := []struct {
		name  string
		text  string
		want  map[string]int64
		total int64
	}{
		{"semicolon, BOM, comments, CRLF",
			"\uFEFF# synthetic test data\r\nkod;befolkning\r\n\r\n0780;100\r\n# another comment\r\n0980;50\r\n",
			map[string]int64{"0780": 100, "0980": 50, "09": 50}, 150},
		{"columns in another order, aliases in any case",
			" Folkmängd , KOD\n100,0780\n7,0980\n",
			map[string]int64{"0780": 100, "09": 7}, 107},
		{"antal and spaces around values",
			"code;antal\n 0780 ; 100 \n",
			map[string]int64{"0780": 100}, 100},
		{"quoted fields, no final newline",
			`"code","population"` + "\n" + `"0780","12"`,
			map[string]int64{"0780": 12}, 12},
		{"lines of spaces are blank",
			"  \ncode,population\n   \n0780,1\n\t\n",
			map[string]int64{"0780": 1}, 1},
		{"a comment with both delimiters does not choose",
			"# note: a, b; c\ncode;population\n0780;1\n",
			map[string]int64{"0780": 1}, 1},
		{"zero and the largest plausible count",
			"code,population\n0780,0\n0980,100000000\n0114,007\n",
			map[string]int64{"0780": 0, "0980": 100_000_000, "0114": 7}, 100_000_007},
		{"regions only",
			"code,population\n07,10\n09,5\n",
			map[string]int64{"07": 10, "09": 5}, 15},
		{"a region's own rows win over its municipalities",
			"code,population\n07,10\n0780,3\n",
			map[string]int64{"07": 10, "0780": 3}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := mustRead(t, reg, tt.text)
			for code, want := range tt.want {
				if got := mustCount(t, tab, code, Filter{}); got != want {
					t.Errorf("Count(%s) = %d, want %d", code, got, want)
				}
			}
			if got := tab.Total(Filter{}); got != tt.total {
				t.Errorf("Total = %d, want %d", got, tt.total)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	reg := register(t)
	const h = "code,population\n"
	tests := []struct {
		name, text   string
		line         int
		field, value string
		reason       string // a part of Reason
	}{
		{"unknown municipality", h + "0780,1\n0799,5\n", 3, "code", "0799", "unknown municipality code"},
		{"unknown region", h + "99,5\n", 2, "code", "99", "unknown region code"},
		{"code with name", h + "0780 Växjö,5\n", 2, "code", "0780 Växjö", "expected a 4-digit municipality or 2-digit region code"},
		{"code lost its zero", h + "780,5\n", 2, "code", "780", `"0780"? a spreadsheet may have dropped the leading zero`},
		{"code of 3 unknown digits", h + "999,5\n", 2, "code", "999", "expected a 4-digit municipality or 2-digit region code"},
		{"empty code", h + ",5\n", 2, "code", "", "missing value"},
		{"duplicate row", h + "0780,1\n0781,2\n0780,3\n", 4, "", "0780,3", "duplicate row, first seen on line 2"},
		{"duplicate by another name", "code;age;sex;population\n0780;17;2;5\n0780;17;kvinnor;6\n", 3, "", "0780;17;kvinnor;6", "duplicate row, first seen on line 2"},
		{"duplicate open group", "code,age,population\n0780,100,5\n0780,100+,6\n", 3, "", "0780,100+,6", "duplicate row, first seen on line 2"},
		{"age above an open group", "code,age,population\n0780,100+,5\n0780,101,6\n", 3, "age", "101", "inside the open group 100+ on line 2"},
		{"open group below an age", "code,age,population\n0780,101,5\n0780,100-,6\n", 3, "age", "100-", "the open group includes age 101, already on line 2"},
		{"two open groups", "code,age,population\n0780,90+,5\n0780,100+,6\n", 3, "age", "100+", "inside the open group 90+ on line 2"},
		{"negative", h + "0780,-5\n", 2, "population", "-5", "expected a non-negative whole number"},
		{"decimal point", h + "0780,1.5\n", 2, "population", "1.5", "expected a non-negative whole number"},
		{"decimal comma", "code;population\n0780;1,5\n", 2, "population", "1,5", "expected a non-negative whole number"},
		{"thousands separator", "code;population\n0780;91 060\n", 2, "population", "91 060", "expected a non-negative whole number"},
		{"plus sign", h + "0780,+5\n", 2, "population", "+5", "expected a non-negative whole number"},
		{"empty population", h + "0780,\n", 2, "population", "", "missing value"},
		{"implausible", h + "0780,100000001\n", 2, "population", "100000001", "implausible"},
		{"implausible beyond int64", h + "0780,99999999999999999999999\n", 2, "population", "99999999999999999999999", "implausible"},
		{"unknown column", "code,population,kommun\n", 1, "", "kommun", "unknown column"},
		{"misspelt column", "code,popluation\n0780,5\n", 1, "", "popluation", "unknown column"},
		{"missing population column", "code\n0780\n", 1, "population", "", "missing column"},
		{"missing code column", "ålder;folkmängd\n", 1, "code", "", "missing column"},
		{"repeated column", "code,kod,population\n", 1, "", "kod", `the same column as "code"`},
		{"empty column name", "code,population,\n0780,5,\n", 1, "", "", "column 3 has no name"},
		{"age without value", "code,age,population\n0780,,5\n", 2, "age", "", "missing value"},
		{"age too high", "code,age,population\n0780,131,5\n", 2, "age", "131", "expected a whole number from 0 to 130"},
		{"age not a number", "code,age,population\n0780,tio,5\n", 2, "age", "tio", "expected a whole number from 0 to 130"},
		{"negative age", "code,age,population\n0780,-1,5\n", 2, "age", "-1", "expected a whole number from 0 to 130"},
		{"sex without value", "code,sex,population\n0780,,5\n", 2, "sex", "", "missing value"},
		{"bad sex", "code,kön,population\n0780,x,5\n", 2, "sex", "x", `expected 1 or "män"`},
		{"both delimiters", "code,population;age\n", 1, "", "code,population;age", "both comma and semicolon"},
		{"both delimiters after comments", "# made up\n\ncode;population,x\n", 3, "", "code;population,x", "both comma and semicolon"},
		{"no delimiter", "code population\n0780 5\n", 1, "", "code population", "no comma or semicolon"},
		{"too many fields", h + "0780,5,6\n", 2, "", "0780,5,6", "3 fields, but the header has 2"},
		{"too few fields", "code;age;population\n0780;5\n", 2, "", "0780;5", "2 fields, but the header has 3"},
		{"empty file", "", 0, "", "", "no header row"},
		{"only comments and blanks", "\uFEFF# nothing\n\n  \n", 0, "", "", "no header row"},
		{"header only", "# x\ncode,population\n\n", 2, "", "", "no data rows"},
		{"bare quote", h + "07\"80,5\n", 2, "", "", "invalid CSV"},
		{"physical lines with CRLF, comments, blanks", "\uFEFF# c\r\n\r\ncode;population\r\n# x\r\n\r\n0780;-5\r\n", 6, "population", "-5", "expected a non-negative"},
		{"lines inside a quoted field count", h + "0780,\"1\n\"\n0781,-5\n", 4, "population", "-5", "expected a non-negative"},
		{"the first error in the file wins", h + "0780,-5\n0799,5\n", 2, "population", "-5", "expected a non-negative"},
		{"the first error in the row wins", h + "0799,-5\n", 2, "code", "0799", "unknown municipality code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ReadCSV(strings.NewReader(tt.text), "pop.csv", reg)
			if tab != nil {
				t.Error("got a table as well as an error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if e.File != "pop.csv" || e.Line != tt.line || e.Field != tt.field || e.Value != tt.value || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("got  %q, %d, %q, %q, %q\nwant %q, %d, %q, %q, …%q…",
					e.File, e.Line, e.Field, e.Value, e.Reason, "pop.csv", tt.line, tt.field, tt.value, tt.reason)
			}
			if e.SwedishReason == "" {
				t.Error("no Swedish reason")
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	reg := register(t)
	text := "# line 1\ncode,population\n0780,1\n" + strings.Repeat("\n", 13) + "0781,-5\n"
	_, err := ReadCSV(strings.NewReader(text), "pop.csv", reg)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	tests := []struct{ got, want string }{
		{e.Error(), `pop.csv: line 17: population "-5": expected a non-negative whole number`},
		{e.Swedish(), `pop.csv: rad 17: befolkning "-5": förväntade ett heltal, noll eller större`},
		{(&Error{File: "a.csv", Line: 3, Field: "age", Reason: "missing value", SwedishReason: "värde saknas"}).Swedish(),
			`a.csv: rad 3: ålder: värde saknas`},
		{(&Error{File: "a.csv", Line: 1, Value: "kommun", Reason: "unknown column"}).Error(), `a.csv: line 1: "kommun": unknown column`},
		{(&Error{File: "a.csv", Reason: "no header row"}).Error(), `a.csv: no header row`},
		{(&Error{Field: "sex", Value: "x", Reason: "r"}).Swedish(), `kön "x": r`}, // falls back to Reason
		{(&MissingError{Code: "0780"}).Error(), "no population rows for 0780"},
		{(&MissingError{Code: "0780"}).Swedish(), "befolkningstal saknas för 0780"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got  %s\nwant %s", tt.got, tt.want)
		}
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestReadUnwrapsCSVErrors(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("code,population\n07\"80,5\n"), "pop.csv", register(t))
	if !errors.Is(err, csv.ErrBareQuote) {
		t.Errorf("err = %v, want one wrapping csv.ErrBareQuote", err)
	}
}

func TestReadFailure(t *testing.T) {
	reg := register(t)
	boom := errors.New("disk on fire")
	inputs := map[string]string{"before the header": "", "after the header": "code,population\n0780,1\n"}
	for name, head := range inputs {
		t.Run(name, func(t *testing.T) {
			r := io.MultiReader(strings.NewReader(head), failingReader{boom})
			tab, err := ReadCSV(r, "pop.csv", reg)
			var e *Error
			if tab != nil || !errors.Is(err, boom) || !errors.As(err, &e) || e.File != "pop.csv" {
				t.Errorf("ReadCSV = %v, %v; want nil and an *Error wrapping %v", tab, err, boom)
			}
		})
	}
}
