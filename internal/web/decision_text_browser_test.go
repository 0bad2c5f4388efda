package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestDecisionTextBrowser: Region Kronoberg's coordinator withdraws the
// demo's three-committee decision, pastes the region's press release
// (seed 000), sees three lines that add up to the 20,3 Mkr the text states,
// completes them and saves: the three lines are recorded.
func TestDecisionTextBrowser(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	text, err := os.ReadFile(filepath.Join("..", "importer", "testdata", "decisions", "000_kronoberg.txt"))
	if err != nil {
		t.Fatal(err)
	}
	agreements, _, err := a.svc.Agreements(ctx, app.ListFilter{Year: 2018})
	if err != nil || len(agreements) != 1 {
		t.Fatalf("the demo's 2018 agreement: %v %v", agreements, err)
	}
	active := func() []grant.SubAllocation {
		t.Helper()
		list, _, err := a.svc.SubAllocations(ctx, app.ListFilter{OrgCode: "07", Status: string(grant.SubAllocActive)})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}

	p := a.newPage(t)
	if status := p.login("kronoberg@demo.anslag.se", demo.Password); status != 200 {
		t.Fatalf("login: %d", status)
	}
	p.open("/organisations/07/sub-allocations")
	// The demo already holds the decision; withdraw it so the money is there to spread again.
	demoLines := active()
	if len(demoLines) != 3 {
		t.Fatalf("the demo has %d active Kronoberg lines, want its 3", len(demoLines))
	}
	for _, l := range demoLines {
		p.load(chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/sub-allocations/%d/withdraw"] button`, l.ID))))
	}
	if n := len(active()); n != 0 {
		t.Fatalf("%d lines still active after withdrawing", n)
	}

	if status := p.load(chromedp.Click(chromedp.ID("decision-text-link"))); status != 200 || p.path() != "/organisations/07/decision-text" {
		t.Fatalf("the decision-text link: %d at %s", status, p.path())
	}
	p.checkAccessible()
	p.do(chromedp.SetValue(chromedp.ID("f-text"), string(text)))
	if status := p.load(chromedp.Click(chromedp.CSS(`#decision-text-form button[type="submit"]`))); status != 200 {
		t.Fatalf("reading the text: %d", status)
	}
	p.checkAccessible()
	if n := len(active()); n != 0 {
		t.Fatalf("reading the text saved %d lines", n)
	}
	sum := p.text("#proposal-sum")
	if strings.Count(sum, (20_300_000*money.Krona).HTML()) != 2 || !strings.Contains(sum, "stämmer överens") {
		t.Errorf("the sum against the stated total: %q", sum)
	}
	if rows := eval[int](p, `document.querySelectorAll('#proposal-table a[href^="#f-to-"]').length`); rows != 3 {
		t.Errorf("%d lines proposed for the form, want 3", rows)
	}
	want := []struct{ to, amount string }{{"org:07-hsn", "13 410 000 kr"}, {"org:07-rs", "3 920 000 kr"}, {"org:07-run", "2 970 000 kr"}}
	for i, w := range want {
		js := fmt.Sprintf(`document.getElementById("f-to-%d").value + "|" + document.getElementById("f-amount-%d").value + "|" + document.getElementById("f-date-%d").value`, i, i, i)
		if got := eval[string](p, js); got != w.to+"|"+w.amount+"|2018-08-21" {
			t.Errorf("line %d of the form: %q, want %s|%s|2018-08-21", i, got, w.to, w.amount)
		}
	}
	if got := eval[string](p, `document.getElementById("f-agreement").value`); got != strconv.FormatInt(agreements[0].ID, 10) {
		t.Errorf("agreement %s proposed, want 2018's %d", got, agreements[0].ID)
	}
	if got := eval[string](p, `document.getElementById("f-to-3").value + document.getElementById("f-amount-3").value`); got != "" {
		t.Errorf("a fourth line is filled in: %q", got)
	}

	// The user completes the lines with the decision's paragraph and
	// corrects the third amount, written here as the press release does.
	for i := range want {
		p.do(chromedp.SendKeys(chromedp.ID(fmt.Sprintf("f-ref-%d", i)), "RS 2018-08-21 § 112"))
	}
	p.do(chromedp.Clear(chromedp.ID("f-amount-2")), chromedp.SendKeys(chromedp.ID("f-amount-2"), "2 970 000"))
	js := `document.getElementById("remaining").innerText.includes("Kvar att fördela")`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("the remaining figure reads %q", p.text("#remaining"))
	}
	if status := p.load(chromedp.Click(chromedp.CSS(`#suballoc-form button[type="submit"]`))); status != 200 || p.path() != "/organisations/07/sub-allocations" {
		t.Fatalf("confirming: %d at %s", status, p.path())
	}
	saved := active()
	if len(saved) != 3 {
		t.Fatalf("%d lines saved, want 3", len(saved))
	}
	var total money.Amount
	for i, l := range saved {
		w, _ := money.Parse(want[i].amount)
		if "org:"+l.ToOrg != want[i].to || l.Amount != w || l.DecidedOn != "2018-08-21" || l.DecisionRef != "RS 2018-08-21 § 112" ||
			l.AgreementID != agreements[0].ID || slices.Contains(demoLines, l) {
			t.Errorf("line %d saved: %+v", i, l)
		}
		total += l.Amount
	}
	if total != 20_300_000*money.Krona {
		t.Errorf("saved %s in total, want 20 300 000 kr", total)
	}
	p.checkAccessible()
}
