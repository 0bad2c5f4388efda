package web_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestSetupBrowser sets up a year in the browser as the administrator: an
// agreement, a pot (after refused submits), its preview with reasons, two
// scenarios side by side, a draft run and its decision; and a stale edit.
func TestSetupBrowser(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	tables, err := a.svc.PopulationTables(ctx)
	if err != nil || len(tables) == 0 {
		t.Fatalf("population tables: %v %v", tables, err)
	}
	table2017 := tables[0]
	fh, err := os.Open("../../examples/scb_kommuner_2019-12-31.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	table2019, err := a.svc.ImportPopulation(ctx, grant.PopulationTable{Name: "SCB 31 dec 2019", Source: "scb", ReferenceDate: "2019-12-31"}, fh)
	if err != nil {
		t.Fatal(err)
	}

	p := a.newPage(t)
	if status := p.login(adminEmail, adminPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	// set types value into the field (SetValue refuses an empty value).
	set := func(name, value string) chromedp.Action[chromedp.Void] {
		v, _ := json.Marshal(value)
		return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('main [name="%s"]').value = %s`, name, v))
	}
	submit := chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`))
	value := func(name string) string { return get(p, chromedp.Value(chromedp.CSS(`main [name="`+name+`"]`))) }

	var agreementID, potID, runID int64
	t.Run("agreements list and a new agreement", func(t *testing.T) {
		p.t = t
		if status := p.open("/agreements"); status != 200 {
			t.Fatalf("GET /agreements: %d", status)
		}
		if got := p.text("main"); !strings.Contains(got, "2017") || !strings.Contains(got, (885*money.Mkr).HTML()) {
			t.Errorf("the list does not show the demo's 2017 agreement of 885 Mkr: %.300q", got)
		}
		p.checkAccessible()
		if status := p.load(chromedp.Click(chromedp.CSS(`main a[href="/agreements/new"]`))); status != 200 {
			t.Fatalf("GET /agreements/new: %d", status)
		}
		p.checkAccessible()
		p.do(set("year", "2019"), set("title", "Psykisk hälsa 2019"), set("dnr", "S2019/00001/FS"), set("total", "100 Mkr"), set("decision_date", "2019-01-15"))
		if status := p.load(submit); status != 200 {
			t.Fatalf("create the agreement: %d on %s", status, p.path())
		}
		path := p.path()
		id, err := strconv.ParseInt(strings.TrimPrefix(path, "/agreements/"), 10, 64)
		if err != nil {
			t.Fatalf("after creating at %s", path)
		}
		agreementID = id
		if got := p.text("#agreement-total"); got != (100 * money.Mkr).HTML() {
			t.Errorf("total %q", got)
		}
		p.checkAccessible()
	})
	if agreementID == 0 {
		t.FailNow()
	}

	t.Run("a pot, after refused submits", func(t *testing.T) {
		p.t = t
		newPot := fmt.Sprintf("/agreements/%d/pots/new", agreementID)
		if status := p.open(newPot); status != 200 {
			t.Fatalf("GET %s: %d", newPot, status)
		}
		p.checkAccessible()
		fill := func(amount string) {
			p.do(set("name", "Unga 2019"), set("purpose", "insatser för unga"), set("amount", amount), set("recipients", "regions"),
				set("key", "population"), set("table", strconv.FormatInt(table2017.ID, 10)), set("requisition_deadline", "2019-12-31"))
		}
		for _, c := range []struct{ amount, msg string }{
			{"tjugo", "Inte ett belopp"},
			{"150 Mkr", "mer än överenskommelsens total"},
		} {
			fill(c.amount)
			if status := p.load(submit); status != 422 {
				t.Fatalf("amount %q: %d, want 422", c.amount, status)
			}
			if got := p.text("#f-amount-msg"); !strings.Contains(got, c.msg) {
				t.Errorf("amount %q: message %q, want it to say %q", c.amount, got, c.msg)
			}
			if got := eval[string](p, `document.getElementById("f-amount").getAttribute("aria-invalid")`); got != "true" {
				t.Errorf("amount %q: aria-invalid %q", c.amount, got)
			}
			if value("amount") != c.amount || value("name") != "Unga 2019" || value("recipients") != "regions" {
				t.Errorf("amount %q: the typed values were not kept: %q, %q, %q", c.amount, value("amount"), value("name"), value("recipients"))
			}
			p.checkAccessible()
			if pots, _, _ := a.svc.Pots(ctx, app.ListFilter{AgreementID: agreementID}); len(pots) != 0 {
				t.Fatalf("amount %q: a refused pot was saved", c.amount)
			}
		}
		fill("60 Mkr")
		p.do(set("bounds", "01 golv tusen"))
		if status := p.load(submit); status != 422 {
			t.Fatalf("a bad floor: %d, want 422", status)
		}
		if got := p.text("#f-bounds-msg"); !strings.HasPrefix(got, "Rad 1:") {
			t.Errorf("the floor's message %q does not name the line", got)
		}
		p.do(set("bounds", ""))
		if status := p.load(submit); status != 200 || p.path() != fmt.Sprintf("/agreements/%d", agreementID) {
			t.Fatalf("save the pot: %d at %s", status, p.path())
		}
		pots, _, err := a.svc.Pots(ctx, app.ListFilter{AgreementID: agreementID})
		if err != nil || len(pots) != 1 || pots[0].Amount != 60*money.Mkr {
			t.Fatalf("pots after saving: %+v %v", pots, err)
		}
		potID = pots[0].ID
		if got := p.text("#pots-total"); got != (60 * money.Mkr).HTML() {
			t.Errorf("Σ pots %q", got)
		}
		p.checkAccessible()
	})
	if potID == 0 {
		t.FailNow()
	}

	t.Run("preview with reasons", func(t *testing.T) {
		p.t = t
		path := fmt.Sprintf("/pots/%d/preview", potID)
		if status := p.open(path); status != 200 {
			t.Fatalf("GET %s: %d", path, status)
		}
		if got := p.text("#total"); got != (60 * money.Mkr).HTML() {
			t.Errorf("total %q, want the pot", got)
		}
		if n := eval[int](p, `document.querySelectorAll("#preview tbody tr").length`); n != 21 {
			t.Errorf("%d lines, want the 21 regions", n)
		}
		if why := p.text("#preview tbody tr td.why"); !strings.Contains(why, "Belopp:") || len(why) < 40 {
			t.Errorf("the first line's reason %q", why)
		}
		p.checkAccessible()
		if csv := fetch(p, path+"?format=csv"); !strings.HasPrefix(strings.TrimPrefix(csv, "\ufeff"), "Mottagare;Kod;Län;Belopp (kr);Varför") || strings.Count(csv, "\n") != 22 {
			t.Errorf("the preview's CSV: %.200q", csv)
		}
		p.open(path + "?lang=en")
		if why := p.text("#preview tbody tr td.why"); !strings.Contains(why, "Amount:") {
			t.Errorf("the reason in English: %q", why)
		}
		p.checkAccessible()
		p.open(path + "?lang=sv")
		// The demo's table has no ages: an age band is refused next to a field.
		if status := p.open(path + "?ages=13-25"); status != 422 {
			t.Errorf("an age band over a table without ages: %d, want 422", status)
		}
		if got := p.text("main .field-error"); got == "" {
			t.Error("no message next to a field")
		}
		if value("ages") != "13-25" {
			t.Errorf("the scenario's ages %q, want 13-25 kept", value("ages"))
		}
		p.checkAccessible()
	})

	t.Run("two scenarios side by side", func(t *testing.T) {
		p.t = t
		path := fmt.Sprintf("/pots/%d/compare?b.table=%d", potID, table2019.ID)
		if status := p.open(path); status != 200 {
			t.Fatalf("GET %s: %d", path, status)
		}
		pot := (60 * money.Mkr).HTML()
		if a, b := p.text("#total-a"), p.text("#total-b"); a != pot || b != pot {
			t.Errorf("totals %q and %q, want both %q", a, b, pot)
		}
		if got := p.text("#total-diff"); got != money.Amount(0).HTML() {
			t.Errorf("the differences' total %q, want 0", got)
		}
		diffs := eval[[]string](p, `[...document.querySelectorAll("#compare tbody tr td:last-child")].map(td => td.textContent)`)
		var sum money.Amount
		changed := 0
		for _, d := range diffs {
			v, err := money.Parse(strings.TrimPrefix(d, "+"))
			if err != nil {
				t.Fatalf("difference %q: %v", d, err)
			}
			if v > 0 && !strings.HasPrefix(d, "+") {
				t.Errorf("a positive difference %q without its sign", d)
			}
			if v != 0 {
				changed++
			}
			sum += v
		}
		if len(diffs) != 21 || sum != 0 || changed == 0 {
			t.Errorf("%d differences, %d non-zero, summing to %s; want 21 summing to zero with some changed", len(diffs), changed, sum)
		}
		if csv := fetch(p, path+"&format=csv"); !strings.Contains(csv, "Skillnad B − A (kr)") {
			t.Errorf("the comparison's CSV: %.200q", csv)
		}
		p.checkAccessible()
	})

	t.Run("a draft run, decided", func(t *testing.T) {
		p.t = t
		p.open(fmt.Sprintf("/pots/%d/preview", potID))
		if status := p.load(chromedp.Click(chromedp.ID("create-run"))); status != 200 {
			t.Fatalf("create the run: %d", status)
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(p.path(), "/allocations/"), 10, 64)
		if err != nil {
			t.Fatalf("after creating the run at %s", p.path())
		}
		runID = id
		if got := p.text("main"); !strings.Contains(got, "Ett utkast") {
			t.Errorf("the draft's page does not say it is a draft: %.200q", got)
		}
		if got := p.text("#total"); got != (60 * money.Mkr).HTML() {
			t.Errorf("the draft's total %q", got)
		}
		p.checkAccessible()
		if status := p.load(chromedp.Click(chromedp.ID("decide-run"))); status != 200 || p.path() != fmt.Sprintf("/allocations/%d", runID) {
			t.Fatalf("decide: %d at %s", status, p.path())
		}
		if got := p.text("main"); !strings.Contains(got, "Beslutad") {
			t.Errorf("the decided run's page: %.200q", got)
		}
		if eval[bool](p, `document.getElementById("decide-run") !== null`) {
			t.Error("a decided run still offers to decide it")
		}
		p.checkAccessible()
		p.open("/allocations")
		if !eval[bool](p, fmt.Sprintf(`document.querySelector('main a[href="/allocations/%d"]') !== null`, runID)) {
			t.Error("the decided run is not listed at /allocations")
		}
		p.open(fmt.Sprintf("/agreements/%d", agreementID))
		p.checkAccessible()
		if csv := fetch(p, fmt.Sprintf("/agreements/%d?format=csv", agreementID)); !strings.Contains(csv, "Unga 2019;60000000,00") {
			t.Errorf("the agreement's CSV: %.300q", csv)
		}
		if got := p.text(fmt.Sprintf("#pot-%d", potID)); !strings.Contains(got, "beslutad") {
			t.Errorf("the agreement's pot row does not show the decided run: %q", got)
		}
	})

	t.Run("a stale edit shows the current values", func(t *testing.T) {
		p.t = t
		path := fmt.Sprintf("/agreements/%d/edit", agreementID)
		if status := p.open(path); status != 200 {
			t.Fatalf("GET %s: %d", path, status)
		}
		p.checkAccessible()
		current, err := a.svc.Agreement(ctx, agreementID)
		if err != nil {
			t.Fatal(err)
		}
		current.Title = "Ändrad av någon annan"
		if _, err := a.svc.UpdateAgreement(ctx, current); err != nil {
			t.Fatal(err)
		}
		p.do(set("total", "120 Mkr"))
		if status := p.load(submit); status != 422 {
			t.Fatalf("a stale edit: %d, want 422", status)
		}
		if got := p.text(`main [role="alert"]`); !strings.Contains(got, "Någon annan ändrade") {
			t.Errorf("the notice %q", got)
		}
		if value("title") != "Ändrad av någon annan" || value("total") != (100*money.Mkr).String() {
			t.Errorf("the form shows %q, %q, not the current values", value("title"), value("total"))
		}
		if after, _ := a.svc.Agreement(ctx, agreementID); after.Total != 100*money.Mkr {
			t.Errorf("the stale edit changed the total to %s", after.Total)
		}
		p.checkAccessible()
	})
}

// fetch reads path from the page's own origin, with its cookies.
func fetch(p *browserPage, path string) string {
	p.t.Helper()
	b, _ := json.Marshal(path)
	return get(p, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%s).then(r => r.text())`, b), chromedp.EvalAwaitPromise))
}
