package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// TestNetworkPages drives the demo's coordinator network for Stockholm
// county (seed 001): an administrator records a planned 2018 meeting as
// held with a decision and a follow-up task, then reads the county's
// requirements board, where every principal has its status in words.
func TestNetworkPages(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	nets, _, err := a.svc.Networks(ctx, app.ListFilter{County: "01"})
	if err != nil || len(nets) != 1 {
		t.Fatalf("the demo network: %v %v", nets, err)
	}
	n := nets[0]
	meetings, err := a.svc.Meetings(ctx, n.ID, 2018)
	if err != nil || len(meetings) != 4 || meetings[0].Held() {
		t.Fatalf("the 2018 meetings: %+v %v", meetings, err)
	}
	p := a.newPage(t)
	if status := p.login(adminEmail, adminPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}

	t.Run("record a held meeting with a decision and a task", func(t *testing.T) {
		p.open(fmt.Sprintf("/networks/%d?year=2018", n.ID))
		p.checkAccessible()
		if got := p.text("main dl"); !strings.Contains(got, "Storsthlm") {
			t.Errorf("the network page should name the organisation that runs it: %q", got)
		}
		if status := p.load(chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/meetings/%d/edit"]`, meetings[0].ID)))); status != 200 {
			t.Fatalf("the meeting form: %d", status)
		}
		p.checkAccessible()
		p.do(
			chromedp.SetValue(chromedp.ID("f-held_on"), "2018-02-16"),
			chromedp.Click(chromedp.ID("p-0180")),
			chromedp.Click(chromedp.ID("p-01")),
			chromedp.SendKeys(chromedp.ID("f-decisions"), "Länsgemensam uppföljning av handlingsplanerna"),
			chromedp.SendKeys(chromedp.ID("f-task_description"), "Sammanställa kommunernas uppföljningar"),
			chromedp.SetValue(chromedp.ID("f-task_owner"), "0180"),
			chromedp.SetValue(chromedp.ID("f-task_due"), "2018-04-30"),
		)
		if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 {
			t.Fatalf("saving the meeting: %d at %s", status, p.path())
		}
		if got := p.text("#meetings-table"); !strings.Contains(got, "2018-02-16") || !strings.Contains(got, "Länsgemensam uppföljning av handlingsplanerna") {
			t.Errorf("the meetings table does not show the held meeting: %q", got)
		}
		if got := p.text("#tasks"); !strings.Contains(got, "Sammanställa kommunernas uppföljningar") {
			t.Errorf("the task is not listed: %q", got)
		}
		p.checkAccessible()
		m, err := a.svc.Meetings(ctx, n.ID, 2018)
		if err != nil || m[0].HeldOn != "2018-02-16" || len(m[0].Participants) != 2 || len(m[0].Decisions) != 1 {
			t.Errorf("stored meeting: %+v %v", m[0], err)
		}
		tasks, _, err := a.svc.Tasks(ctx, app.TaskFilter{NetworkID: n.ID, ListFilter: app.ListFilter{OrgCode: "0180", Status: string(grant.TaskOpen)}})
		if err != nil || len(tasks) != 1 || tasks[0].MeetingID != m[0].ID {
			t.Errorf("stored task: %+v %v", tasks, err)
		}
	})

	t.Run("a task without an owner is refused and nothing is saved", func(t *testing.T) {
		p.open(fmt.Sprintf("/meetings/%d/edit", meetings[1].ID))
		p.do(
			chromedp.SetValue(chromedp.ID("f-held_on"), "2018-05-15"),
			chromedp.SendKeys(chromedp.ID("f-task_description"), "Utan ägare"),
		)
		if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 422 {
			t.Fatalf("saving without an owner: %d, want 422", status)
		}
		if msg := p.text("#f-task_owner-msg"); msg == "" {
			t.Error("the owner field has no message")
		}
		p.checkAccessible()
		if m, err := a.svc.Meetings(ctx, n.ID, 2018); err != nil || m[1].Held() {
			t.Errorf("a refused form recorded the meeting: %+v %v", m[1], err)
		}
	})

	t.Run("open tasks by owner, overdue first", func(t *testing.T) {
		p.open("/networks")
		p.checkAccessible()
		first := p.text("#open-tasks tbody tr")
		if !strings.Contains(first, "Lämna synpunkter") || !strings.Contains(first, "försenad") {
			t.Errorf("the first open task is %q, want the demo's overdue one", first)
		}
		p.open("/networks?owner=0180")
		if got := p.text("#open-tasks tbody"); !strings.Contains(got, "Sammanställa kommunernas uppföljningar") || strings.Contains(got, "Lämna synpunkter") {
			t.Errorf("Stockholm's open tasks: %q", got)
		}
	})

	t.Run("requirements board of Stockholm county", func(t *testing.T) {
		if status := p.open("/counties/01/requirements?year=2017"); status != 200 {
			t.Fatalf("board: %d", status)
		}
		p.checkAccessible()
		rows := eval[int](p, `document.querySelectorAll("#board tbody tr").length`)
		if rows != 27 {
			t.Errorf("the board has %d rows, want 26 municipalities and the region", rows)
		}
		// Every cell says its status in words.
		empty := eval[int](p, `[...document.querySelectorAll("#board tbody td")].filter(td => td.innerText.trim() === "").length`)
		if empty != 0 {
			t.Errorf("%d cells of the board have no text", empty)
		}
		if got := p.text("#board tbody"); !strings.Contains(got, "försenat") && !strings.Contains(got, "overdue") {
			t.Errorf("no overdue principal in 2017's board: %q", got[:min(len(got), 300)])
		}
		if got := p.text("#joint"); !strings.Contains(got, "Storsthlm") {
			t.Errorf("the joint set-aside is not shown: %q", got)
		}
		// The matrix downloads as CSV: a header and a row per principal.
		csv := get(p, chromedp.Evaluate[string](`fetch("/counties/01/requirements?year=2017&format=csv").then(r => r.text())`, chromedp.EvalAwaitPromise))
		if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 28 || !strings.Contains(csv, "Region Stockholm") || !strings.Contains(csv, "försenat") {
			t.Errorf("CSV export: %d lines: %.300s", len(lines), csv)
		}
	})
}

