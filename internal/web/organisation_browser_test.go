package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/money"
)

// testOrganisationPage is TestBrowser's look at the organisation pages,
// over the demo: Region Kronoberg (07) spread 20,3 Mkr over three
// committees, and it and Växjö (0780) have requisitions.
func testOrganisationPage(t *testing.T, a *browserApp) {
	t.Run("public region page", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.open("/organisations/07"); status != 200 {
			t.Fatalf("GET /organisations/07: %d", status)
		}
		if h1 := p.text("h1"); h1 != "Region Kronoberg (07)" {
			t.Errorf("h1 = %q, want Region Kronoberg (07)", h1)
		}
		table := p.text("#passed-on-table tbody")
		for _, c := range []struct {
			code   string
			amount money.Amount
		}{{"07-hsn", 13_410_000 * money.Krona}, {"07-rs", 3_920_000 * money.Krona}, {"07-run", 2_970_000 * money.Krona}} {
			row := p.text(`#passed-on-table tbody tr:has(a[href="/organisations/` + c.code + `"])`)
			if !strings.Contains(row, c.amount.HTML()) {
				t.Errorf("the line to %s = %q, want %s; the table: %q", c.code, row, c.amount.HTML(), table)
			}
		}
		if got, want := p.text("#passed-on-total"), (20_300_000 * money.Krona).HTML(); got != want {
			t.Errorf("passed on in total %q, want %q", got, want)
		}
		if n := eval[int](p, `document.querySelectorAll("main table caption").length`); n < 2 {
			t.Errorf("%d tables with a caption, want the allocated and the passed on", n)
		}
		if eval[bool](p, `document.getElementById("requisitions") !== null || document.getElementById("conditions") !== null`) {
			t.Error("the public sees the requisitions or the conditions")
		}
		p.checkAccessible()
		p.open("/organisations/07?lang=en")
		if got := p.text("#passed-on"); got != "Passed on" {
			t.Errorf("in English the heading = %q, want Passed on", got)
		}
		p.checkAccessible()
		p.load(chromedp.Click(chromedp.CSS(`#municipality-list a[href="/organisations/0780"]`)))
		if got := p.path(); got != "/organisations/0780" {
			t.Fatalf("the municipality's link led to %s", got)
		}
		if got := p.text("#kind"); got != "municipality" {
			t.Errorf("Växjö's kind = %q, want municipality", got)
		}
		if eval[bool](p, `document.getElementById("requisitions") !== null`) {
			t.Error("the public sees Växjö's requisitions")
		}
		p.checkAccessible()
	})

	t.Run("the admin sees the requisitions", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.login(adminEmail, adminPassword); status != 200 {
			t.Fatalf("login: %d", status)
		}
		for _, code := range []string{"07", "0780"} {
			if status := p.open("/organisations/" + code); status != 200 {
				t.Fatalf("GET /organisations/%s: %d", code, status)
			}
			if got := p.text("#requisitions"); got != "Rekvisitioner" {
				t.Errorf("%s: requisitions heading %q", code, got)
			}
			if n := eval[int](p, `document.querySelectorAll("#requisitions ~ div tbody tr").length`); n == 0 {
				t.Errorf("%s: no requisition listed, but the demo has some", code)
			}
		}
		p.checkAccessible()
	})

	t.Run("the coordinator sees the conditions", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.login("kronoberg@demo.anslag.se", demo.Password); status != 200 {
			t.Fatalf("login: %d", status)
		}
		p.open("/organisations/07")
		rows := eval[[]string](p, `[...document.querySelectorAll("#conditions ~ div tbody tr")].map(r => r.innerText)`)
		if len(rows) == 0 {
			t.Fatal("no condition listed, but the 2017 principals' pot has conditions")
		}
		for _, r := range rows {
			// The demo's 2017 conditions fell due long ago and Kronoberg submitted none.
			if !strings.Contains(r, "ej inlämnat") || !strings.Contains(r, "försenat") {
				t.Errorf("condition row %q: want not submitted and overdue, in words", r)
			}
		}
		if got := p.text("#reports"); got != "Redovisningar" {
			t.Errorf("reports heading %q", got)
		}
		p.checkAccessible()
	})

	t.Run("unknown organisation", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.open("/organisations/9999"); status != 404 {
			t.Errorf("GET /organisations/9999: %d, want 404", status)
		}
		p.checkAccessible()
	})
}
