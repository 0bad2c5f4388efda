package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
)

// TestCollabPages: Växjö's coordinator records a collaboration agreement
// with Region Kronoberg, approves it for Växjö, records the municipality's
// BUS-grupp, and finds both under "Samverkan" on Växjö's page.
func TestCollabPages(t *testing.T) {
	a := startBrowserApp(t)
	p := a.newPage(t)
	if status := p.login("vaxjo@demo.anslag.se", demo.Password); status != 200 {
		t.Fatalf("login: %d", status)
	}
	p.open("/organisations/0780")
	p.checkAccessible()
	if status := p.load(chromedp.Click(chromedp.ID("new-collab"))); status != 200 || !strings.HasPrefix(p.path(), "/collaboration-agreements/new") {
		t.Fatalf("the new agreement link: %d at %s", status, p.path())
	}
	p.checkAccessible()
	// A party that is not in the register is refused next to the field.
	p.do(
		chromedp.SetValue(chromedp.ID("f-parties"), "0780, 0799"),
		chromedp.SendKeys(chromedp.ID("f-subject"), "Samverkan kring barn och unga med psykisk ohälsa"),
		chromedp.SetValue(chromedp.ID("f-valid_from"), "2017-01-01"),
		chromedp.SetValue(chromedp.ID("f-valid_to"), time.Now().AddDate(3, 0, 0).Format(time.DateOnly)), // the page judges expiry by today
	)
	if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 422 {
		t.Fatalf("an unknown party: %d, want 422", status)
	}
	if msg := p.text("#f-parties-msg"); msg == "" {
		t.Errorf("no message next to the parties")
	}
	p.checkAccessible()
	p.do(chromedp.SetValue(chromedp.ID("f-parties"), "0780, 07"))
	if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 || !strings.HasPrefix(p.path(), "/collaboration-agreements/") {
		t.Fatalf("save: %d at %s", status, p.path())
	}
	p.checkAccessible()
	if status := p.load(chromedp.Click(chromedp.ID("approve-0780"))); status != 200 {
		t.Fatalf("approve: %d", status)
	}
	if got := p.text("#collab-status"); !strings.Contains(got, "utkast") {
		t.Errorf("after Växjö's approval the status reads %q; Region Kronoberg has not approved", got)
	}
	list, _, err := a.svc.CollabAgreements(app.WithActor(t.Context(), app.PublicActor()), app.CollabFilter{ListFilter: app.ListFilter{OrgCode: "0780"}})
	if err != nil || len(list) != 1 || !list[0].Parties[0].Approved() || list[0].Parties[0].ApprovedBy != "vaxjo@demo.anslag.se" || list[0].Parties[1].Approved() {
		t.Fatalf("stored: %+v, %v", list, err)
	}

	p.open("/organisations/0780")
	if status := p.load(chromedp.Click(chromedp.ID("new-group"))); status != 200 {
		t.Fatalf("the new group link: %d", status)
	}
	p.checkAccessible()
	p.do(
		chromedp.SendKeys(chromedp.ID("f-name"), "BUS-grupp Växjö"),
		chromedp.SetValue(chromedp.ID("f-m0-role"), "social_services"),
		chromedp.SendKeys(chromedp.ID("f-m0-org"), "0780"),
		chromedp.SendKeys(chromedp.ID("f-m0-name"), "Eva Ek"),
		chromedp.SetValue(chromedp.ID("f-m1-role"), "psychiatry"),
		chromedp.SendKeys(chromedp.ID("f-m1-org"), "07"),
	)
	if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 || !strings.HasPrefix(p.path(), "/groups/") {
		t.Fatalf("save the group: %d at %s", status, p.path())
	}
	p.checkAccessible()
	if got := p.text("#member-table"); !strings.Contains(got, "Eva Ek") || !strings.Contains(got, "Region Kronoberg") {
		t.Errorf("members %q", got)
	}
	// The group's yearly action plan, jointly Växjö's and the region's.
	if status := p.load(chromedp.Click(chromedp.ID("new-group-plan"))); status != 200 {
		t.Fatalf("the new group plan link: %d", status)
	}
	p.checkAccessible()
	p.do(
		chromedp.SendKeys(chromedp.ID("f-title"), "Handlingsplan BUS-grupp Växjö 2018"),
		chromedp.SendKeys(chromedp.ID("f-from_year"), "2018"),
		chromedp.SendKeys(chromedp.ID("f-to_year"), "2018"),
		chromedp.SetValue(chromedp.ID("f-g0-horizon"), "short"),
		chromedp.SendKeys(chromedp.ID("f-g0-text"), "SIP för alla barn som behöver det"),
	)
	if status := p.load(chromedp.Click(chromedp.CSS(`#plan-form button[type="submit"]`))); status != 200 || !strings.HasPrefix(p.path(), "/plans/") {
		t.Fatalf("saving the group's plan: %d at %s", status, p.path())
	}
	p.checkAccessible()
	if got := p.text("#joint"); got != "0780, 07" {
		t.Errorf("jointly responsible %q, want Växjö and Region Kronoberg", got)
	}

	p.open("/organisations/0780")
	if got := p.text("#org-collab-list"); !strings.Contains(got, "Samverkan kring barn och unga") || !strings.Contains(got, "Region Kronoberg") {
		t.Errorf("the organisation's agreements read %q", got)
	}
	if got := p.text("#org-group-list"); !strings.Contains(got, "BUS-grupp Växjö") {
		t.Errorf("the organisation's groups read %q", got)
	}
	p.checkAccessible()
}
