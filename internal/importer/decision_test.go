package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/money"
)

// kronoberg is the demo's committees of Region Kronoberg (internal/demo).
var kronobergCommittees = []Candidate{
	{Code: "07-hsn", Name: "Hälso- och sjukvårdsnämnden, Region Kronoberg"},
	{Code: "07-rs", Name: "Regionstyrelsen, Region Kronoberg"},
	{Code: "07-run", Name: "Regionala utvecklingsnämnden, Region Kronoberg"},
}

type wantLine struct {
	amount    string
	kind      Kind
	code      string // matched organisation, for sub-allocations
	title     string // substring of the title, for initiatives
	recurring bool
}

func TestReadDecisionSeeds(t *testing.T) {
	tests := []struct {
		file  string
		lines []wantLine
	}{
		{"000_kronoberg.txt", []wantLine{
			{amount: "13 410 000 kr", kind: KindSubAllocation, code: "07-hsn"},
			{amount: "3 920 000 kr", kind: KindSubAllocation, code: "07-rs"},
			{amount: "2 970 000 kr", kind: KindSubAllocation, code: "07-run"},
		}},
		{"003_stockholm.txt", []wantLine{
			{amount: "50 Mkr", kind: KindInitiative, title: "Utbildningspaket"},
		}},
		{"004_ostergotland.txt", []wantLine{
			{amount: "30 Mkr", kind: KindInitiative, title: "Primärvården"},
			{amount: "700 000 kr", kind: KindInitiative, title: "Samarbetet", recurring: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := readSeed(t, tt.file)
			d, err := ReadDecision(text, kronobergCommittees)
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, text, d)
			lines := d.Lines()
			if len(lines) != len(tt.lines) {
				t.Fatalf("got %d lines, want %d: %+v", len(lines), len(tt.lines), lines)
			}
			for i, w := range tt.lines {
				got := lines[i]
				if want := mustAmount(t, w.amount); got.Amount != want {
					t.Errorf("line %d: amount %s, want %s", i, got.Amount, want)
				}
				if got.Kind != w.kind || got.Recurring != w.recurring {
					t.Errorf("line %d: kind %s recurring %v, want %s %v", i, got.Kind, got.Recurring, w.kind, w.recurring)
				}
				if w.code != "" && (got.Match == nil || got.Match.Code != w.code) {
					t.Errorf("line %d (%q): match %+v, want %s", i, got.Recipient, got.Match, w.code)
				}
				if w.title != "" && !strings.Contains(got.Title, w.title) {
					t.Errorf("line %d: title %q, want it to contain %q", i, got.Title, w.title)
				}
			}
		})
	}
}

func TestReadDecisionKronobergTotal(t *testing.T) {
	text := readSeed(t, "000_kronoberg.txt")
	d, err := ReadDecision(text, kronobergCommittees)
	if err != nil {
		t.Fatal(err)
	}
	var sum money.Amount
	for _, l := range d.Lines() {
		sum += l.Amount
	}
	if sum != mustAmount(t, "20 300 000 kr") {
		t.Errorf("lines sum to %s, want 20 300 000 kr", sum)
	}
	totals := 0
	for _, p := range d.Proposals {
		if p.Kind != KindTotal {
			continue
		}
		totals++
		if p.Amount != mustAmount(t, "20,3 Mkr") || p.Total == nil || !p.Total.Matches || len(p.Total.Lines) != 3 {
			t.Errorf("total %s at line %d: %+v", p.Amount, p.Span.Line, p.Total)
			continue
		}
		for _, i := range p.Total.Lines {
			if d.Proposals[i].Kind != KindSubAllocation {
				t.Errorf("total line %d is %s", i, d.Proposals[i].Kind)
			}
		}
	}
	if totals == 0 {
		t.Error("the 20,3 Mkr total was not recognised")
	}
	first := d.Lines()[0]
	if first.Span.Text != "13 410 000 kr" || text[first.Span.Start:first.Span.End] != first.Span.Text || first.Span.Line != 14 {
		t.Errorf("span %+v", first.Span)
	}
}

func TestReadDecisionSmall(t *testing.T) {
	tests := []struct {
		name, text  string
		amounts     []string
		approximate bool
		kind        Kind
		recurring   bool
	}{
		{"drygt", "I Kronoberg kommer drygt 4 miljoner kronor att fördelas.", []string{"4 Mkr"}, true, KindMention, false},
		{"non-breaking spaces", "Nämnden beslutar 1\u00a0250\u00a0000 kr till projektet Unga vuxna.", []string{"1 250 000 kr"}, false, KindInitiative, false},
		{"narrow no-break", "Ge 2\u202f000 kronor per år åt föreningen.", []string{"2 000 kr"}, false, KindInitiative, true},
		{"miljarder", "Regeringen avsätter 1,5 miljarder till psykisk hälsa.", []string{"1 500 000 000 kr"}, false, KindInitiative, false},
		{"no amounts", "Regionen har sedan 2017 ett partnerskap. Ring 010-103 94 88.", nil, false, "", false},
		{"totalt varav", "Totalt 10 Mkr, varav 4 Mkr till skolan.", []string{"10 Mkr", "4 Mkr"}, false, KindTotal, false},
		{"kr colon dash", "Kostnad 500:- för kaffe.", []string{"500 kr"}, false, KindInitiative, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadDecision(tt.text, kronobergCommittees)
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, tt.text, d)
			if len(d.Proposals) != len(tt.amounts) {
				t.Fatalf("got %d proposals, want %d: %+v", len(d.Proposals), len(tt.amounts), d.Proposals)
			}
			for i, a := range tt.amounts {
				if d.Proposals[i].Amount != mustAmount(t, a) {
					t.Errorf("proposal %d: %s, want %s", i, d.Proposals[i].Amount, a)
				}
			}
			if len(d.Proposals) == 0 {
				return
			}
			p := d.Proposals[0]
			if p.Approximate != tt.approximate || p.Kind != tt.kind || p.Recurring != tt.recurring {
				t.Errorf("got approximate %v kind %s recurring %v, want %v %s %v", p.Approximate, p.Kind, p.Recurring, tt.approximate, tt.kind, tt.recurring)
			}
		})
	}
}

func TestReadDecisionRefuses(t *testing.T) {
	for name, text := range map[string]string{
		"empty":     "  \n ",
		"not UTF-8": "13 410 000 kr till \xff",
		"too long":  strings.Repeat("a", MaxDecisionBytes+1),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadDecision(text, nil)
			var de *DecisionError
			if !errors.As(err, &de) || de.Reason == "" || de.Sv == "" {
				t.Fatalf("got %v, want a *DecisionError", err)
			}
		})
	}
}

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "decisions", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkSpans asserts what the fuzz test asserts: every span lies in the
// text and reads back as the proposal's amount.
func checkSpans(t *testing.T, text string, d *Decision) {
	t.Helper()
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
		if p.Sentence.Start > s.Start || p.Sentence.End < s.End {
			t.Fatalf("proposal %d: sentence %+v does not hold the amount %+v", i, p.Sentence, s)
		}
	}
}

func mustAmount(t *testing.T, s string) money.Amount {
	t.Helper()
	a, err := money.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
