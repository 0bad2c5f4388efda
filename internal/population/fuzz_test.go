package population

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// FuzzReadCSV checks that no input makes ReadCSV panic or return an
// inconsistent table. More seeds are in testdata/fuzz/FuzzReadCSV.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"code,population\n0780,91060\n0980,58595\n",
		"\uFEFFkod;befolkning\r\n# comment\r\n07;5\r\n",
		ageSexTable,
		"code,ålder,antal\n0780,100+,3\n0780,99,2\n",
		"code,population\n\"07\n80\",5\n",
		"code,population,\n",
		"",
	} {
		f.Add(seed)
	}
	reg := register(f)
	f.Fuzz(func(t *testing.T, text string) {
		tab, err := ReadCSV(strings.NewReader(text), "fuzz.csv", reg)
		if err != nil {
			var e *Error
			switch {
			case tab != nil:
				t.Fatal("a table as well as an error")
			case !errors.As(err, &e):
				t.Fatalf("error %v is a %T, not an *Error", err, err)
			case e.Line < 0 || e.Line > strings.Count(text, "\n")+1:
				t.Fatalf("line %d is outside the input: %v", e.Line, err)
			case e.Swedish() == "":
				t.Fatal("no Swedish message")
			}
			return
		}
		codes := tab.Codes()
		if len(codes) == 0 || !slices.IsSorted(codes) || len(slices.Compact(slices.Clone(codes))) != len(codes) {
			t.Fatalf("Codes = %v, want a sorted non-empty set", codes)
		}
		var munis, regions int64
		for _, code := range codes {
			n, err := tab.Count(code, Filter{})
			if err != nil || n < 0 {
				t.Fatalf("Count(%s) = %d, %v", code, n, err)
			}
			if len(code) == 4 {
				munis += n
			} else {
				regions += n
			}
			if tab.HasSex() {
				m, _ := tab.Count(code, Filter{Sex: Male})
				w, _ := tab.Count(code, Filter{Sex: Female})
				if m < 0 || w < 0 || m+w != n {
					t.Fatalf("%s: men %d + women %d != %d", code, m, w, n)
				}
			}
			if tab.HasAge() {
				young, _ := tab.Count(code, Filter{Ages: []AgeBand{{0, 17}}})
				old, _ := tab.Count(code, Filter{Ages: []AgeBand{{18, MaxAge}}})
				if young < 0 || old < 0 || young+old != n {
					t.Fatalf("%s: 0–17 %d + 18– %d != %d", code, young, old, n)
				}
			}
		}
		want := munis
		if !slices.ContainsFunc(codes, func(c string) bool { return len(c) == 4 }) {
			want = regions
		}
		if got := tab.Total(Filter{}); got != want {
			t.Fatalf("Total = %d, want %d", got, want)
		}
	})
}
