package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/demo"
)

// TestContactsBrowser: contact persons are personal data, shown to
// logged-in users only; a coordinator adds one through the form; the
// reminders page is for oversight.
func TestContactsBrowser(t *testing.T) {
	a := startBrowserApp(t)
	t.Run("the public sees no contacts", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.open("/organisations/07"); status != 200 {
			t.Fatalf("GET /organisations/07: %d", status)
		}
		if html := eval[string](p, `document.documentElement.outerHTML`); strings.Contains(html, "kronoberg.example") || strings.Contains(html, `id="contacts"`) {
			t.Error("the public page shows contact persons")
		}
	})
	t.Run("a coordinator adds a contact", func(t *testing.T) {
		p := a.newPage(t)
		if status := p.login("kronoberg@demo.anslag.se", demo.Password); status != 200 {
			t.Fatalf("login: %d", status)
		}
		p.open("/organisations/07")
		rows := p.text("#contacts ~ div table tbody")
		if first := p.text("#contacts ~ div table tbody tr:first-child th"); first != "Lena Lindqvist" {
			t.Errorf("the contact answering for the requirements must come first, got %q in %q", first, rows)
		}
		p.checkAccessible()
		if status := p.load(chromedp.Click(chromedp.ID("new-contact"))); status != 200 || p.path() != "/organisations/07/contacts/new" {
			t.Fatalf("new contact form: %d at %s", status, p.path())
		}
		if n := eval[int](p, `document.querySelectorAll("h1").length`); n != 1 {
			t.Errorf("%d h1", n)
		}
		p.checkAccessible()
		// A bad address is refused with the field marked and nothing stored.
		status := p.load(
			chromedp.SendKeys(chromedp.ID("f-name"), "Eva Ek"),
			chromedp.SetAttributeValue(chromedp.ID("f-email"), "type", "text"), // past the browser's own check, to reach the server's
			chromedp.SendKeys(chromedp.ID("f-email"), "eva.ek"),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		)
		if status != 422 || eval[string](p, `document.getElementById("f-email").getAttribute("aria-invalid")`) != "true" {
			t.Fatalf("bad e-mail: %d", status)
		}
		p.checkAccessible()
		status = p.load(
			chromedp.SetAttributeValue(chromedp.ID("f-email"), "type", "text"),
			chromedp.SetValue(chromedp.ID("f-email"), "eva.ek@kronoberg.example"),
			chromedp.SendKeys(chromedp.ID("f-role"), "Ekonom"),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		)
		if status != 200 || strings.TrimSuffix(p.path(), "#contacts") != "/organisations/07" || !strings.Contains(p.text("#contacts ~ div table tbody"), "eva.ek@kronoberg.example") {
			t.Fatalf("after adding: %d at %s: %q", status, p.path(), p.text("main"))
		}
	})
	t.Run("another coordinator reads but may not edit", func(t *testing.T) {
		p := a.newPage(t)
		p.login("vaxjo@demo.anslag.se", demo.Password)
		p.open("/organisations/07")
		if !strings.Contains(p.text("#contacts ~ div table tbody"), "lena.lindqvist@kronoberg.example") {
			t.Error("a logged-in user sees the contacts")
		}
		if eval[bool](p, `document.getElementById("new-contact") !== null`) {
			t.Error("Växjö's coordinator is offered to add Kronoberg's contacts")
		}
	})
	t.Run("reminders page", func(t *testing.T) {
		p := a.newPage(t)
		p.login("admin@demo.anslag.se", demo.Password)
		if status := p.load(chromedp.Click(chromedp.CSS(`nav a[href="/reminders"]`))); status != 200 {
			t.Fatalf("GET /reminders: %d", status)
		}
		if h1 := p.text("h1"); h1 != "Påminnelser" {
			t.Errorf("h1 %q", h1)
		}
		p.checkAccessible()
		p.open("/reminders?lang=en")
		p.checkAccessible()
	})
}
