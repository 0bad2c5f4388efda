package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
	"github.com/anslag/anslag/internal/money"
)

// dtSeed reads a press release of internal/importer/testdata.
func dtSeed(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dtKronoberg gives Region Kronoberg the demo's three committees.
func dtKronoberg(t *testing.T, e *v1Env) {
	t.Helper()
	for _, c := range []grant.Organisation{
		{Code: "07-hsn", Name: "Hälso- och sjukvårdsnämnden, Region Kronoberg"},
		{Code: "07-rs", Name: "Regionstyrelsen, Region Kronoberg"},
		{Code: "07-run", Name: "Regionala utvecklingsnämnden, Region Kronoberg"},
	} {
		c.Kind, c.ParentCode = grant.OrgCommittee, "07"
		if _, err := e.svc.CreateOrganisation(e.ctx, c); err != nil {
			t.Fatal(err)
		}
	}
}

type dtWant struct {
	kind, amount, code, title string
	recurring                 bool
}

// TestV1DecisionText reads the three seed press releases: Kronoberg's three
// committees exactly, summing to the 20,3 Mkr it states; Stockholm's and
// Östergötland's initiatives. Reading saves nothing.
func TestV1DecisionText(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		dtKronoberg(t, e)
		kronoberg := dtSeed(t, "decisions/000_kronoberg.txt")
		tests := []struct {
			name, org   string
			body        any
			headers     []string
			date, total string
			lines       []dtWant
		}{
			{name: "Kronoberg as JSON", org: "07", body: api.DecisionTextIn{Text: string(kronoberg)}, date: "2018-08-21", total: "20 300 000 kr",
				lines: []dtWant{{"sub-allocation", "13 410 000 kr", "07-hsn", "", false}, {"sub-allocation", "3 920 000 kr", "07-rs", "", false},
					{"sub-allocation", "2 970 000 kr", "07-run", "", false}}},
			{name: "Kronoberg as Windows-1252 text", org: "07", body: dtSeed(t, "decisionfiles/kronoberg-1252.txt"),
				headers: []string{"Content-Type", "text/plain; charset=windows-1252"}, date: "2018-08-21", total: "20 300 000 kr",
				lines: []dtWant{{"sub-allocation", "13 410 000 kr", "07-hsn", "", false}, {"sub-allocation", "3 920 000 kr", "07-rs", "", false},
					{"sub-allocation", "2 970 000 kr", "07-run", "", false}}},
			{name: "Kronoberg as a web page", org: "07", body: dtSeed(t, "decisionfiles/kronoberg.html"),
				headers: []string{"Content-Type", "text/html"}, date: "2018-08-21", total: "20 300 000 kr",
				lines: []dtWant{{"sub-allocation", "13 410 000 kr", "07-hsn", "", false}, {"sub-allocation", "3 920 000 kr", "07-rs", "", false},
					{"sub-allocation", "2 970 000 kr", "07-run", "", false}}},
			{name: "Stockholm", org: "01", body: api.DecisionTextIn{Text: string(dtSeed(t, "decisions/003_stockholm.txt"))},
				lines: []dtWant{{"initiative", "50 000 000 kr", "", "Utbildningspaket", false}}},
			{name: "Östergötland", org: "05", body: dtSeed(t, "decisions/004_ostergotland.txt"), headers: []string{"Content-Type", "text/plain"},
				date: "2019-11-12", lines: []dtWant{{"initiative", "30 000 000 kr", "", "Primärvården", false}, {"initiative", "700 000 kr", "", "Samarbetet", true}}},
		}
		before := e.fingerprint()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := e.do("POST", "/api/v1/organisations/"+tt.org+"/decision-text", tt.body, tt.headers...)
				var p api.DecisionProposal
				if r.JSON(t, &p); r.Status != 200 {
					t.Fatalf("%d %s", r.Status, r.Body)
				}
				if p.Org != tt.org || string(p.DecidedOn) != tt.date {
					t.Errorf("org %s date %q, want %s %q", p.Org, p.DecidedOn, tt.org, tt.date)
				}
				var got []api.DecisionLine
				for _, l := range p.Lines {
					if l.Kind == "sub-allocation" || l.Kind == "initiative" {
						got = append(got, l)
					}
				}
				if len(got) != len(tt.lines) {
					t.Fatalf("%d lines, want %d: %s", len(got), len(tt.lines), r.Body)
				}
				var sum money.Amount
				for i, w := range tt.lines {
					l := got[i]
					want, err := money.Parse(w.amount)
					if err != nil {
						t.Fatal(err)
					}
					sum += want
					if l.Kind != w.kind || l.Amount.Ore != want.Ore() || l.Amount.Formatted != w.amount || l.Recurring != w.recurring {
						t.Errorf("line %d: %+v, want %+v", i, l, w)
					}
					if !strings.Contains(l.Sentence, l.Written) || l.Line < 1 {
						t.Errorf("line %d: the sentence %q does not hold %q", i, l.Sentence, l.Written)
					}
					if w.code != "" && (l.Match == nil || l.Match.Code != w.code || l.Match.Confidence == "") {
						t.Errorf("line %d: match %+v, want %s", i, l.Match, w.code)
					}
					if w.title != "" && (l.Match != nil || !strings.Contains(l.Title, w.title)) {
						t.Errorf("line %d: title %q match %+v, want a title with %q and no match", i, l.Title, l.Match, w.title)
					}
				}
				if p.Sum.Ore != sum.Ore() {
					t.Errorf("sum %+v, want %s", p.Sum, sum)
				}
				if tt.total == "" {
					return
				}
				if p.Stated == nil || p.Stated.Amount.Formatted != tt.total || !p.Stated.Matches || p.Stated.Sum == nil || p.Stated.Sum.Ore != sum.Ore() {
					t.Errorf("stated total %+v, want %s matching the lines", p.Stated, tt.total)
				}
				if len(p.Candidates) != 3 {
					t.Errorf("candidates %+v, want Kronoberg's three committees", p.Candidates)
				}
			})
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("reading decision texts wrote: %v → %v", before, after)
		}
	})
}

