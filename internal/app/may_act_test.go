package app_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func TestMayActFor(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		coord := app.WithActor(context.Background(), app.Actor{User: "vaxjo@example.se", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}})
		auditor := app.WithActor(context.Background(), app.Actor{User: "revisor@example.se", Roles: []grant.Role{{Kind: grant.RoleAuditor}}})
		public := app.WithActor(context.Background(), app.PublicActor())
		for _, c := range []struct {
			name string
			ctx  context.Context
			org  string
			want string
		}{
			{"admin", f.ctx, "0180", ""},
			{"own coordinator", coord, "0780", ""},
			{"foreign coordinator", coord, "0180", grant.EFORBIDDEN},
			{"auditor", auditor, "0780", grant.EFORBIDDEN},
			{"public", public, "0780", grant.EUNAUTHORIZED},
		} {
			if got := code(f.svc.MayActFor(c.ctx, c.org)); got != c.want {
				t.Errorf("%s for %s: %q, want %q", c.name, c.org, got, c.want)
			}
		}
	})
}
