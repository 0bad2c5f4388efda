package web_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/pdf"
)

// TestDecisionPrint: the public follows the allocation page's link to the
// decision document, which passes axe in both languages; printed, the
// header and navigation are gone and the table remains, black on white.
func TestDecisionPrint(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("decisiontest"))
	runs, _, err := a.svc.Runs(ctx, app.ListFilter{Status: string(grant.RunDecided)})
	if err != nil || len(runs) == 0 {
		t.Fatalf("decided runs: %d, %v", len(runs), err)
	}
	run, lines := runs[0], 0 // the run with the most lines, which takes pages to print
	for _, r := range runs {
		full, err := a.svc.Run(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Lines) > lines {
			run, lines = full, len(full.Lines)
		}
	}
	pot, err := a.svc.Pot(ctx, run.PotID)
	if err != nil {
		t.Fatal(err)
	}
	p := a.newPage(t)
	if status := p.open(fmt.Sprintf("/allocations/%d", run.ID)); status != 200 {
		t.Fatalf("the allocation page: %d", status)
	}
	if status := p.load(chromedp.Click(chromedp.ID("decision-link"))); status != 200 {
		t.Fatalf("the decision link: %d", status)
	}
	if want := fmt.Sprintf("/allocations/%d/decision", run.ID); p.path() != want {
		t.Fatalf("the link led to %s, want %s", p.path(), want)
	}
	if h := p.text("h1"); !strings.HasPrefix(h, "Beslut: ") {
		t.Errorf("heading %q", h)
	}
	if total := p.text("#total"); total != strings.ReplaceAll(pot.Amount.HTML(), "\u00a0", " ") && total != pot.Amount.HTML() {
		t.Errorf("total %q, want the pot %q", total, pot.Amount.HTML())
	}
	p.checkAccessible()

	p.do(func(ctx context.Context, tgt *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tgt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return chromedp.Void{}, err
	})
	for expr, want := range map[string]string{
		`getComputedStyle(document.querySelector("header")).display`:                                       "none",
		`getComputedStyle(document.querySelector(".skip")).display`:                                        "none",
		`getComputedStyle(document.querySelector("nav[aria-label=Brödsmulor]")).display`:                   "none",
		`getComputedStyle(document.querySelector("#recipients")).display`:                                  "table",
		`getComputedStyle(document.querySelector("#recipients thead")).display`:                            "table-header-group",
		`getComputedStyle(document.querySelector("#recipients tbody tr")).breakInside`:                     "avoid",
		`getComputedStyle(document.body).color + " on " + getComputedStyle(document.body).backgroundColor`: "rgb(0, 0, 0) on rgb(255, 255, 255)",
	} {
		if got := eval[string](p, expr); got != want {
			t.Errorf("printed, %s = %q, want %q", expr, got, want)
		}
	}

	if status := p.open(fmt.Sprintf("/allocations/%d/decision?lang=en", run.ID)); status != 200 || !strings.HasPrefix(p.text("h1"), "Decision: ") {
		t.Fatalf("English page: %d %q", status, p.text("h1"))
	}
	p.checkAccessible()

	// The PDF is printed by the same Chromium the server would start.
	printer, err := pdf.New(findChromium(), a.URL)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := printer.Print(t.Context(), fmt.Sprintf("/allocations/%d/decision?lang=sv", run.ID))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(doc, []byte("%PDF-")) {
		t.Errorf("not a PDF: %d bytes, %.20q", len(doc), doc)
	}
	// One page per some forty rows: the whole table, not an error page.
	pages := 0
	if m := regexp.MustCompile(`/Count (\d+)`).FindSubmatch(doc); m != nil {
		pages, _ = strconv.Atoi(string(m[1]))
	}
	if pages < 2 {
		t.Errorf("the PDF of %d lines has %d pages, want several", lines, pages)
	}
	if _, err := printer.Print(t.Context(), "/allocations/999999/decision"); err == nil {
		t.Error("an error page was printed")
	}
}
