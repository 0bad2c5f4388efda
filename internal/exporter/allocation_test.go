package exporter

import (
	"bytes"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/money"
)

func kronobergCommittees(t *testing.T) *allocate.Result {
	t.Helper()
	res, err := allocate.Allocate(allocate.Request{Pot: 20_300_000 * money.Krona, Key: allocate.Key{Kind: allocate.KeyWeights},
		Recipients: []allocate.Recipient{
			{Code: "07-hsn", Name: "Hälso- och sjukvårdsnämnden", County: "07", Weight: 1341},
			{Code: "07-rs", Name: "Regionstyrelsen", County: "07", Weight: 392},
			{Code: "07-run", Name: "Regionala utvecklingsnämnden", County: "07", Weight: 297},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestAllocationTable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAllocationTable(&b, kronobergCommittees(t), TableOptions{Lang: allocate.Swedish}); err != nil {
		t.Fatal(err)
	}
	want := `Fördelning av 20 300 000 kr efter vikter, avrundat till 1 kr
Metod: anslag-largest-remainder/1

Kod     Mottagare                      Vikt         Belopp
07-hsn  Hälso- och sjukvårdsnämnden   1 341  13 410 000 kr
07-rs   Regionstyrelsen                 392   3 920 000 kr
07-run  Regionala utvecklingsnämnden    297   2 970 000 kr
        Summa                         2 030  20 300 000 kr
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestAllocationTableExplainEnglish(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAllocationTable(&b, kronobergCommittees(t), TableOptions{Lang: allocate.English, Explain: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Split of 20 300 000 kr by weights", "Exact share", "Rank", "Set aside", "Total",
		"07-hsn Hälso- och sjukvårdsnämnden: Share 1 341 of 2 030 of 20 300 000 kr gives exactly 13 410 000 kr", "The share is exact."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("explained table lacks %q:\n%s", want, b.String())
		}
	}
}

func TestAllocationCSVAndJSON(t *testing.T) {
	res := kronobergCommittees(t)
	var c, j bytes.Buffer
	if err := WriteAllocationCSV(&c, res, allocate.Swedish); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(c.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "code,name,county,kind,weight,") {
		t.Fatalf("csv:\n%s", c.String())
	}
	if !strings.Contains(lines[1], ",1341000000,") {
		t.Errorf("first row lacks the amount in öre: %s", lines[1])
	}
	if err := WriteAllocationJSON(&j, res, allocate.English); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"method": "anslag-largest-remainder/1"`, `"amount": 1341000000`, `"kind": "recipient"`, `"why": "Share 1 341 of 2 030`} {
		if !strings.Contains(j.String(), want) {
			t.Errorf("json lacks %s", want)
		}
	}
}
