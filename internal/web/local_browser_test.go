package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestLocalPages drives the pages of a region's own use of the money over
// the demo: Region Östergötland (05) was paid from the 2017 analysis pot
// and has passed none of it on. Its coordinator spreads it over two
// committees made here (as Kronoberg did in 2018), records an initiative
// and an action plan.
func TestLocalPages(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	const email, password = "samordnare@example.se", "ett långt lösenord för Östergötland"
	if _, err := a.svc.AddUser(ctx, grant.User{Email: email, Name: "Sara Samordnare",
		Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "05"}}}, password); err != nil {
		t.Fatal(err)
	}
	for _, c := range []grant.Organisation{{Code: "05-hsn", Name: "Hälso- och sjukvårdsnämnden"}, {Code: "05-rs", Name: "Regionstyrelsen"}} {
		c.Kind, c.ParentCode = grant.OrgCommittee, "05"
		if _, err := a.svc.CreateOrganisation(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	agreements, _, err := a.svc.Agreements(ctx, app.ListFilter{Year: 2017})
	if err != nil || len(agreements) != 1 {
		t.Fatalf("the 2017 agreement: %v %v", agreements, err)
	}
	bal, err := a.svc.Balances(ctx, app.ListFilter{AgreementID: agreements[0].ID, OrgCode: "05", Kind: string(grant.EntryPaid)})
	if err != nil {
		t.Fatal(err)
	}
	received := bal[grant.EntryPaid]
	if received < 2*money.Mkr {
		t.Fatalf("Östergötland received %s in 2017; the test needs more", received)
	}
	activeLines := func() []grant.SubAllocation {
		t.Helper()
		list, _, err := a.svc.SubAllocations(ctx, app.ListFilter{OrgCode: "05", Status: string(grant.SubAllocActive)})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	remaining := func(p *browserPage, want string) {
		t.Helper()
		js := fmt.Sprintf(`document.getElementById("remaining").innerText.includes(%q)`, want)
		if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Errorf("the remaining figure never read %q; it reads %q", want, p.text("#remaining"))
		}
	}

	t.Run("sub-allocate two lines, over-allocation refused", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.login(email, password); status != 200 {
			t.Fatalf("login: %d", status)
		}
		p.open("/organisations/05")
		p.checkAccessible()
		if status := p.load(chromedp.Click(chromedp.ID("pass-on-link"))); status != 200 || p.path() != "/organisations/05/sub-allocations" {
			t.Fatalf("the pass-on link: %d at %s", status, p.path())
		}
		p.checkAccessible()
		if got, want := p.text("#pools tbody"), received.HTML(); !strings.Contains(got, want) {
			t.Errorf("received %q, want %s in it", got, want)
		}
		remaining(p, received.HTML())
		first := 1_000_000 * money.Krona
		p.do(
			chromedp.SetValue(chromedp.ID("f-to-0"), "org:05-hsn"),
			chromedp.SendKeys(chromedp.ID("f-amount-0"), "1 000 000"),
			chromedp.SendKeys(chromedp.ID("f-ref-0"), "RS 2017-04-01 § 12"),
			chromedp.SendKeys(chromedp.ID("f-date-0"), "2017-04-01"),
		)
		remaining(p, (received - first).HTML())
		// The second line takes all that was received: over by the first.
		p.do(
			chromedp.SetValue(chromedp.ID("f-to-1"), "org:05-rs"),
			chromedp.SendKeys(chromedp.ID("f-amount-1"), strings.ReplaceAll(received.Decimal(), ".", ",")),
			chromedp.SendKeys(chromedp.ID("f-date-1"), "2017-04-01"),
		)
		remaining(p, "Över med "+first.HTML())
		p.checkAccessible()
		if status := p.load(chromedp.Click(chromedp.CSS(`#suballoc-form button[type="submit"]`))); status != 422 {
			t.Fatalf("over-allocating: %d, want 422", status)
		}
		if msg := p.text("#f-amount-1-msg"); !strings.Contains(msg, "överstiger") {
			t.Errorf("the second line's message %q, want it to say the amount exceeds what is left", msg)
		}
		if got := eval[string](p, `document.getElementById("f-amount-0").value + "|" + document.getElementById("f-to-1").value`); got != "1 000 000|org:05-rs" {
			t.Errorf("the typed lines were not kept: %q", got)
		}
		if n := len(activeLines()); n != 0 {
			t.Fatalf("%d lines saved by a refused decision, want none", n)
		}
		remaining(p, "Över med "+first.HTML())
		p.checkAccessible()
		p.do(chromedp.Clear(chromedp.ID("f-amount-1")), chromedp.SendKeys(chromedp.ID("f-amount-1"), "500 000"))
		remaining(p, (received - first - 500_000*money.Krona).HTML())
		if status := p.load(chromedp.Click(chromedp.CSS(`#suballoc-form button[type="submit"]`))); status != 200 || p.path() != "/organisations/05/sub-allocations" {
			t.Fatalf("a valid decision: %d at %s", status, p.path())
		}
		lines := activeLines()
		if len(lines) != 2 {
			t.Fatalf("%d lines saved, want 2", len(lines))
		}
		if got, want := p.text("#lines-total"), (first + 500_000*money.Krona).HTML(); got != want {
			t.Errorf("passed on in total %q, want %q", got, want)
		}
		p.checkAccessible()
		for q, want := range map[string]string{"format=csv": "Hälso- och sjukvårdsnämnden;05-hsn;1000000,00", "table=received&format=csv": "Mottaget (kr)"} {
			js := fmt.Sprintf(`fetch("/organisations/05/sub-allocations?%s").then(r => r.text())`, q)
			if got := get(p, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise)); !strings.Contains(got, want) {
				t.Errorf("the export ?%s has no %q: %q", q, want, got)
			}
		}
		// Withdrawing the smaller line gives its money back.
		p.load(chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/sub-allocations/%d/withdraw"] button`, lines[1].ID))))
		if n := len(activeLines()); n != 1 {
			t.Errorf("%d active lines after a withdrawal, want 1", n)
		}
		if got, want := p.text("#lines-total"), first.HTML(); got != want {
			t.Errorf("after the withdrawal, in total %q, want %q", got, want)
		}
	})

	t.Run("the public sees the decisions read-only", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.open("/organisations/05/sub-allocations"); status != 200 {
			t.Fatalf("GET: %d", status)
		}
		if eval[bool](p, `document.getElementById("suballoc-form") !== null || document.getElementById("pools") !== null`) {
			t.Error("the public sees the form or the ledger")
		}
		p.checkAccessible()
	})

	var initiative grant.Initiative
	t.Run("initiative", func(t *testing.T) {
		p := a.newPage(t)
		p.login(email, password)
		p.open("/organisations/05")
		if status := p.load(chromedp.Click(chromedp.ID("new-initiative"))); status != 200 {
			t.Fatalf("the new initiative link: %d", status)
		}
		p.checkAccessible()
		p.do(
			chromedp.SendKeys(chromedp.ID("f-title"), "Första hjälpen till psykisk hälsa i skolan"),
			chromedp.SetValue(chromedp.ID("f-kind"), "recurring"),
			chromedp.SendKeys(chromedp.ID("f-start_year"), "2017"),
			chromedp.SendKeys(chromedp.ID("f-end_year"), "2018"),
			chromedp.SendKeys(chromedp.ID("f-amount"), "250 000"),
			chromedp.SetValue(chromedp.ID("f-target_group"), "barn_och_unga"),
		)
		if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 || p.path() != "/organisations/05#initiatives" {
			t.Fatalf("saving the initiative: %d at %s", status, p.path())
		}
		list, _, err := a.svc.Initiatives(ctx, app.ListFilter{OrgCode: "05"})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range list {
			if in.Title == "Första hjälpen till psykisk hälsa i skolan" {
				initiative = in
			}
		}
		if initiative.ID == 0 || initiative.Amount != 250_000*money.Krona || initiative.EndYear != 2018 || initiative.TargetGroup != grant.TargetChildrenYouth {
			t.Fatalf("the initiative saved: %+v", initiative)
		}
		// An edit on a page someone else has since changed is refused with the current values.
		p.open(fmt.Sprintf("/initiatives/%d/edit", initiative.ID))
		p.checkAccessible()
		changed := initiative
		changed.Title = "Första hjälpen (ändrad)"
		if _, err := a.svc.UpdateInitiative(ctx, changed); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.Clear(chromedp.ID("f-amount")), chromedp.SendKeys(chromedp.ID("f-amount"), "300 000"))
		if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 409 {
			t.Errorf("a stale edit: %d, want 409", status)
		}
		if got := eval[string](p, `document.getElementById("f-title").value`); got != changed.Title {
			t.Errorf("after a stale edit the title field holds %q, want the current %q", got, changed.Title)
		}
		if p.text(`main p[role="alert"]`) == "" {
			t.Error("no notice of the stale edit")
		}
		p.checkAccessible()
	})

	t.Run("action plan", func(t *testing.T) {
		if initiative.ID == 0 {
			t.Skip("no initiative")
		}
		p := a.newPage(t)
		p.login(email, password)
		p.open("/organisations/05")
		if status := p.load(chromedp.Click(chromedp.ID("new-plan"))); status != 200 {
			t.Fatalf("the new plan link: %d", status)
		}
		p.checkAccessible()
		p.do(
			chromedp.SendKeys(chromedp.ID("f-title"), "Handlingsplan psykisk hälsa 2017–2018"),
			chromedp.SendKeys(chromedp.ID("f-from_year"), "2017"),
			chromedp.SendKeys(chromedp.ID("f-to_year"), "2018"),
			chromedp.SetValue(chromedp.ID("f-status"), "adopted"),
			chromedp.SetValue(chromedp.ID("f-g0-horizon"), "long"),
			chromedp.SendKeys(chromedp.ID("f-g0-text"), "Fler unga får stöd tidigt"),
			chromedp.SendKeys(chromedp.ID("f-m0-text"), "Utbilda skolpersonal"),
			chromedp.SetValue(chromedp.ID("f-m0-goal"), "0"),
			chromedp.SetValue(chromedp.ID("f-m0-initiative"), fmt.Sprint(initiative.ID)),
			chromedp.SetValue(chromedp.ID("f-m0-target"), "barn_och_unga"),
			chromedp.SendKeys(chromedp.ID("f-n0-name"), "Andel elever som fått stöd"),
			chromedp.SendKeys(chromedp.ID("f-n0-unit"), "procent"),
			chromedp.SendKeys(chromedp.ID("f-n0-kpi"), "N17473"),
			chromedp.SendKeys(chromedp.ID("f-n0-target"), "80"),
			chromedp.SendKeys(chromedp.ID("f-u0-year"), "2017"),
			chromedp.SetValue(chromedp.ID("f-u0-of"), "m0"),
			chromedp.SetValue(chromedp.ID("f-u0-status"), "ongoing"),
			chromedp.SendKeys(chromedp.ID("f-u0-comment"), "Två skolor klara"),
		)
		if status := p.load(chromedp.Click(chromedp.CSS(`#plan-form button[type="submit"]`))); status != 200 || !strings.HasPrefix(p.path(), "/plans/") {
			t.Fatalf("saving the plan: %d at %s", status, p.path())
		}
		planPath := p.path()
		if got := p.text("#measures-table tbody"); !strings.Contains(got, changedTitle(initiative)) || !strings.Contains(got, "Fler unga får stöd tidigt") {
			t.Errorf("the measure %q does not name its initiative and goal", got)
		}
		if got := p.text("#follow-ups-table tbody"); !strings.Contains(got, "pågår") || !strings.Contains(got, "Utbilda skolpersonal") {
			t.Errorf("the follow-up %q", got)
		}
		if got := p.text("#indicators-table tbody"); !strings.Contains(got, "N17473") {
			t.Errorf("the indicator %q", got)
		}
		p.checkAccessible()
		if status := p.load(chromedp.Click(chromedp.CSS(`a[href$="/edit"]`))); status != 200 {
			t.Fatalf("the edit link: %d", status)
		}
		if got := eval[string](p, `document.getElementById("f-m0-initiative").value`); got != fmt.Sprint(initiative.ID) {
			t.Errorf("the edit form's measure names initiative %q", got)
		}
		p.checkAccessible()

		public := a.newPage(t)
		if status := public.open(planPath); status != 200 {
			t.Fatalf("the public reads the adopted plan: %d", status)
		}
		if public.text("#plan-status") != "antagen" {
			t.Errorf("status %q", public.text("#plan-status"))
		}
		public.checkAccessible()
		public.open("/organisations/05")
		if n := eval[int](public, `document.querySelectorAll("#plan-list a").length`); n != 1 {
			t.Errorf("the organisation page lists %d plans, want 1", n)
		}
	})
}

// changedTitle is the initiative's title after the stale-edit check renamed it.
func changedTitle(grant.Initiative) string { return "Första hjälpen (ändrad)" }
