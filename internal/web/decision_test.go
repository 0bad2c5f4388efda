package web_test

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestDecisionDocument reads the decision page as the public and as the
// administrator: a decided run's whole decision, a draft marked as one.
func TestDecisionDocument(t *testing.T) {
	h, svc := newApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("decisiontest"))
	get := func(t *testing.T, path string, c *http.Cookie) (int, string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if c != nil {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		b, err := io.ReadAll(rec.Result().Body)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Code, html.UnescapeString(string(b))
	}

	t.Run("decided, for the public", func(t *testing.T) {
		runs, _, err := svc.Runs(ctx, app.ListFilter{Status: string(grant.RunDecided)})
		if err != nil {
			t.Fatal(err)
		}
		var run grant.AllocationRun
		for _, r := range runs { // a run split by population, which the statement names
			full, err := svc.Run(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if full.Inputs.Key.Kind == allocate.KeyPopulation {
				run = full
				break
			}
		}
		if run.ID == 0 {
			t.Fatal("the demo has no decided run split by population")
		}
		pot, err := svc.Pot(ctx, run.PotID)
		if err != nil {
			t.Fatal(err)
		}
		ag, err := svc.Agreement(ctx, pot.AgreementID)
		if err != nil {
			t.Fatal(err)
		}
		code, body := get(t, fmt.Sprintf("/allocations/%d/decision", run.ID), nil)
		if code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		key := run.Inputs.Key
		for _, want := range []string{
			fmt.Sprintf("<h1>Beslut: %s %d</h1>", ag.Title, ag.Year),
			`<dd id="dnr">` + ag.Dnr + `</dd>`,
			`<dd id="decided-at">` + run.DecidedAt[:10] + `</dd>`,
			"enligt befolkningstabellen <q>" + key.Source + "</q>",
			"per referensdatum " + key.ReferenceDate,
			"största restmetoden",
			`<td class="amount" id="total">` + pot.Amount.HTML() + `</td>`,
			"Beslutet har fattats av " + run.DecidedBy,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, "UTKAST") {
			t.Error("a decided run is marked as a draft")
		}
		rows := regexp.MustCompile(`<tr><th scope="row">[^<]*</th><td>[^<]*</td><td class="amount">([^<]*)</td></tr>`).FindAllStringSubmatch(body, -1)
		var want []string
		var total money.Amount
		for _, l := range run.Lines {
			if l.Amount != 0 {
				want = append(want, l.Amount.HTML())
				total += l.Amount
			}
		}
		if total != pot.Amount {
			t.Fatalf("the lines sum to %v, the pot is %v", total, pot.Amount)
		}
		if len(rows) != len(want) {
			t.Fatalf("%d rows, want one per recipient: %d", len(rows), len(want))
		}
		for i, r := range rows {
			if r[1] != want[i] {
				t.Errorf("row %d: %s, want %s", i, r[1], want[i])
			}
		}
		if code, body := get(t, fmt.Sprintf("/allocations/%d", run.ID), nil); code != 200 || !strings.Contains(body, fmt.Sprintf(`href="/allocations/%d/decision"`, run.ID)) {
			t.Errorf("the allocation page (%d) does not link to the decision", code)
		}
	})

	t.Run("draft", func(t *testing.T) {
		ag, err := svc.CreateAgreement(ctx, grant.Agreement{Year: 2030, Title: "Prov 2030", Dnr: "S2029/1/FS",
			Parties: []string{"staten", "skr"}, Total: 10 * money.Mkr})
		if err != nil {
			t.Fatal(err)
		}
		pot, err := svc.CreatePot(ctx, grant.Pot{AgreementID: ag.ID, Name: "Lika", Purpose: "prov", Amount: 10 * money.Mkr,
			Recipients: "regions", Key: allocate.KeyEqual})
		if err != nil {
			t.Fatal(err)
		}
		run, err := svc.CreateRun(ctx, pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/allocations/%d/decision", run.ID)
		if code, _ := get(t, path, nil); code != http.StatusUnauthorized {
			t.Errorf("the public gets a draft's decision: %d, want 401", code)
		}
		code, body := get(t, path, adminCookie(t, svc))
		if code != http.StatusOK {
			t.Fatalf("the administrator: %d", code)
		}
		for _, want := range []string{"UTKAST – inte beslutat", "lika delar", "Prov 2030 2030", `id="total">` + pot.Amount.HTML()} {
			if !strings.Contains(body, want) {
				t.Errorf("the draft's page lacks %q", want)
			}
		}
	})
}
