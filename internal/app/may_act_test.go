package app_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// MayActFor answers as the writes do: the admin and the region's
// coordinator (also for its committees) may act; others are refused.
func TestMayActFor(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		localOrgs(t, f, [3]string{"07-hsn", "committee", "07"})
		public := app.WithActor(context.Background(), app.PublicActor())
		auditor := app.WithActor(context.Background(), app.Actor{User: "revisor@example.se", Roles: []grant.Role{{Kind: grant.RoleAuditor}}})
		for _, c := range []struct {
			name string
			ctx  context.Context
			org  string
			want string
		}{
			{"admin", f.ctx, "07", ""},
			{"coordinator", coordinatorOf("k@example.se", "07"), "07", ""},
			{"coordinator of the committee's region", coordinatorOf("k@example.se", "07"), "07-hsn", ""},
			{"another coordinator", coordinatorOf("s@example.se", "01"), "07", grant.EFORBIDDEN},
			{"auditor", auditor, "07", grant.EFORBIDDEN},
			{"public", public, "07", grant.EUNAUTHORIZED},
		} {
			if got := code(f.svc.MayActFor(c.ctx, c.org)); got != c.want {
				t.Errorf("%s for %s: %q, want %q", c.name, c.org, got, c.want)
			}
		}
	})
}

// MayCreateNetwork lets administrators and coordinators start a network
// (the runner is checked on the write), not auditors or the public.
func TestMayCreateNetwork(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		public := app.WithActor(context.Background(), app.PublicActor())
		auditor := app.WithActor(context.Background(), app.Actor{User: "revisor@example.se", Roles: []grant.Role{{Kind: grant.RoleAuditor}}})
		for _, c := range []struct {
			name string
			ctx  context.Context
			want string
		}{
			{"admin", f.ctx, ""},
			{"coordinator", coordinatorOf("k@example.se", "07"), ""},
			{"auditor", auditor, grant.EFORBIDDEN},
			{"public", public, grant.EUNAUTHORIZED},
		} {
			if got := code(f.svc.MayCreateNetwork(c.ctx)); got != c.want {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}
	})
}
