package grant_test

import (
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/grant"
)

func TestNormaliseEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Anna.Berg@Region.SE ", "anna.berg@region.se"},
		{"a@b.se", "a@b.se"},
		{"", ""},
		{"anna", ""},
		{"@region.se", ""},
		{"anna@", ""},
		{"anna@localhost", ""},
		{"anna@@region.se", ""},
		{"an@na@region.se", ""},
		{"anna@.se", ""},
		{"anna@region.", ""},
		{"an na@region.se", ""},
		{strings.Repeat("a", 250) + "@b.se", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := grant.NormaliseEmail(tc.in)
			if got != tc.want || (err == nil) != (tc.want != "") {
				t.Fatalf("NormaliseEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			if err != nil && (grant.ErrorCode(err) != grant.EINVALID || err.(*grant.Error).Field != "email" || err.(*grant.Error).Swedish == "") {
				t.Fatalf("error %#v", err)
			}
		})
	}
}

func TestRoleValidate(t *testing.T) {
	for _, tc := range []struct {
		r  grant.Role
		ok bool
	}{
		{grant.Role{Kind: grant.RoleAdmin}, true},
		{grant.Role{Kind: grant.RoleAuditor}, true},
		{grant.Role{Kind: grant.RoleCoordinator, OrgCode: "0180"}, true},
		{grant.Role{Kind: grant.RoleCoordinator}, false},
		{grant.Role{Kind: grant.RoleAdmin, OrgCode: "0180"}, false},
		{grant.Role{Kind: grant.RoleAuditor, OrgCode: "01"}, false},
		{grant.Role{Kind: "root"}, false},
		{grant.Role{}, false},
	} {
		t.Run(tc.r.String(), func(t *testing.T) {
			if err := tc.r.Validate(); (err == nil) != tc.ok {
				t.Fatalf("Validate(%+v) = %v", tc.r, err)
			}
		})
	}
}

func TestUserValidate(t *testing.T) {
	u := grant.User{Email: " Eva@Kommun.SE", Name: " Eva ", Roles: []grant.Role{{Kind: grant.RoleAdmin}}}
	if err := u.Validate(); err != nil || u.Email != "eva@kommun.se" || u.Name != "Eva" {
		t.Fatalf("%+v, %v", u, err)
	}
	for name, bad := range map[string]grant.User{
		"no name":    {Email: "eva@kommun.se"},
		"bad email":  {Email: "eva", Name: "Eva"},
		"bad role":   {Email: "eva@kommun.se", Name: "Eva", Roles: []grant.Role{{Kind: grant.RoleCoordinator}}},
		"twice role": {Email: "eva@kommun.se", Name: "Eva", Roles: []grant.Role{{Kind: grant.RoleAdmin}, {Kind: grant.RoleAdmin}}},
	} {
		if err := bad.Validate(); grant.ErrorCode(err) != grant.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw, email string
		ok        bool
	}{
		{"correct horse battery", "eva@kommun.se", true},
		{"short", "eva@kommun.se", false},
		{"elevenchars", "eva@kommun.se", false},
		{"twelve chars", "eva@kommun.se", true},
		{"åäöåäöåäöåäö", "eva@kommun.se", true}, // 12 runes, 24 bytes
		{"åäöåäöåäöåä", "eva@kommun.se", false}, // 11 runes, 22 bytes: counts characters, not bytes
		{strings.Repeat("x", 1024), "eva@kommun.se", true},
		{strings.Repeat("x", 1025), "eva@kommun.se", false},
		{"eva@kommun.se", "eva@kommun.se", false},
		{"EVA@kommun.SE", "eva@kommun.se", false},
	} {
		t.Run(tc.pw[:min(len(tc.pw), 20)], func(t *testing.T) {
			err := grant.CheckPassword(tc.pw, tc.email)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckPassword(%q) = %v", tc.pw, err)
			}
			if err != nil && err.(*grant.Error).Field != "password" {
				t.Fatalf("field %q", err.(*grant.Error).Field)
			}
		})
	}
}
