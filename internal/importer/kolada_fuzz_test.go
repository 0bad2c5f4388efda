package importer

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/refdata"
)

// FuzzReadKolada checks that any file is either refused with a
// *KoladaError naming it, or read into values that each pass the checks
// the store relies on. Seeds: the files in testdata/kolada and the corpus
// in testdata/fuzz/FuzzReadKolada.
func FuzzReadKolada(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "kolada", "*.json"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	reg, err := loadRegister()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ReadKolada([]KoladaFile{{Name: "fuzz.json", R: strings.NewReader(text)}}, reg)
		if err != nil {
			var ke *KoladaError
			if !errors.As(err, &ke) || ke.File != "fuzz.json" || d != nil {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		seen := map[grant.KoladaValue]bool{}
		for i, v := range d.Values {
			if !koladaKPI.MatchString(v.KPI) || v.Period < 1950 || v.Period > 2100 || !strings.Contains("TKM", v.Gender) || len(v.Gender) != 1 {
				t.Fatalf("value %d: %+v", i, v)
			}
			if _, ok := reg.Lookup(v.OrgCode); !ok && v.OrgCode != grant.KoladaNational {
				t.Fatalf("value %d: unknown organisation %q", i, v.OrgCode)
			}
			if v.Value != nil && (math.IsNaN(*v.Value) || math.IsInf(*v.Value, 0)) {
				t.Fatalf("value %d: %v", i, *v.Value)
			}
			k := v
			k.Value, k.Status = nil, ""
			if seen[k] {
				t.Fatalf("value %d repeated: %+v", i, v)
			}
			seen[k] = true
		}
		if d.Pages < 1 {
			t.Fatalf("values without a page")
		}
	})
}

func loadRegister() (*refdata.Register, error) { return refdata.Load() }
