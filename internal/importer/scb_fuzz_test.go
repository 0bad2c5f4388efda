package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/population"
)

// fuzzSCB reads text as OpenSCB would and checks that it never panics,
// that every failure is a bilingual *population.Error, and that every row
// it passes on is one population.FromRows accepts.
func fuzzSCB(f *testing.F, ext string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "scb", "*"+ext))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	reg := testRegister(f)
	f.Fuzz(func(t *testing.T, text string) {
		r, err := OpenSCB(strings.NewReader(text), "fuzz", reg)
		var tables [][]population.Row
		if err == nil {
			tables, err = readAll(t, r, "all")
		}
		if err != nil {
			var pe *population.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is a %T, not a *population.Error", err, err)
			}
			if pe.Swedish() == "" || pe.Error() == "" {
				t.Fatal("no message")
			}
			return
		}
		for i, rows := range tables {
			if _, err := population.FromRows("fuzz", rows, reg); err != nil {
				t.Fatalf("table %d: rows the reader accepted fail the model's rules: %v", i, err)
			}
			n, _, _, _ := r.Summary(i)
			if n != len(rows) {
				t.Fatalf("summary says %d rows, read %d", n, len(rows))
			}
		}
	})
}

// FuzzReadSCBCSV fuzzes PxWeb CSV; seeds are the fixtures and testdata/fuzz/FuzzReadSCBCSV.
func FuzzReadSCBCSV(f *testing.F) { fuzzSCB(f, ".csv") }

// FuzzReadJSONStat fuzzes JSON-stat 2.0; seeds are the fixture and testdata/fuzz/FuzzReadJSONStat.
func FuzzReadJSONStat(f *testing.F) { fuzzSCB(f, ".json") }
