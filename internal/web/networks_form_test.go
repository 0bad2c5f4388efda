package web_test

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/grant"
)

// pageClient sends requests to the whole application as one user.
type pageClient struct {
	t      *testing.T
	h      http.Handler
	cookie *http.Cookie // nil: the public
}

func (c pageClient) do(method, path string, form url.Values) (int, string, http.Header) {
	c.t.Helper()
	var req *http.Request
	if form == nil {
		req = httptest.NewRequest(method, path, nil)
	} else {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.cookie != nil {
		req.AddCookie(c.cookie)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	b, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return rec.Code, html.UnescapeString(string(b)), rec.Result().Header
}

// demoNetwork is the demo's coordinator network of Stockholm county.
func demoNetwork(t *testing.T, svc *app.Service) grant.Network {
	t.Helper()
	ctx := app.WithActor(t.Context(), app.Operator("formtest"))
	nets, _, err := svc.Networks(ctx, app.ListFilter{County: "01"})
	if err != nil || len(nets) != 1 {
		t.Fatalf("the demo network: %v %v", nets, err)
	}
	n, err := svc.Network(ctx, nets[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// inputValue is the value of the form's input named name, "" if none.
func inputValue(body, name string) string {
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `"[^>]*value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestNetworkForm creates and edits a network through the pages' forms: a
// refused form shows the user's input again with the message beside the
// field and saves nothing; a stale edit shows the current network with a
// notice instead of overwriting it; a blank member row removes the member.
func TestNetworkForm(t *testing.T) {
	h, svc := newApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("formtest"))
	admin := pageClient{t, h, adminCookie(t, svc)}
	count := func() int {
		t.Helper()
		_, total, err := svc.Networks(ctx, app.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	before := count()

	t.Run("the list links to the form for those who may start a network", func(t *testing.T) {
		if code, body, _ := admin.do("GET", "/networks", nil); code != 200 || !strings.Contains(body, `href="/networks/new"`) {
			t.Errorf("the administrator's list (%d) has no link to the form", code)
		}
		public := pageClient{t, h, nil}
		if _, body, _ := public.do("GET", "/networks", nil); strings.Contains(body, `href="/networks/new"`) {
			t.Error("the public is offered the form")
		}
		if code, _, _ := public.do("GET", "/networks/new", nil); code == 200 {
			t.Error("the public is served the form")
		}
		if code, body, _ := admin.do("GET", "/networks/new", nil); code != 200 || inputValue(body, "rows") != "8" || !strings.Contains(body, `id="f-m7-org"`) {
			t.Errorf("the new form (%d) should offer 8 member rows", code)
		}
	})

	t.Run("a refused form keeps the input and saves nothing", func(t *testing.T) {
		for _, c := range []struct {
			name  string
			edit  func(url.Values)
			field string // the field whose message is shown
		}{
			{"no name", func(v url.Values) { v.Set("name", " ") }, "name"},
			{"meetings per year", func(v url.Values) { v.Set("meetings_per_year", "13") }, "meetings_per_year"},
			{"an unknown member in the third row", func(v url.Values) { v.Set("m2-org", "9999") }, "m2-org"},
			{"a member twice", func(v url.Values) { v.Set("m3-org", "0180") }, "m3-org"},
		} {
			t.Run(c.name, func(t *testing.T) {
				v := url.Values{"name": {"Nätverket i Kronoberg"}, "run_by": {"07"}, "county": {"07"}, "meetings_per_year": {"4"},
					"rows": {"4"}, "m0-org": {"0180"}, "m0-person": {"Anna Ek"}, "m0-role": {"samordnare"}}
				c.edit(v)
				code, body, _ := admin.do("POST", "/networks/new", v)
				if code != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", code)
				}
				if !regexp.MustCompile(`id="f-` + c.field + `-msg" class="field-error">[^<]+<`).MatchString(body) {
					t.Errorf("no message beside %s", c.field)
				}
				if !strings.Contains(body, `id="f-`+c.field+`" name="`+c.field+`"`) || !strings.Contains(body, `aria-describedby="f-`+c.field+`-msg"`) {
					t.Errorf("%s is not tied to its message", c.field)
				}
				for _, name := range []string{"m0-org", "m0-person", "m0-role"} {
					if got := inputValue(body, name); got != v.Get(name) {
						t.Errorf("%s shows %q, the user typed %q", name, got, v.Get(name))
					}
				}
				if got := inputValue(body, "rows"); got != "4" {
					t.Errorf("the form has %s rows again, want the 4 posted", got)
				}
			})
		}
		if count() != before {
			t.Error("a refused form saved a network")
		}
	})

	var id int64
	t.Run("create with members", func(t *testing.T) {
		v := url.Values{"name": {"Nätverket i Kronoberg"}, "run_by": {"07"}, "county": {"07"}, "meetings_per_year": {"2"}, "rows": {"4"},
			"m0-org": {"0764"}, "m0-person": {"Anna Ek"}, "m0-role": {"samordnare"}, "m2-org": {"0780"}}
		code, _, hdr := admin.do("POST", "/networks/new", v)
		if code != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", code)
		}
		if _, err := fmt.Sscanf(hdr.Get("Location"), "/networks/%d", &id); err != nil {
			t.Fatalf("redirect to %q", hdr.Get("Location"))
		}
		n, err := svc.Network(ctx, id)
		if err != nil || n.Name != "Nätverket i Kronoberg" || n.MeetingsPerYear != 2 || len(n.Members) != 2 ||
			n.Members[0] != (grant.NetworkMember{OrgCode: "0764", OrgName: n.Members[0].OrgName, Person: "Anna Ek", Role: "samordnare"}) || n.Members[1].OrgCode != "0780" {
			t.Errorf("stored %+v %v", n, err)
		}
	})

	t.Run("the network page links to the form, which holds the network", func(t *testing.T) {
		_, body, _ := admin.do("GET", fmt.Sprintf("/networks/%d", id), nil)
		if !strings.Contains(body, fmt.Sprintf(`href="/networks/%d/edit"`, id)) {
			t.Error("no link to the edit form")
		}
		code, body, _ := admin.do("GET", fmt.Sprintf("/networks/%d/edit", id), nil)
		if code != 200 || inputValue(body, "version") != "1" || inputValue(body, "m1-org") != "0780" || inputValue(body, "rows") != "6" {
			t.Errorf("the edit form (%d): version %q, m1-org %q, %s rows", code, inputValue(body, "version"), inputValue(body, "m1-org"), inputValue(body, "rows"))
		}
	})

	t.Run("a stale edit shows the current network and a notice", func(t *testing.T) {
		n, err := svc.Network(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		n.Name = "Samordnarnätverket i Kronoberg"
		if _, err := svc.UpdateNetwork(ctx, n); err != nil { // someone else saves first
			t.Fatal(err)
		}
		v := url.Values{"version": {"1"}, "name": {"Mitt namn"}, "run_by": {"07"}, "county": {"07"}, "meetings_per_year": {"2"}, "rows": {"1"},
			"m0-org": {"0764"}}
		code, body, _ := admin.do("POST", fmt.Sprintf("/networks/%d/edit", id), v)
		if code != http.StatusConflict {
			t.Fatalf("status %d, want 409", code)
		}
		if !strings.Contains(body, `role="alert">Någon annan ändrade`) {
			t.Error("no notice that someone else changed the network")
		}
		if inputValue(body, "name") != "Samordnarnätverket i Kronoberg" || inputValue(body, "version") != "2" || inputValue(body, "m1-org") != "0780" {
			t.Errorf("the form does not show the current network: name %q, version %q", inputValue(body, "name"), inputValue(body, "version"))
		}
		if got, _ := svc.Network(ctx, id); got.Name != "Samordnarnätverket i Kronoberg" || got.Version != 2 || len(got.Members) != 2 {
			t.Errorf("the stale edit changed the network: %+v", got)
		}
	})

	t.Run("edit: a blank row removes a member, a filled one adds one", func(t *testing.T) {
		v := url.Values{"version": {"2"}, "name": {"Samordnarnätverket i Kronoberg"}, "run_by": {"07"}, "county": {"07"}, "meetings_per_year": {"4"},
			"rows": {"6"}, "m0-org": {"0764"}, "m0-person": {"Anna Ek"}, "m1-org": {""}, "m4-org": {"0765"}, "m4-role": {"samordnare"}}
		if code, _, _ := admin.do("POST", fmt.Sprintf("/networks/%d/edit", id), v); code != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", code)
		}
		n, err := svc.Network(ctx, id)
		if err != nil || n.Version != 3 || n.MeetingsPerYear != 4 || len(n.Members) != 2 || n.Members[0].OrgCode != "0764" || n.Members[1].OrgCode != "0765" {
			t.Errorf("stored %+v %v", n, err)
		}
	})

	t.Run("the public may not edit", func(t *testing.T) {
		n := demoNetwork(t, svc)
		code, body, _ := admin.do("GET", fmt.Sprintf("/networks/%d/edit", n.ID), nil)
		if code != 200 || inputValue(body, "m0-org") != n.Members[0].OrgCode {
			t.Fatalf("the administrator's form of the demo network: %d", code)
		}
		code, _, _ = pageClient{t, h, nil}.do("POST", fmt.Sprintf("/networks/%d/edit", n.ID), url.Values{"version": {"1"}, "name": {"x"}})
		if code == http.StatusSeeOther || code == 200 {
			t.Errorf("the public may post the form: %d", code)
		}
		if got := demoNetwork(t, svc); got.Name != n.Name || got.Version != n.Version {
			t.Errorf("the public changed the network: %+v", got)
		}
	})
}

// TestNetworkFormCoordinator: a coordinator may start a network that their
// organisation runs; naming another organisation as the runner is refused
// beside that field, with the input kept.
func TestNetworkFormCoordinator(t *testing.T) {
	h, svc := newApp(t)
	token, _, err := svc.Login(t.Context(), "vaxjo@demo.anslag.se", demo.Password, "192.0.2.11")
	if err != nil {
		t.Fatal(err)
	}
	vaxjo := pageClient{t, h, &http.Cookie{Name: auth.SessionCookie, Value: token}}
	if code, body, _ := vaxjo.do("GET", "/networks/new", nil); code != 200 || inputValue(body, "run_by") != "0780" {
		t.Errorf("the form (%d) should have Växjö run the network, not %q", code, inputValue(body, "run_by"))
	}
	v := url.Values{"name": {"Växjönätverket"}, "run_by": {"07"}, "meetings_per_year": {"4"}, "rows": {"2"}, "m0-org": {"0764"}}
	code, body, _ := vaxjo.do("POST", "/networks/new", v)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-run_by-msg" class="field-error"`) || inputValue(body, "m0-org") != "0764" {
		t.Errorf("a network run by the region (%d): no message beside run_by, or the input lost", code)
	}
	v.Set("run_by", "0780")
	if code, _, _ := vaxjo.do("POST", "/networks/new", v); code != http.StatusSeeOther {
		t.Errorf("a network run by Växjö: %d, want 303", code)
	}
	n := demoNetwork(t, svc)
	if _, body, _ := vaxjo.do("GET", fmt.Sprintf("/networks/%d", n.ID), nil); strings.Contains(body, fmt.Sprintf(`href="/networks/%d/edit"`, n.ID)) {
		t.Error("Växjö's coordinator is offered to edit Storsthlm's network")
	}
	if code, _, _ := vaxjo.do("GET", fmt.Sprintf("/networks/%d/edit", n.ID), nil); code != http.StatusForbidden {
		t.Errorf("Växjö's coordinator gets Storsthlm's edit form: %d, want 403", code)
	}
}

// TestNetworkYearByClock: the network page and the requirements board
// default to the service's year, not the machine's.
func TestNetworkYearByClock(t *testing.T) {
	h, svc := newAppAt(t, func() time.Time { return time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC) })
	n := demoNetwork(t, svc)
	public := pageClient{t, h, nil}
	if code, body, _ := public.do("GET", fmt.Sprintf("/networks/%d?lang=en", n.ID), nil); code != 200 || !strings.Contains(body, "<h2>Meetings 2017</h2>") {
		t.Errorf("the network page (%d) does not show 2017's meetings: %s", code, regexp.MustCompile(`<h2>Meetings [0-9]*`).FindString(body))
	}
	admin := pageClient{t, h, adminCookie(t, svc)}
	if code, body, _ := admin.do("GET", "/counties/01/requirements", nil); code != 200 || inputValue(body, "year") != "2017" {
		t.Errorf("the board (%d) shows year %q, want 2017", code, inputValue(body, "year"))
	}
}
