package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/grant"
)

// TestKoladaPages: the demo plan of Växjö shows the imported key figure
// beside its follow-up, and a file uploaded on /kolada adds a year to it.
func TestKoladaPages(t *testing.T) {
	a := startBrowserApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("browsertest"))
	plans, _, err := a.svc.ActionPlans(ctx, app.ListFilter{OrgCode: "0780"})
	if err != nil || len(plans) != 1 {
		t.Fatalf("Växjö's demo plan: %v, %v", plans, err)
	}
	planPath := fmt.Sprintf("/plans/%d", plans[0].ID)
	p := a.newPage(t)
	if status := p.login("admin@demo.anslag.se", demo.Password); status != 200 {
		t.Fatalf("login: %d", status)
	}

	t.Run("the plan shows the trend", func(t *testing.T) {
		p.t = t
		if status := p.open(planPath + "?lang=sv"); status != 200 {
			t.Fatalf("plan: %d", status)
		}
		p.checkAccessible()
		table := p.text("#trend-1 table")
		for _, want := range []string{"2015", "14.8", "2018", "13.6", "13.6", "pågår", "2019", "13.2", "målvärde 12"} {
			if !strings.Contains(table, want) {
				t.Errorf("the trend table lacks %q:\n%s", want, table)
			}
		}
		if n := eval[int](p, `document.querySelectorAll("#trend-1 svg circle").length`); n != 5 {
			t.Errorf("%d points in the chart, want 5 (2015–2019)", n)
		}
		if n := eval[int](p, `document.querySelectorAll("#trend-1 svg line").length`); n != 1 {
			t.Errorf("%d target lines, want 1", n)
		}
	})

	t.Run("a committee's plan follows its region", func(t *testing.T) {
		p.t = t
		target := 13.0
		first := 0
		plan, err := a.svc.CreateActionPlan(ctx, grant.ActionPlan{OwnerOrg: "07-hsn", Title: "Nämndens plan", FromYear: 2019, ToYear: 2020,
			Indicators: []grant.Indicator{{Name: "Välbefinnande", KoladaKPI: demo.DemoKPI, Target: &target}},
			FollowUps:  []grant.FollowUp{{Year: 2019, IndicatorIndex: &first, Status: grant.FollowUpDone, Value: &target}}})
		if err != nil {
			t.Fatal(err)
		}
		p.open(fmt.Sprintf("/plans/%d?lang=en", plan.ID))
		p.checkAccessible()
		if got := p.text("#kolada-trends + p"); !strings.Contains(got, "Region Kronoberg (07)") {
			t.Errorf("the figures are not Region Kronoberg's: %q", got)
		}
		table := p.text("#trend-1 table")
		for _, want := range []string{"2015", "15.3", "2019", "14", "13", "done"} {
			if !strings.Contains(table, want) {
				t.Errorf("the trend table lacks %q:\n%s", want, table)
			}
		}
	})

	t.Run("an upload adds a year", func(t *testing.T) {
		p.t = t
		if status := p.open("/kolada?lang=en"); status != 200 {
			t.Fatalf("kolada page: %d", status)
		}
		p.checkAccessible()
		if rows := eval[int](p, `document.querySelectorAll("#kolada-imports tbody tr").length`); rows != 1 {
			t.Errorf("%d imports listed before the upload, want the demo's 1", rows)
		}
		file := filepath.Join(t.TempDir(), "vaxjo-2020.json")
		body := `{"count":1,"values":[{"kpi":"N17473","municipality":"0780","period":2020,"values":[{"gender":"T","count":1,"status":"","value":12.9}]}],"next_page":null}`
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		// A bad value is refused with its place, and nothing is stored.
		bad := filepath.Join(t.TempDir(), "bad.json")
		if err := os.WriteFile(bad, []byte(strings.Replace(body, "12.9", `"tolv"`, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.SetUploadFiles(chromedp.ID("f-files"), []string{bad}))
		if status := p.load(chromedp.Click(`form[action="/kolada"] button[type=submit]`)); status != 400 {
			t.Fatalf("bad upload: %d", status)
		}
		if got := p.text(".error"); !strings.Contains(got, `bad.json: values[0].values[0].value "tolv": expected a number or null`) {
			t.Errorf("the refusal reads %q", got)
		}
		p.checkAccessible()
		p.do(chromedp.SetUploadFiles(chromedp.ID("f-files"), []string{file}))
		if status := p.load(chromedp.Click(`form[action="/kolada"] button[type=submit]`)); status != 200 {
			t.Fatalf("upload: %d: %s", status, p.text("main"))
		}
		if got := p.text("#kolada-done"); !strings.Contains(got, "Imported 1 values") {
			t.Errorf("after the upload: %q", got)
		}
		if rows := eval[int](p, `document.querySelectorAll("#kolada-imports tbody tr").length`); rows != 2 {
			t.Errorf("%d imports listed, want 2", rows)
		}
		p.checkAccessible()
		p.open(planPath)
		if table := p.text("#trend-1 table"); !strings.Contains(table, "2020") || !strings.Contains(table, "12.9") {
			t.Errorf("the plan does not show 2020:\n%s", table)
		}
		if n := eval[int](p, `document.querySelectorAll("#trend-1 svg circle").length`); n != 6 {
			t.Errorf("%d points after the upload, want 6", n)
		}
	})
}
