package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestPublicFigures drives the money flow, the per-capita chart, the county
// filter, the overview and the audit log over the demo, and checks their
// figures against the service.
func TestPublicFigures(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	pots, _, err := a.svc.Pots(ctx, app.ListFilter{Year: 2017})
	if err != nil {
		t.Fatal(err)
	}
	// What the demo decided in 2017: the decided runs of the year's pots.
	var decided, kronoberg, allocated, paid money.Amount
	for _, p := range pots {
		runs, _, err := a.svc.Runs(ctx, app.ListFilter{PotID: p.ID, Status: string(grant.RunDecided)})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			decided += r.Total
			full, err := a.svc.Run(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range full.Lines {
				if l.County == "07" {
					kronoberg += l.Amount
				}
			}
		}
		sums, err := a.svc.Balances(ctx, app.ListFilter{PotID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		allocated += sums[grant.EntryAllocated]
		paid += sums[grant.EntryPaid]
	}
	if decided == 0 || decided >= 885*money.Mkr || kronoberg == 0 {
		t.Fatalf("the demo decided %s in 2017, %s in Kronoberg", decided, kronoberg)
	}

	for _, c := range []struct{ path, svg, title string }{
		{"/flow?year=2017", "#flow-chart", "Penningflöde 2017"},
		{"/per-capita?year=2017", "#per-capita-chart", "Kronor per invånare per län 2017"},
	} {
		t.Run("public "+c.path, func(t *testing.T) {
			p := a.newPage(t)
			if status := p.open(c.path); status != 200 {
				t.Fatalf("GET %s: %d", c.path, status)
			}
			if got := eval[string](p, `document.querySelector("`+c.svg+`").getAttribute("role")`); got != "img" {
				t.Errorf("the diagram's role = %q, want img", got)
			}
			if got := eval[string](p, `document.querySelector("`+c.svg+` > title").textContent`); got != c.title {
				t.Errorf("the diagram's title = %q, want %q", got, c.title)
			}
			if n := eval[int](p, `document.querySelectorAll("`+c.svg+` g > title, `+c.svg+` path > title").length`); n < 5 {
				t.Errorf("%d parts of the diagram have a title", n)
			}
			if got, want := p.text("#total"), decided.HTML(); got != want {
				t.Errorf("the table's total %q, want the decided %q", got, want)
			}
			p.checkAccessible()
			p.open(c.path + "&lang=en")
			p.checkAccessible()
		})
	}

	t.Run("what the regions passed on", func(t *testing.T) {
		// In 2018 Region Kronoberg spread 20,3 Mkr over three committees.
		p := a.newPage(t)
		if status := p.open("/flow?year=2018"); status != 200 {
			t.Fatalf("GET /flow?year=2018: %d", status)
		}
		row := eval[string](p, `[...document.querySelectorAll("#flow-table tbody tr")].map(r => r.textContent).find(t => t.includes("Nämnder och enheter")) || ""`)
		if !strings.Contains(row, (20_300_000 * money.Krona).HTML()) {
			t.Errorf("the regions' flow to committees = %q, want 20,3 Mkr", row)
		}
		if n := eval[int](p, `[...document.querySelectorAll("#flow-table tbody tr")].filter(r => r.textContent.includes("Inte vidarefördelat")).length`); n == 0 {
			t.Error("no flow of money not passed on")
		}
		p.checkAccessible()
	})

	t.Run("per capita figures", func(t *testing.T) {
		p := a.newPage(t)
		p.open("/per-capita?year=2017")
		rows := eval[[]string](p, `[...document.querySelectorAll("#per-capita-table tbody tr td:last-child")].map(e => e.textContent)`)
		if len(rows) != 21 {
			t.Fatalf("%d counties, want 21", len(rows))
		}
		for _, r := range rows {
			if !strings.HasSuffix(r, ",00\u00a0kr") && !strings.Contains(r, ",") {
				t.Errorf("a per-capita figure %q is not written as 123,45 kr", r)
			}
		}
		if avg := p.text("#average"); !strings.Contains(avg, ",") {
			t.Errorf("the national average %q", avg)
		}
		csv := get(p, chromedp.Evaluate[string](`fetch("/per-capita?year=2017&format=csv").then(r => r.text())`, chromedp.EvalAwaitPromise))
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv, "\ufeff")), "\n")
		if len(lines) != 23 || lines[0] != "Län;Kod;Belopp (kr);Folkmängd;Kronor per invånare" {
			t.Fatalf("the CSV export: %d lines, header %q", len(lines), lines[0])
		}
		if want := "Riket;;" + strings.ReplaceAll(decided.Decimal(), ".", ",") + ";"; !strings.HasPrefix(lines[22], want) {
			t.Errorf("the CSV's last line %q, want it to begin %q", lines[22], want)
		}
	})

	t.Run("county filter", func(t *testing.T) {
		p := a.newPage(t)
		p.open("/allocations")
		p.load(
			chromedp.SetValue(chromedp.ID("f-year"), "2017"),
			chromedp.SetValue(chromedp.ID("f-county"), "07"),
			chromedp.Click(chromedp.CSS(`#allocation-filter button[type="submit"]`)),
		)
		if got := p.path(); got != "/allocations?year=2017&county=07" {
			t.Errorf("the filter led to %s", got)
		}
		if got, want := p.text("#county-total"), kronoberg.HTML(); got != want {
			t.Errorf("Kronoberg's total %q, want %q", got, want)
		}
		if row := p.text(`#county-table tbody tr:has(a[href="/organisations/0780"])`); row == "" {
			t.Error("Växjö is not in Kronoberg's table")
		}
		if n := eval[int](p, `document.querySelectorAll("main section h2").length`); n != 2 {
			t.Errorf("%d headings, want Kronoberg's and 2017's only", n)
		}
		p.checkAccessible()
	})

	t.Run("the admin's overview and audit log", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.open("/overview"); status != 401 {
			t.Errorf("the public's GET /overview: %d, want 401", status)
		}
		if status := p.login(adminEmail, adminPassword); status != 200 {
			t.Fatalf("login: %d", status)
		}
		if status := p.open("/overview"); status != 200 {
			t.Fatalf("GET /overview: %d", status)
		}
		if got, want := p.text("#total-2017 td.allocated"), allocated.HTML(); got != want {
			t.Errorf("allocated in 2017 %q, want %q", got, want)
		}
		if got, want := p.text("#total-2017 td.paid"), paid.HTML(); got != want {
			t.Errorf("paid in 2017 %q, want %q", got, want)
		}
		if list := p.text("#deadline-list"); !strings.Contains(list, "förfallen") {
			t.Errorf("no overdue deadline: %q", list)
		}
		p.checkAccessible()
		p.open("/overview?lang=en")
		if list := p.text("#deadline-list"); !strings.Contains(list, "overdue") {
			t.Errorf("no overdue deadline in English: %q", list)
		}
		p.checkAccessible()
		p.open("/overview?lang=sv")

		if status := p.open("/audit?entity=requisition"); status != 200 {
			t.Fatalf("GET /audit: %d", status)
		}
		entities := eval[[]string](p, `[...document.querySelectorAll("#audit-table tbody .entity")].map(e => e.textContent)`)
		if len(entities) == 0 {
			t.Fatal("no requisition in the audit log")
		}
		for _, e := range entities {
			if !strings.HasPrefix(e, "requisition ") {
				t.Errorf("the filter let %q through", e)
			}
		}
		p.checkAccessible()
		p.open("/audit")
		if next := eval[bool](p, `document.querySelector('a[rel="next"]') !== null`); !next {
			t.Error("the whole log fits on a page; want a link to the next")
		}

		p.open("/audit?as_of=2017-01-31&org=07")
		if got := p.path(); got != "/as-of?date=2017-01-31&org=07" {
			t.Errorf("?as_of= led to %s", got)
		}
		for _, day := range []grant.Date{"2017-01-31", "2017-02-28"} {
			want, err := a.svc.Balances(ctx, app.ListFilter{AsOf: day, OrgCode: "07"})
			if err != nil {
				t.Fatal(err)
			}
			if status := p.open(fmt.Sprintf("/as-of?date=%s&org=07", day)); status != 200 {
				t.Fatalf("GET /as-of: %d", status)
			}
			got := p.text(`#asof-balances tbody tr:nth-child(5) td`) // paid
			if got != want[grant.EntryPaid].HTML() {
				t.Errorf("%s: paid %q, want %q", day, got, want[grant.EntryPaid].HTML())
			}
			p.checkAccessible()
		}
	})

	t.Run("a coordinator's overview", func(t *testing.T) {
		const email, pw = "karin.lund@example.se", "ett långt lösenord för samordnaren"
		if _, err := a.svc.AddUser(ctx, grant.User{Email: email, Name: "Karin Lund",
			Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}}, pw); err != nil {
			t.Fatal(err)
		}
		var want money.Amount
		for _, p := range pots {
			sums, err := a.svc.Balances(ctx, app.ListFilter{PotID: p.ID, OrgCode: "0780"})
			if err != nil {
				t.Fatal(err)
			}
			want += sums[grant.EntryAllocated]
		}
		p := a.newPage(t)
		if status := p.login(email, pw); status != 200 {
			t.Fatalf("login: %d", status)
		}
		if status := p.open("/overview"); status != 200 {
			t.Fatalf("GET /overview: %d", status)
		}
		if h1 := p.text("h1"); !strings.Contains(h1, "0780") {
			t.Errorf("h1 = %q, want Växjö's code", h1)
		}
		if got := p.text("#total-2017 td.allocated"); got != want.HTML() || want == 0 {
			t.Errorf("Växjö's 2017 allocated %q, want %q", got, want.HTML())
		}
		if status := p.open("/overview?org=07"); status != 403 {
			t.Errorf("Växjö's coordinator on Kronoberg's overview: %d, want 403", status)
		}
		if status := p.open("/audit"); status != 403 {
			t.Errorf("a coordinator on the audit log: %d, want 403", status)
		}
		p.checkAccessible()
	})
}
