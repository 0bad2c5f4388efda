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

// Contacts are the contact persons of Region Kronoberg and Växjö for the
// programme, shown on their organisation pages to logged-in users and
// written to by the reminders. The addresses are in a reserved domain.
func Contacts() []grant.Contact {
	return []grant.Contact{
		{OrgCode: "07", Name: "Lena Lindqvist", Email: "lena.lindqvist@kronoberg.example", Phone: "0470-58 30 00",
			Role: "Strateg psykisk hälsa", Requirements: true},
		{OrgCode: "07", Name: "Johan Berg", Email: "johan.berg@kronoberg.example", Role: "Ekonom"},
		{OrgCode: "0780", Name: "Sara Nilsson", Email: "sara.nilsson@vaxjo.example", Phone: "0470-410 00",
			Role: "Samordnare psykisk hälsa", Requirements: true},
	}
}

// contacts adds the demo's contact persons.
func (l *loader) contacts() error {
	svc := l.on("2017-03-02")
	for _, c := range Contacts() {
		if _, err := svc.CreateContact(l.ctx, c); err != nil {
			return fmt.Errorf("contact %s: %w", c.Email, err)
		}
	}
	return nil
}
