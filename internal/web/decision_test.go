package web_test

import (
	"context"
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
	"github.com/anslag/anslag/internal/web"
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
			fmt.Sprintf("<h1>Beslut: %s</h1>", ag.Title), // the demo's title has its year
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
		for _, sa := range run.Inputs.SetAsides { // the county by name, not by code
			if want := fmt.Sprintf("avsätts %d/%d", sa.Rate.Num, sa.Rate.Den); !strings.Contains(body, want) || strings.Contains(body, "I "+sa.County+" ") {
				t.Errorf("the set-aside in county %s is not stated by the county's name", sa.County)
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
		if code, csv := get(t, fmt.Sprintf("/allocations/%d/decision?format=csv", run.ID), nil); code != 200 || strings.Count(csv, "\n") != len(want)+1 {
			t.Errorf("the CSV (%d) has %d lines, want a header and %d rows", code, strings.Count(csv, "\n"), len(want))
		}
		if code, body := get(t, fmt.Sprintf("/allocations/%d", run.ID), nil); code != 200 || !strings.Contains(body, fmt.Sprintf(`href="/allocations/%d/decision"`, run.ID)) {
			t.Errorf("the allocation page (%d) does not link to the decision", code)
		}
	})

	t.Run("draft", func(t *testing.T) {
		ag, err := svc.CreateAgreement(ctx, grant.Agreement{Year: 2030, Title: "Prov", Dnr: "S2029/1/FS",
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
		for _, want := range []string{"UTKAST – inte beslutat", "lika delar", "<h1>Beslut: Prov 2030</h1>", `id="total">` + pot.Amount.HTML()} {
			if !strings.Contains(body, want) {
				t.Errorf("the draft's page lacks %q", want)
			}
		}
	})
}

// TestDecisionPDFRoute: with a printer, a decided run's PDF is what the
// printer made of the decision page; without one, or for a draft, 404.
func TestDecisionPDFRoute(t *testing.T) {
	_, svc := newApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("decisiontest"))
	runs, _, err := svc.Runs(ctx, app.ListFilter{Status: string(grant.RunDecided)})
	if err != nil || len(runs) == 0 {
		t.Fatalf("decided runs: %d, %v", len(runs), err)
	}
	id := runs[0].ID
	var printed []string
	fake := func(_ context.Context, path string) ([]byte, error) {
		printed = append(printed, path)
		return []byte("%PDF-1.7 fake"), nil
	}
	serve := func(t *testing.T, pdf func(context.Context, string) ([]byte, error), path string) *httptest.ResponseRecorder {
		t.Helper()
		h, err := web.New(web.Config{Accounts: svc, Allocations: svc, PDF: pdf})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		h.Register(mux)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	pdfPath := fmt.Sprintf("/allocations/%d/decision.pdf?lang=en", id)
	rec := serve(t, fake, pdfPath)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !strings.HasPrefix(rec.Body.String(), "%PDF-") {
		t.Fatalf("the PDF: %d %q %.40q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if want := fmt.Sprintf("/allocations/%d/decision?lang=en", id); len(printed) != 1 || printed[0] != want {
		t.Errorf("printed %q, want %q", printed, want)
	}
	if page := serve(t, fake, fmt.Sprintf("/allocations/%d/decision", id)).Body.String(); !strings.Contains(page, `id="decision-pdf"`) {
		t.Error("the decision page does not link to its PDF")
	}
	if rec := serve(t, nil, pdfPath); rec.Code != http.StatusNotFound {
		t.Errorf("without a printer: %d, want 404", rec.Code)
	}
	if page := serve(t, nil, fmt.Sprintf("/allocations/%d/decision", id)).Body.String(); strings.Contains(page, `decision.pdf`) {
		t.Error("without a printer the page links to a PDF")
	}
}
