package app_test

import (
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const testPassword = "correct horse battery staple"

func (f *fixture) addUser(t *testing.T, email string, roles ...grant.Role) grant.User {
	t.Helper()
	u, err := f.svc.AddUser(f.ctx, grant.User{Email: email, Name: "Test Person", Roles: roles}, testPassword)
	if err != nil {
		t.Fatalf("add %s: %v", email, err)
	}
	return u
}

// auditClean fails the test if any audit entry holds a password hash or
// one of the given secrets.
func (f *fixture) auditClean(t *testing.T, secrets ...string) []grant.AuditEntry {
	t.Helper()
	entries, _, err := f.svc.Audit(f.ctx, app.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		for _, bad := range append([]string{"argon2", "password_hash"}, secrets...) {
			if strings.Contains(e.Before+e.After+e.EntityID, bad) {
				t.Errorf("audit %s %s %s holds %q: %s %s", e.Action, e.Entity, e.EntityID, bad, e.Before, e.After)
			}
		}
	}
	return entries
}

func TestAddUser(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		u := f.addUser(t, " Anna.Berg@Region.SE ", grant.Role{Kind: grant.RoleAdmin}, grant.Role{Kind: grant.RoleCoordinator, OrgCode: "0180"})
		if u.ID == 0 || u.Email != "anna.berg@region.se" || u.Version != 1 || u.CreatedAt == "" {
			t.Fatalf("added %+v", u)
		}
		got, err := f.svc.UserByEmail(f.ctx, "ANNA.berg@region.se")
		if err != nil || got.ID != u.ID || len(got.Roles) != 2 || got.Roles[0].Kind != grant.RoleAdmin || got.Roles[1].OrgCode != "0180" {
			t.Fatalf("read back %+v, %v", got, err)
		}
		for _, tc := range []struct {
			name, email, password string
			roles                 []grant.Role
			code, field           string
		}{
			{"duplicate", "anna.berg@REGION.se", testPassword, nil, grant.ECONFLICT, "email"},
			{"bad email", "anna", testPassword, nil, grant.EINVALID, "email"},
			{"short password", "b@region.se", "short", nil, grant.EINVALID, "password"},
			{"password is email", "bertil.nilsson@region.se", "bertil.nilsson@region.se", nil, grant.EINVALID, "password"},
			{"coordinator without org", "c@region.se", testPassword, []grant.Role{{Kind: grant.RoleCoordinator}}, grant.EINVALID, "role"},
			{"coordinator of unknown org", "c@region.se", testPassword, []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "9999"}}, grant.EINVALID, "role"},
			{"admin with org", "c@region.se", testPassword, []grant.Role{{Kind: grant.RoleAdmin, OrgCode: "0180"}}, grant.EINVALID, "role"},
			{"unknown role", "c@region.se", testPassword, []grant.Role{{Kind: "root"}}, grant.EINVALID, "role"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.svc.AddUser(f.ctx, grant.User{Email: tc.email, Name: "X", Roles: tc.roles}, tc.password)
				e, ok := err.(*grant.Error)
				if !ok || e.Code != tc.code || e.Field != tc.field || e.Swedish == "" {
					t.Fatalf("got %#v, want %s on %s", err, tc.code, tc.field)
				}
			})
		}
		list, total, err := f.svc.Users(f.ctx, app.ListFilter{})
		if err != nil || total != 1 || len(list) != 1 {
			t.Fatalf("users after rejected adds: %d %v", total, err)
		}
		f.auditClean(t)
	})
}

func TestRoles(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.addUser(t, "eva@kommun.se")
		coord := grant.Role{Kind: grant.RoleCoordinator, OrgCode: "0180"}
		if err := f.svc.GrantRole(f.ctx, "eva@kommun.se", coord); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.GrantRole(f.ctx, "eva@kommun.se", grant.Role{Kind: grant.RoleAuditor}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.GrantRole(f.ctx, "eva@kommun.se", coord); code(err) != grant.ECONFLICT {
			t.Fatalf("granted twice: %v", err)
		}
		if err := f.svc.GrantRole(f.ctx, "eva@kommun.se", grant.Role{Kind: grant.RoleCoordinator, OrgCode: "nope"}); code(err) != grant.EINVALID {
			t.Fatalf("unknown org: %v", err)
		}
		if err := f.svc.GrantRole(f.ctx, "nobody@kommun.se", coord); code(err) != grant.ENOTFOUND {
			t.Fatalf("unknown user: %v", err)
		}
		u, _ := f.svc.UserByEmail(f.ctx, "eva@kommun.se")
		if len(u.Roles) != 2 || u.Version != 3 {
			t.Fatalf("after grants %+v", u)
		}
		if err := f.svc.RevokeRole(f.ctx, "eva@kommun.se", coord); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RevokeRole(f.ctx, "eva@kommun.se", coord); code(err) != grant.ENOTFOUND {
			t.Fatalf("revoked twice: %v", err)
		}
		u, _ = f.svc.UserByEmail(f.ctx, "eva@kommun.se")
		if len(u.Roles) != 1 || u.Roles[0].Kind != grant.RoleAuditor {
			t.Fatalf("after revoke %+v", u.Roles)
		}
		entries := f.auditClean(t)
		if entries[0].Action != "revoke_role" || !strings.Contains(entries[0].Before, "0180") || strings.Contains(entries[0].After, "0180") {
			t.Fatalf("last audit %+v", entries[0])
		}
	})
}
