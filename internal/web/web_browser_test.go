package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestBrowser drives the real application in headless Chromium: one
// application and one browser for all subtests, each subtest in a browser
// context of its own (own cookies). They run one after another: the
// machines have two cores.
func TestBrowser(t *testing.T) {
	a := startBrowserApp(t)

	t.Run("login page is accessible", func(t *testing.T) {
		for _, c := range []struct{ lang, h1, label string }{
			{"sv", "Logga in", "E-postadress"},
			{"en", "Log in", "E-mail"},
		} {
			t.Run(c.lang, func(t *testing.T) {
				p := a.newPage(t)
				if status := p.open("/login?lang=" + c.lang); status != 200 {
					t.Fatalf("GET /login: %d", status)
				}
				if got := eval[string](p, `document.documentElement.lang`); got != c.lang {
					t.Errorf("lang = %q, want %q", got, c.lang)
				}
				if got := p.text("h1"); got != c.h1 {
					t.Errorf("h1 = %q, want %q", got, c.h1)
				}
				if got := p.text(`label[for="email"]`); got != c.label {
					t.Errorf("e-mail label = %q, want %q", got, c.label)
				}
				if !eval[bool](p, `typeof htmx === "object" && getComputedStyle(document.body).fontFamily.includes("system-ui")`) {
					t.Error("htmx or Pico did not load")
				}
				p.checkAccessible()
			})
		}
	})

	t.Run("log in and out", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.login(adminEmail, adminPassword); status != 200 {
			t.Fatalf("login: status %d on %s", status, p.path())
		}
		if got := p.path(); got != "/" {
			t.Errorf("after login at %s, want /", got)
		}
		if nav := p.text("header nav"); !strings.Contains(nav, adminName) {
			t.Errorf("the navigation does not name the user: %q", nav)
		}
		p.checkAccessible()
		p.load(chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`)))
		if got := p.path(); got != "/login" {
			t.Errorf("after logout at %s, want /login", got)
		}
		if nav := p.text("header nav"); strings.Contains(nav, adminName) {
			t.Errorf("still logged in after logout: %q", nav)
		}
		if status := p.open("/"); status != 200 {
			t.Fatalf("GET /: %d", status)
		}
		if nav := p.text("header nav"); strings.Contains(nav, adminName) || !strings.Contains(nav, "Logga in") {
			t.Errorf("the session outlived the logout: %q", nav)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.login(adminEmail, "fel lösenord, helt fel"); status != 401 {
			t.Errorf("status %d, want 401", status)
		}
		if got := p.path(); got != "/login" {
			t.Errorf("at %s, want /login", got)
		}
		if msg := p.text(`[role="alert"]#login-error`); msg == "" {
			t.Error("no error message")
		}
		if got := get(p, chromedp.Value(chromedp.ID("email"))); got != adminEmail {
			t.Errorf("e-mail field = %q, want what was typed, %q", got, adminEmail)
		}
		if got := eval[string](p, `document.getElementById("email").getAttribute("aria-invalid")`); got != "true" {
			t.Errorf("aria-invalid = %q, want true", got)
		}
		if got := eval[string](p, `document.getElementById("password").getAttribute("aria-describedby")`); got != "login-error" {
			t.Errorf("the password field is not described by the error: %q", got)
		}
		p.checkAccessible()
	})

	t.Run("language switch is remembered", func(t *testing.T) {
		p := a.newPage(t)
		p.open("/login")
		if got := p.text("h1"); got != "Logga in" {
			t.Fatalf("h1 = %q, want Swedish by default", got)
		}
		p.load(chromedp.Click(chromedp.CSS(`header a[lang="en"]`)))
		if got := p.text("h1"); got != "Log in" {
			t.Errorf("after the switch h1 = %q, want English", got)
		}
		p.open("/")
		if got := eval[string](p, `document.documentElement.lang`); got != "en" {
			t.Errorf("the next page's lang = %q, want en", got)
		}
		if got := p.text(`header a[href="/login"]`); got != "Log in" {
			t.Errorf("the next page's login link = %q, want English", got)
		}
	})

	t.Run("public allocations", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.open("/allocations"); status != 200 {
			t.Fatalf("GET /allocations: %d", status)
		}
		if got := p.text("h1"); got != "Fördelningar" {
			t.Errorf("h1 = %q, want Fördelningar", got)
		}
		p.checkAccessible()
		// The first pot of the newest year: its amount, then its run's total.
		row := `main table tbody tr:first-child`
		name, amount := p.text(row+` th`), p.text(row+` td.amount`)
		p.load(chromedp.Click(chromedp.CSS(row + ` th a`)))
		if !strings.HasPrefix(p.path(), "/allocations/") {
			t.Fatalf("the pot's link led to %s", p.path())
		}
		if h1 := p.text("h1"); !strings.HasPrefix(h1, name) {
			t.Errorf("h1 = %q, want the pot %q", h1, name)
		}
		if total := p.text("#total"); total != amount || amount == "" {
			t.Errorf("the run's total %q, want the pot's amount %q", total, amount)
		}
		if n := eval[int](p, `document.querySelectorAll("main table tbody tr").length`); n < 2 {
			t.Errorf("%d lines, want the recipients", n)
		}
		if first := p.text(`main table tbody tr:first-child th`); !regexp.MustCompile(`^.+ \(\d{2,4}\)$`).MatchString(first) {
			t.Errorf("first recipient %q, want \"Name (code)\"", first)
		}
		p.checkAccessible()
	})

	t.Run("allocation pages in English and errors", func(t *testing.T) {
		p := a.newPage(t)
		for _, c := range []struct {
			path   string
			status int64
			h1     string
		}{
			{"/allocations?lang=en", 200, "Allocations"},
			{"/allocations/999999", 404, "Not found"},
			{"/allocations/nonsense", 404, "Not found"},
		} {
			if status := p.open(c.path); status != c.status {
				t.Errorf("GET %s: %d, want %d", c.path, status, c.status)
			}
			if got := p.text("h1"); got != c.h1 {
				t.Errorf("GET %s: h1 = %q, want %q", c.path, got, c.h1)
			}
			p.checkAccessible()
		}
	})

	t.Run("organisation pages", func(t *testing.T) { testOrganisationPage(t, a) })

	t.Run("a draft asks the public to log in and leads back", func(t *testing.T) {
		ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
		pots, _, err := a.svc.Pots(ctx, app.ListFilter{Limit: 1})
		if err != nil || len(pots) == 0 {
			t.Fatalf("pots: %v %v", pots, err)
		}
		agreement, err := a.svc.CreateAgreement(ctx, grant.Agreement{Year: 2030, Title: "Utkast", Total: money.Mkr})
		if err != nil {
			t.Fatal(err)
		}
		pot, err := a.svc.CreatePot(ctx, grant.Pot{AgreementID: agreement.ID, Name: "Utkastpotten", Purpose: "test",
			Amount: 1000 * money.Krona, Recipients: "regions", PopulationTableID: pots[0].PopulationTableID, ReferenceDate: pots[0].ReferenceDate})
		if err != nil {
			t.Fatal(err)
		}
		draft, err := a.svc.CreateRun(ctx, pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := a.newPage(t)
		path := fmt.Sprintf("/allocations/%d", draft.ID)
		if status := p.open(path); status != 401 {
			t.Errorf("GET %s as the public: %d, want 401", path, status)
		}
		if got := p.text("h1"); got != "Logga in" {
			t.Errorf("h1 = %q, want the login form", got)
		}
		p.checkAccessible()
		status := p.load(
			chromedp.SendKeys(chromedp.ID("email"), adminEmail),
			chromedp.SendKeys(chromedp.ID("password"), adminPassword),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		)
		if status != 200 || p.path() != path {
			t.Errorf("after login: %d at %s, want 200 at %s", status, p.path(), path)
		}
		if got := p.text("main p"); !strings.Contains(got, "utkast") {
			t.Errorf("the draft is not marked as one: %q", got)
		}
	})
}
