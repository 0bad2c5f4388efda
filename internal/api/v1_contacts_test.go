package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func TestV1Contacts(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		in := api.ContactIn{Name: "Sara Nilsson", Email: " Sara.Nilsson@Vaxjo.example ", Phone: "0470-410 00", Role: "Samordnare", Requirements: true}
		before := e.fingerprint()
		r := e.do("POST", "/api/v1/organisations/0780/contacts", in, "Idempotency-Key", "sara")
		var c api.Contact
		if r.JSON(t, &c); r.Status != 201 || c.Version != 1 || c.Email != "sara.nilsson@vaxjo.example" || c.Programme != grant.DefaultProgramme || c.OrgCode != "0780" {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("a create wrote %d audit entries", after[0]-before[0])
		}
		other := api.ContactIn{Name: "Per Persson", Email: "per@vaxjo.example"}
		if r := e.do("POST", "/api/v1/organisations/0780/contacts", other); r.Status != 201 {
			t.Fatalf("second contact: %d %s", r.Status, r.Body)
		}
		var list []api.Contact
		r = e.do("GET", "/api/v1/organisations/0780/contacts", nil)
		if r.JSON(t, &list); r.Status != 200 || len(list) != 2 || list[0].Name != "Sara Nilsson" {
			t.Fatalf("list (requirements first): %d %s", r.Status, r.Body)
		}
		// Personal data: the public gets neither the list nor one contact.
		e.problem(e.do("GET", "/api/v1/organisations/0780/contacts", nil, "Authorization", ""), 401, "")
		e.problem(e.do("GET", fmt.Sprintf("/api/v1/contacts/%d", c.ID), nil, "Authorization", ""), 401, "")

		path := fmt.Sprintf("/api/v1/contacts/%d", c.ID)
		in.Role = "Strateg"
		before = e.fingerprint()
		e.problem(e.bad("PUT", path, in), 428, "If-Match")
		e.problem(e.do("PUT", path, in, "If-Match", `"v2"`), 412, "")
		rqRefused(t, e, []rqBad{
			{"POST", "/api/v1/organisations/0780/contacts", api.ContactIn{Name: "X", Email: "inte-en-adress"}, 400, "email", nil},
			{"POST", "/api/v1/organisations/0780/contacts", api.ContactIn{Name: "", Email: "x@vaxjo.example"}, 400, "name", nil},
			{"POST", "/api/v1/organisations/0780/contacts", api.ContactIn{Name: "X", Email: "x@vaxjo.example", Phone: "ring mig"}, 400, "phone", nil},
			{"POST", "/api/v1/organisations/0780/contacts", other, 409, "email", nil},
			{"POST", "/api/v1/organisations/9999/contacts", other, 400, "org_code", nil},
			{"GET", "/api/v1/contacts/999999", nil, 404, "", nil},
			{"PUT", "/api/v1/contacts/999999", in, 404, "", []string{"If-Match", `"v1"`}},
		})
		if after := e.fingerprint(); after != before {
			t.Errorf("refused writes wrote: %v → %v", before, after)
		}
		r = e.do("PUT", path, in, "If-Match", `"v1"`)
		if r.JSON(t, &c); r.Status != 200 || c.Role != "Strateg" || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		e.problem(e.do("DELETE", path, nil, "If-Match", `"v1"`), 412, "")
		if r := e.do("DELETE", path, nil, "If-Match", `"v2"`); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if r := e.do("GET", path, nil); r.Status != 404 {
			t.Errorf("deleted contact: %d", r.Status)
		}
		entries, _, err := e.svc.Audit(e.ctx, app.AuditFilter{Entity: "contact"})
		if err != nil || len(entries) != 4 {
			t.Errorf("audit of contacts: %d entries, %v", len(entries), err)
		}
	})
}

func TestV1Reminders(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		var list api.List[api.Reminder]
		r := e.do("GET", "/api/v1/reminders?status=sent&kind=report&org=0780", nil)
		if r.JSON(t, &list); r.Status != 200 || len(list.Items) != 0 {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		e.problem(e.do("GET", "/api/v1/reminders", nil, "Authorization", ""), 401, "")
		if r := e.bad("GET", "/api/v1/reminders?status=lost", nil); r.Status != 400 || !strings.Contains(string(r.Body), "status") {
			t.Errorf("bad status: %d %s", r.Status, r.Body)
		}
	})
}