// TestV1DecisionTextConfirm: the lines read from Kronoberg's press release,
// sent as they are to the decisions endpoint, are saved, all three.
func TestV1DecisionTextConfirm(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		dtKronoberg(t, e)
		a, err := e.svc.CreateAgreement(e.ctx, grant.Agreement{Year: 2018, Title: "Psykisk hälsa 2018 (test)", Dnr: "T-2018",
			Parties: []string{"staten", "skr"}, Total: 1041 * money.Mkr, DecisionDate: "2017-12-20"})
		if err != nil {
			t.Fatal(err)
		}
		pot, err := e.svc.CreatePot(e.ctx, grant.Pot{AgreementID: a.ID, Name: "Regionerna 2018", Purpose: "psykisk hälsa 2018", Amount: 1041 * money.Mkr,
			Recipients: "regions", PopulationTableID: e.table.ID, ReferenceDate: "2017-11-01"})
		if err != nil {
			t.Fatal(err)
		}
		run, err := e.svc.CreateRun(e.ctx, pot.ID)
		if err == nil {
			run, err = e.svc.DecideRun(e.ctx, run.ID, run.Version)
		}
		if err != nil {
			t.Fatal(err)
		}
		var share money.Amount
		for _, l := range run.Lines {
			if l.Code == "07" {
				share = l.Amount
			}
		}
		if share < 20_300_000*money.Krona {
			t.Fatalf("Kronoberg's share %s is less than the 20,3 Mkr to spread", share)
		}
		rqPaid(t, e, pot.ID, "07", share)

		r := e.do("POST", "/api/v1/organisations/07/decision-text", api.DecisionTextIn{Text: string(dtSeed(t, "decisions/000_kronoberg.txt"))})
		var p api.DecisionProposal
		if r.JSON(t, &p); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var in api.SubAllocationDecisionIn
		for _, l := range p.Lines {
			if l.Kind == "sub-allocation" {
				in.Lines = append(in.Lines, api.SubAllocationIn{AgreementID: a.ID, FromOrg: "07", ToOrg: l.Match.Code,
					Amount: money.Amount(l.Amount.Ore), DecidedOn: p.DecidedOn, DecisionRef: "Regionstyrelsen", Note: l.Sentence})
			}
		}
		r = e.do("POST", "/api/v1/sub-allocations/decisions", in)
		var dec api.SubAllocationDecision
		if r.JSON(t, &dec); r.Status != 201 || len(dec.Lines) != 3 {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		var sum int64
		for _, l := range dec.Lines {
			sum += l.Amount.Ore
		}
		if sum != (20_300_000 * money.Krona).Ore() {
			t.Errorf("saved %d öre, want 20 300 000 kr", sum)
		}
	})
}

// TestV1DecisionTextRefused: texts anslag cannot read are refused on field
// "text", with nothing written.
func TestV1DecisionTextRefused(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		dtKronoberg(t, e)
		path := "/api/v1/organisations/07/decision-text"
		plain := []string{"Content-Type", "text/plain"}
		big := []byte(strings.Repeat("13 kr till nämnden. ", importer.MaxDecisionBytes/20+1))
		rqRefused(t, e, []rqBad{
			{"POST", path, api.DecisionTextIn{Text: ""}, 400, "text", nil},
			{"POST", path, api.DecisionTextIn{Text: " \n\t "}, 400, "text", nil},
			{"POST", path, []byte(""), 400, "text", plain},
			{"POST", path, []byte("%PDF-1.4\n\x00\x00\x01binary"), 400, "text", plain},
			{"POST", path, []byte("PK\x03\x04\x14\x00\x06\x00"), 400, "text", []string{"Content-Type", "text/html"}},
			{"POST", path, []byte("\xff\xfeH\x00"), 400, "text", plain},
			{"POST", path, big, 413, "text", plain},
			{"POST", path, api.DecisionTextIn{Text: string(big)}, 413, "text", nil},
			{"POST", path, []byte(`{"text": "5 kr", "extra": 1}`), 400, "extra", nil},
			{"POST", path, []byte(`{"text": 5}`), 400, "text", nil},
			{"POST", path, []byte("5 kr"), 415, "Content-Type", []string{"Content-Type", "application/pdf"}},
			{"POST", "/api/v1/organisations/99/decision-text", api.DecisionTextIn{Text: "5 kr"}, 404, "", nil},
		})
	})
}
