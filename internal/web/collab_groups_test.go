package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/app"
)

// TestGroupFormStale: a group saved from a form read before someone else's
// change answers 409, as the other edit forms do, shows the current values
// with the notice, and changes nothing.
func TestGroupFormStale(t *testing.T) {
	h, svc := newApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("formtest"))
	groups, _, err := svc.Groups(ctx, app.CollabFilter{})
	if err != nil || len(groups) == 0 {
		t.Fatalf("the demo's groups: %d, %v", len(groups), err)
	}
	g, err := svc.Group(ctx, groups[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	admin := pageClient{t, h, adminCookie(t, svc)}
	path := fmt.Sprintf("/groups/%d/edit?lang=sv", g.ID)
	code, body, _ := admin.do("GET", path, nil)
	if code != 200 || inputValue(body, "version") != strconv.FormatInt(g.Version, 10) {
		t.Fatalf("the edit form (%d) does not carry version %d", code, g.Version)
	}
	form := map[string][]string{"kind": {string(g.Kind)}, "name": {"Ett nytt namn"}, "org_code": {g.OrgCode},
		"county_code": {g.CountyCode}, "version": {strconv.FormatInt(g.Version-1, 10)}}
	for i, m := range g.Members {
		k := fmt.Sprintf("m%d", i)
		form[k+"-role"], form[k+"-org"], form[k+"-name"] = []string{string(m.Role)}, []string{m.OrgCode}, []string{m.PersonName}
	}
	code, body, _ = admin.do("POST", path, form)
	if code != 409 || !strings.Contains(body, "Någon annan ändrade detta") || inputValue(body, "name") != g.Name {
		t.Errorf("a stale save answered %d, name %q; want 409, the notice and the current name %q", code, inputValue(body, "name"), g.Name)
	}
	after, err := svc.Group(ctx, g.ID)
	if err != nil || after.Name != g.Name || after.Version != g.Version {
		t.Errorf("the stale save changed the group: %+v, %v", after, err)
	}
}
