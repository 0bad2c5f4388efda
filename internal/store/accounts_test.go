package store_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// TestAccountConstraints checks what the schema itself enforces, on both
// engines: unique e-mails and roles (with ” standing in for "no
// organisation", which NULL could not), the coordinator rule, unique token
// hashes, and optimistic versions.
func TestAccountConstraints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		write := func(fn func(app.Tx) error) error { return db.Write(ctx, fn) }
		u := grant.User{Email: "a@b.se", Name: "A", CreatedAt: "2017-01-01T00:00:00.000000Z", Roles: []grant.Role{{Kind: grant.RoleAdmin}}}
		if err := write(func(tx app.Tx) error { return tx.InsertUser(ctx, &u, "h") }); err != nil || u.ID == 0 {
			t.Fatalf("insert: %v", err)
		}
		for _, tc := range []struct {
			name string
			fn   func(tx app.Tx) error
			want string
		}{
			{"same e-mail", func(tx app.Tx) error { v := u; return tx.InsertUser(ctx, &v, "h") }, grant.ECONFLICT},
			{"admin twice", func(tx app.Tx) error { return tx.InsertRole(ctx, u.ID, grant.Role{Kind: grant.RoleAdmin}) }, grant.ECONFLICT},
			{"coordinator without org", func(tx app.Tx) error { return tx.InsertRole(ctx, u.ID, grant.Role{Kind: grant.RoleCoordinator}) }, grant.EINVALID},
			{"admin with org", func(tx app.Tx) error {
				return tx.InsertRole(ctx, u.ID, grant.Role{Kind: grant.RoleAuditor, OrgCode: "01"})
			}, grant.EINVALID},
			{"unknown kind", func(tx app.Tx) error { return tx.InsertRole(ctx, u.ID, grant.Role{Kind: "root"}) }, grant.EINVALID},
			{"stale version", func(tx app.Tx) error { _, err := tx.SetPasswordHash(ctx, u.ID, 7, "x"); return err }, grant.EPRECONDITION},
			{"token hash twice", func(tx app.Tx) error {
				k := grant.APIToken{UserID: u.ID, Name: "n", Prefix: "p", CreatedAt: u.CreatedAt}
				if err := tx.InsertAPIToken(ctx, &k, "same"); err != nil {
					return err
				}
				return tx.InsertAPIToken(ctx, &k, "same")
			}, grant.ECONFLICT},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if err := write(tc.fn); grant.ErrorCode(err) != tc.want {
					t.Fatalf("got %v, want %s", err, tc.want)
				}
			})
		}
		var got grant.User
		var n int
		var earliest string
		err := db.Read(ctx, func(tx app.Tx) (err error) {
			if got, err = tx.UserByEmail(ctx, "a@b.se"); err != nil {
				return err
			}
			n, earliest, err = tx.LoginFailures(ctx, "account:a@b.se", "")
			return err
		})
		if err != nil || len(got.Roles) != 1 || got.Version != 1 {
			t.Errorf("after rejected writes: %+v %v", got, err)
		}
		if n != 0 || earliest != "" {
			t.Errorf("no failures: %d %q", n, earliest)
		}
		if err != nil {
			t.Fatal(err)
		}
	})
}
