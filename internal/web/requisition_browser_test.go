package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

const (
	coordEmail    = "samordnare@vaxjo.example.se"
	coordPassword = "ett långt lösenord för samordnaren i Växjö"
)

// TestRequisitionBrowser follows money from a pot to a municipality and
// back: Växjö's coordinator requisitions, the administrator approves and
// pays, a condition is handed in and approved, and the report of use
// leaves a repayment claim. The demo's pots are past their requisition
// deadlines, so the test adds a pot of its own, open until 2099.
func TestRequisitionBrowser(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	pot, condID, line := openPot(t, a.svc)
	if _, err := a.svc.AddUser(ctx, grant.User{Email: coordEmail, Name: "Sara Samordnare",
		Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}}, coordPassword); err != nil {
		t.Fatal(err)
	}
	coord := a.newPage(t)
	if status := coord.login(coordEmail, coordPassword); status != 200 {
		t.Fatalf("coordinator login: %d", status)
	}
	admin := a.newPage(t)
	if status := admin.login(adminEmail, adminPassword); status != 200 {
		t.Fatalf("admin login: %d", status)
	}
	saved := func() []grant.Requisition {
		list, _, err := a.svc.Requisitions(ctx, app.ListFilter{PotID: pot.ID})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	var reqID int64

	t.Run("coordinator requisitions", func(t *testing.T) {
		p := coord
		p.t = t
		p.open("/organisations/0780")
		p.load(chromedp.Click(chromedp.ID("new-requisition")))
		if got := p.path(); got != "/requisitions/new?org=0780" {
			t.Fatalf("the organisation page's link led to %s", got)
		}
		p.checkAccessible()
		p.load(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#lines a[href="/requisitions/new?org=0780&pot=%d"]`, pot.ID))))
		if got := p.text("#lines tbody .remaining"); got != line.HTML() {
			t.Errorf("remains %q, want %q", got, line.HTML())
		}
		p.checkAccessible()

		tooMuch := (line + money.Krona).String()
		if status := p.load(chromedp.SendKeys(chromedp.ID("f-amount"), tooMuch), chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 422 {
			t.Fatalf("too much: status %d, want 422", status)
		}
		if msg := p.text("#f-amount-msg"); !strings.Contains(msg, "överstiger") {
			t.Errorf("the message next to the amount = %q", msg)
		}
		if got := eval[string](p, `document.getElementById("f-amount").value`); got != tooMuch {
			t.Errorf("the typed amount became %q, want %q", got, tooMuch)
		}
		if got := eval[string](p, `document.getElementById("f-amount").getAttribute("aria-invalid")`); got != "true" {
			t.Errorf("aria-invalid = %q", got)
		}
		if n := len(saved()); n != 0 {
			t.Fatalf("a refused requisition saved %d", n)
		}
		p.checkAccessible()

		if status := p.load(chromedp.SetValue(chromedp.ID("f-amount"), line.String()), chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 {
			t.Fatalf("the right amount: status %d on %s", status, p.path())
		}
		list := saved()
		if len(list) != 1 || list[0].Amount != line {
			t.Fatalf("saved %+v, want one of %s", list, line)
		}
		reqID = list[0].ID
		if got := p.text("#status"); got != "inskickad" {
			t.Errorf("status %q, want inskickad", got)
		}
		p.checkAccessible()
		csv := get(p, chromedp.Evaluate[string](`fetch("/requisitions?format=csv").then(r => r.text())`, chromedp.EvalAwaitPromise))
		if !strings.Contains(csv, "Belopp (kr)") || !strings.Contains(csv, strings.ReplaceAll(line.Decimal(), ".", ",")) {
			t.Errorf("the CSV export lacks the header or the amount: %q", csv)
		}
		p.open("/requisitions")
		row := p.text(fmt.Sprintf(`#requisitions-table tr:has(a[href="/requisitions/%d"])`, reqID))
		if !strings.Contains(row, "inskickad") || !strings.Contains(row, line.HTML()) {
			t.Errorf("the list's row: %q", row)
		}
		p.checkAccessible()
	})
	if reqID == 0 {
		t.FailNow()
	}

	t.Run("admin approves and pays once", func(t *testing.T) {
		p := admin
		p.t = t
		p.open("/requisitions?status=submitted")
		p.checkAccessible()
		p.load(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#requisitions-table a[href="/requisitions/%d"]`, reqID))))
		p.checkAccessible()
		p.load(chromedp.Click(chromedp.CSS(`#approve-form button`)))
		if got := p.text("#status"); got != "godkänd" {
			t.Fatalf("after approval the status is %q", got)
		}
		// Someone else pays 1 kr meanwhile: the page's form is stale.
		if _, err := a.svc.RecordPayment(ctx, app.PaymentInput{RequisitionID: reqID, Amount: money.Krona,
			PaidOn: grant.Date(time.Now().Format(time.DateOnly)), IdempotencyKey: "en annan flik"}); err != nil {
			t.Fatal(err)
		}
		if status := p.load(chromedp.Click(chromedp.CSS(`#pay-form button`))); status != 422 {
			t.Errorf("a stale payment form: %d, want 422", status)
		}
		if got := p.text(`main p[role="alert"]`); !strings.Contains(got, "Någon annan ändrade") {
			t.Errorf("the stale form's notice: %q", got)
		}
		if got, want := p.text("#paid"), money.Krona.HTML(); got != want {
			t.Errorf("the current paid %q, want %q", got, want)
		}
		p.checkAccessible()
		body := eval[string](p, `new URLSearchParams(new FormData(document.getElementById("pay-form"))).toString()`)
		p.load(chromedp.Click(chromedp.CSS(`#pay-form button`)))
		if got := p.text("#status"); got != "utbetald" {
			t.Errorf("after payment the status is %q", got)
		}
		if got := p.text("#paid"); got != line.HTML() {
			t.Errorf("paid %q, want %q", got, line.HTML())
		}
		p.checkAccessible()
		// The same form submitted again: the service answers with the first payment.
		status := get(p, chromedp.Evaluate[int](fmt.Sprintf(`fetch("/requisitions/%d/payments", {method: "POST", body: new URLSearchParams(%q)}).then(r => r.status)`,
			reqID, body), chromedp.EvalAwaitPromise))
		if status != 200 {
			t.Errorf("the second submit: %d, want 200 after the redirect", status)
		}
		payments, err := a.svc.RequisitionPayments(ctx, reqID)
		if err != nil {
			t.Fatal(err)
		}
		if len(payments) != 2 || payments[0].Amount+payments[1].Amount != line {
			t.Errorf("payments %+v, want 1 kr and the rest of %s", payments, line)
		}
	})

	t.Run("a condition is handed in and approved", func(t *testing.T) {
		row := fmt.Sprintf("#c-%d-0780", condID)
		p := coord
		p.t = t
		p.open("/conditions")
		if !strings.Contains(p.text("#conditions-table tbody"), "försenat") {
			t.Error("the demo's conditions due in 2017 are not shown as overdue")
		}
		p.checkAccessible()
		p.load(chromedp.SendKeys(chromedp.CSS(row+` input[name="document"]`), "Analys, dnr VX 2026/1"),
			chromedp.Click(chromedp.CSS(row+` form[action$="/submit"] button`)))
		if got := p.text(row + " .status"); got != "inlämnat" {
			t.Errorf("after submitting: %q", got)
		}
		q := admin
		q.t = t
		q.open("/conditions?org=0780&status=submitted")
		q.checkAccessible()
		q.load(chromedp.Click(chromedp.CSS(row + ` form[action$="/approve"] button`)))
		q.open("/conditions?org=0780")
		if got := q.text(row + " .status"); got != "godkänt" {
			t.Errorf("after approval: %q", got)
		}
	})

	t.Run("report of use with unused money", func(t *testing.T) {
		p := coord
		p.t = t
		p.open(fmt.Sprintf("/requisitions/%d", reqID))
		p.load(chromedp.Click(chromedp.ID("report-use")))
		if got, want := p.path(), fmt.Sprintf("/reports/new?org=0780&pot=%d", pot.ID); got != want {
			t.Fatalf("the paid requisition's link led to %s, want %s", got, want)
		}
		if got := p.text("#paid"); got != line.HTML() {
			t.Errorf("paid %q, want %q", got, line.HTML())
		}
		p.checkAccessible()
		unused := 10_000 * money.Krona
		if status := p.load(chromedp.SendKeys(chromedp.ID("f-used"), (line-unused).String()), chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 422 {
			t.Fatalf("used without the unused: %d, want 422", status)
		}
		if msg := p.text("#f-unused-msg"); !strings.Contains(msg, "summera") {
			t.Errorf("the message next to unused = %q", msg)
		}
		p.checkAccessible()
		p.load(chromedp.SendKeys(chromedp.ID("f-unused"), unused.String()), chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
		if got := p.text("#created"); !strings.Contains(got, "återkrav") || !strings.Contains(got, unused.HTML()) {
			t.Errorf("after the report: %q", got)
		}
		claims, _, err := a.svc.Claims(ctx, app.ListFilter{PotID: pot.ID})
		if err != nil || len(claims) != 1 || claims[0].Amount != unused {
			t.Fatalf("claims %+v, %v", claims, err)
		}
		if row := p.text(fmt.Sprintf("#claim-%d", claims[0].ID)); !strings.Contains(row, "öppet") {
			t.Errorf("the claim's row: %q", row)
		}
		p.checkAccessible()

		q := admin
		q.t = t
		q.open("/reports?org=0780")
		q.load(chromedp.Click(chromedp.CSS(fmt.Sprintf("#claim-%d form button", claims[0].ID))))
		if row := q.text(fmt.Sprintf("#claim-%d", claims[0].ID)); !strings.Contains(row, "reglerat") {
			t.Errorf("after the repayment the claim's row: %q", row)
		}
		q.checkAccessible()
	})
}

// openPot decides a pot for all principals with a condition, whose
// requisition deadline lies ahead, and returns it, its condition and
// Växjö's line.
func openPot(t *testing.T, svc *app.Service) (grant.Pot, int64, money.Amount) {
	t.Helper()
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	tables, err := svc.PopulationTables(ctx)
	if err != nil || len(tables) == 0 {
		t.Fatalf("population tables: %v", err)
	}
	ag, err := svc.CreateAgreement(ctx, grant.Agreement{Year: 2026, Title: "Testöverenskommelse", Dnr: "TEST-2026",
		Parties: []string{"staten", "skr"}, Total: 100 * money.Mkr, DecisionDate: "2026-01-10"})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := svc.CreatePot(ctx, grant.Pot{AgreementID: ag.ID, Name: "Testpott", Purpose: "test", Amount: 100 * money.Mkr,
		Recipients: "principals", PopulationTableID: tables[0].ID, ReferenceDate: "2017-11-01",
		RequisitionDeadline: "2099-03-31", UseBy: "2099-12-31", ReportDue: "2100-01-31",
		Conditions: []grant.Condition{{Kind: grant.CondAnalysis, Title: "Analys 2026", DueDate: "2099-10-31"}}})
	if err != nil {
		t.Fatal(err)
	}
	run, err := svc.CreateRun(ctx, pot.ID)
	if err != nil {
		t.Fatal(err)
	}
	if run, err = svc.DecideRun(ctx, run.ID, run.Version); err != nil {
		t.Fatal(err)
	}
	if run, err = svc.Run(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	for _, l := range run.Lines {
		if l.Code == "0780" && l.Kind == allocate.KindRecipient {
			return pot, pot.Conditions[0].ID, l.Amount
		}
	}
	t.Fatal("Växjö has no line in the test pot")
	return pot, 0, 0
}