// TestNetworkFormPages: an administrator starts a network with members in
// the browser, then edits it, removing one member and adding another; the
// network page names the members. A refused form keeps what was typed.
func TestNetworkFormPages(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	p := a.newPage(t)
	if status := p.login(adminEmail, adminPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	submit := chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))

	p.open("/networks")
	if status := p.load(chromedp.Click(chromedp.CSS(`a[href="/networks/new"]`))); status != 200 {
		t.Fatalf("the new network form: %d", status)
	}
	p.checkAccessible()
	p.do(
		chromedp.SendKeys(chromedp.ID("f-name"), "Samordnarnätverket i Kronoberg"),
		chromedp.SetValue(chromedp.ID("f-run_by"), "07"),
		chromedp.SetValue(chromedp.ID("f-county"), "07"),
		chromedp.SetValue(chromedp.ID("f-meetings_per_year"), "13"),
		chromedp.SendKeys(chromedp.ID("f-m0-org"), "0764"),
		chromedp.SendKeys(chromedp.ID("f-m0-person"), "Eva Lind"),
		chromedp.SendKeys(chromedp.ID("f-m0-role"), "samordnare"),
		chromedp.SendKeys(chromedp.ID("f-m1-org"), "0780"),
	)
	if status := p.load(submit); status != 422 {
		t.Fatalf("13 meetings a year: %d, want 422", status)
	}
	if msg := p.text("#f-meetings_per_year-msg"); msg == "" {
		t.Error("no message beside meetings per year")
	}
	if got := eval[string](p, `document.getElementById("f-m0-person").value`); got != "Eva Lind" {
		t.Errorf("the refused form lost the representative: %q", got)
	}
	p.checkAccessible()
	if _, total, _ := a.svc.Networks(ctx, app.ListFilter{County: "07"}); total != 0 {
		t.Fatalf("a refused form saved a network")
	}

	p.do(chromedp.SetValue(chromedp.ID("f-meetings_per_year"), "4"))
	if status := p.load(submit); status != 200 || !strings.HasPrefix(p.path(), "/networks/") {
		t.Fatalf("saving the network: %d at %s", status, p.path())
	}
	if got := p.text("#members tbody"); !strings.Contains(got, "Alvesta") || !strings.Contains(got, "Växjö") || !strings.Contains(got, "Eva Lind") {
		t.Errorf("the network page does not name the members: %q", got)
	}
	p.checkAccessible()

	if status := p.load(chromedp.Click(chromedp.CSS(`a[href$="/edit"]`))); status != 200 {
		t.Fatalf("the edit form: %d", status)
	}
	p.checkAccessible()
	p.do(
		chromedp.Clear(chromedp.ID("f-m1-org")), // Växjö leaves
		chromedp.SendKeys(chromedp.ID("f-m3-org"), "0765"),
		chromedp.SendKeys(chromedp.ID("f-m3-person"), "Per Holm"),
	)
	if status := p.load(submit); status != 200 {
		t.Fatalf("saving the edit: %d at %s", status, p.path())
	}
	got := p.text("#members tbody")
	if !strings.Contains(got, "Alvesta") || !strings.Contains(got, "Älmhult") || !strings.Contains(got, "Per Holm") || strings.Contains(got, "Växjö") {
		t.Errorf("after the edit the members are %q, want Alvesta and Älmhult", got)
	}
	nets, _, err := a.svc.Networks(ctx, app.ListFilter{County: "07"})
	if err != nil || len(nets) != 1 {
		t.Fatalf("stored: %+v %v", nets, err)
	}
	if n, err := a.svc.Network(ctx, nets[0].ID); err != nil || n.Version != 2 || len(n.Members) != 2 {
		t.Errorf("stored: %+v %v", n, err)
	}
}
