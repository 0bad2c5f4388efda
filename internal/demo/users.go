package demo

import (
	"fmt"

	"github.com/anslag/anslag/internal/grant"
)

// Password is the password of every demo account. The accounts exist only
// in a database the demo was loaded into, which is for trying anslag out.
const Password = "prova anslag 2017"

// Users are the demo's accounts, one per kind of user: the administrator
// who runs the programme, Region Kronoberg's and Växjö's coordinators, and
// an auditor.
func Users() []grant.User {
	return []grant.User{
		{Email: "admin@demo.anslag.se", Name: "Ada Administratör", Roles: []grant.Role{{Kind: grant.RoleAdmin}}},
		{Email: "kronoberg@demo.anslag.se", Name: "Karin Samordnare", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "07"}}},
		{Email: "vaxjo@demo.anslag.se", Name: "Viktor Samordnare", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}},
		{Email: "revisor@demo.anslag.se", Name: "Rut Revisor", Roles: []grant.Role{{Kind: grant.RoleAuditor}}},
	}
}

// users adds the demo's accounts.
func (l *loader) users() error {
	svc := l.on("2017-03-01")
	for _, u := range Users() {
		if _, err := svc.AddUser(l.ctx, u, Password); err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
	}
	return nil
}
