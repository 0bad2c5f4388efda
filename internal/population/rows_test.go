package population

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestRowsRoundTrip(t *testing.T) {
	reg := register(t)
	for _, in := range []string{
		"code,population\n0780,91060\n0781,28000\n",
		"code;age;sex;population\n0780;0;män;10\n0780;0;kvinnor;11\n0780;100+;män;2\n0780;100+;kvinnor;3\n",
	} {
		tab, err := ReadCSV(strings.NewReader(in), "in.csv", reg)
		if err != nil {
			t.Fatal(err)
		}
		back, err := FromRows("stored", tab.Rows(), reg)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tab.Rows(), back.Rows()) || back.HasAge() != tab.HasAge() || back.HasSex() != tab.HasSex() {
			t.Errorf("round trip changed the table: %v → %v", tab.Rows(), back.Rows())
		}
	}
	b, err := os.ReadFile("testdata/scb_kommuner_2017-12-31.csv")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := ReadCSV(strings.NewReader(string(b)), "scb", reg)
	if err != nil {
		t.Fatal(err)
	}
	back, err := FromRows("stored", tab.Rows(), reg)
	if err != nil || back.Total(Filter{}) != 10_120_242 {
		t.Errorf("SCB table round trip: %v, total %d", err, back.Total(Filter{}))
	}
}

func TestFromRowsRejects(t *testing.T) {
	reg := register(t)
	bad := [][]Row{
		{{Code: "9999", Age: NoAge, Count: 1}},
		{{Code: "0780", Age: NoAge, Count: -1}},
		{{Code: "0780", Age: NoAge, Count: 1}, {Code: "0780", Age: NoAge, Count: 2}},
		{{Code: "0780", Age: 3, Count: 1}, {Code: "0781", Age: NoAge, Count: 2}},
	}
	for _, rows := range bad {
		if _, err := FromRows("stored", rows, reg); err == nil {
			t.Errorf("FromRows(%v) accepted bad rows", rows)
		}
	}
}
