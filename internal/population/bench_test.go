package population

import (
	"fmt"
	"strings"
	"testing"
)

// fullTable is the largest table the format expects: every municipality by
// single year of age (100 meaning "100+") and sex, about 58 600 rows.
func fullTable(b *testing.B) string {
	var s strings.Builder
	s.WriteString("code;age;sex;population\n")
	for _, m := range register(b).Municipalities() {
		for age := 0; age <= 100; age++ {
			open := ""
			if age == 100 {
				open = "+"
			}
			for sex := 1; sex <= 2; sex++ {
				fmt.Fprintf(&s, "%s;%d%s;%d;%d\n", m.Code, age, open, sex, 100+age+sex)
			}
		}
	}
	return s.String()
}

func BenchmarkReadCSV(b *testing.B) {
	text, reg := fullTable(b), register(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadCSV(strings.NewReader(text), "full.csv", reg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountsRegions is the work of one allocation to the 21 regions
// from a table of municipality rows, with an age and sex filter.
func BenchmarkCountsRegions(b *testing.B) {
	reg := register(b)
	tab, err := ReadCSV(strings.NewReader(fullTable(b)), "full.csv", reg)
	if err != nil {
		b.Fatal(err)
	}
	var regions []string
	for _, r := range reg.Regions() {
		regions = append(regions, r.Code)
	}
	f := Filter{Ages: []AgeBand{{13, 25}}, Sex: Female}
	for b.Loop() {
		if _, err := tab.Counts(regions, f); err != nil {
			b.Fatal(err)
		}
	}
}
