package importer

import (
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/money"
)

// FuzzReadDecision checks that any text either is refused with a
// *DecisionError or gives proposals whose spans lie in the text and read
// back, with money.Parse, as the proposal's amount. The seeds are in
// testdata/fuzz/FuzzReadDecision.
func FuzzReadDecision(f *testing.F) {
	f.Add("Totalt 10 Mkr, varav 4 Mkr till skolan och 6 Mkr till vården.")
	f.Add("drygt 4 miljoner kronor\u00a0och 1\u00a0250\u00a0000 kr per år åt föreningen")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ReadDecision(text, kronobergCommittees)
		if err != nil {
			if _, ok := err.(*DecisionError); !ok {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		for i, p := range d.Proposals {
			s := p.Span
			if s.Start < 0 || s.Start >= s.End || s.End > len(text) || text[s.Start:s.End] != s.Text {
				t.Fatalf("proposal %d: span %+v outside the text", i, s)
			}
			if a, err := money.Parse(s.Text); err != nil || a != p.Amount {
				t.Fatalf("proposal %d: %q parses to %s, %v; want %s", i, s.Text, a, err, p.Amount)
			}
			if s.Line != 1+strings.Count(text[:s.Start], "\n") {
				t.Fatalf("proposal %d: line %d", i, s.Line)
			}
			if p.Sentence.Start > s.Start || p.Sentence.End < s.End || p.Sentence.End > len(text) {
				t.Fatalf("proposal %d: sentence %+v", i, p.Sentence)
			}
			if p.Total != nil {
				for _, l := range p.Total.Lines {
					if l <= i || l >= len(d.Proposals) {
						t.Fatalf("proposal %d: total line %d", i, l)
					}
				}
			}
		}
	})
}
