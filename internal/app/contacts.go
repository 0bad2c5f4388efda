package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// ContactRepo stores organisations' contact persons.
type ContactRepo interface {
	InsertContact(ctx context.Context, c *grant.Contact, at string) error
	Contact(ctx context.Context, id int64) (grant.Contact, error)
	// ListContacts lists an organisation's contacts, those answering for
	// the requirements first.
	ListContacts(ctx context.Context, org string) ([]grant.Contact, error)
	// UpdateContact writes c if its stored version is still c.Version.
	UpdateContact(ctx context.Context, c grant.Contact, at string) (int64, error)
	DeleteContact(ctx context.Context, id, version int64) error
}

// Contacts lists an organisation's contact persons. Their e-mail
// addresses and phone numbers are personal data: the public sees none.
func (s *Service) Contacts(ctx context.Context, org string) (list []grant.Contact, err error) {
	if a := ActorFrom(ctx); !a.LoggedIn() {
		return nil, loginRequired()
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		if _, err := tx.Organisation(ctx, org); err != nil {
			return err
		}
		list, err = tx.ListContacts(ctx, org)
		return err
	})
	return list, err
}

// Contact reads one contact person; logged-in users only.
func (s *Service) Contact(ctx context.Context, id int64) (c grant.Contact, err error) {
	if a := ActorFrom(ctx); !a.LoggedIn() {
		return c, loginRequired()
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		c, err = tx.Contact(ctx, id)
		return err
	})
	return c, err
}

// CreateContact adds a contact person to an organisation; its
// coordinators or an administrator may.
func (s *Service) CreateContact(ctx context.Context, c grant.Contact) (grant.Contact, error) {
	c.ID = 0
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		ctx, err := s.actFor(ctx, tx, c.OrgCode)
		if err != nil {
			return err
		}
		if _, err := tx.Organisation(ctx, c.OrgCode); err != nil {
			return fieldError(err, "org_code")
		}
		if err := tx.InsertContact(ctx, &c, s.stamp()); err != nil {
			return contactConflict(err, c)
		}
		return s.audit(ctx, tx, "create", "contact", c.ID, nil, c)
	})
	return c, err
}

// UpdateContact changes a contact person read at c.Version; the
// organisation stays.
func (s *Service) UpdateContact(ctx context.Context, c grant.Contact) (grant.Contact, error) {
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Contact(ctx, c.ID)
		if err != nil {
			return err
		}
		if ctx, err = s.actFor(ctx, tx, before.OrgCode); err != nil {
			return err
		}
		if c.OrgCode == "" {
			c.OrgCode = before.OrgCode
		}
		if c.OrgCode != before.OrgCode {
			return grant.Errorf(grant.EINVALID, "org_code", "a contact cannot move to another organisation (it belongs to %s)",
				"en kontaktperson kan inte flyttas till en annan organisation (den hör till %s)", before.OrgCode)
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if c.Version, err = tx.UpdateContact(ctx, c, s.stamp()); err != nil {
			return contactConflict(err, c)
		}
		return s.audit(ctx, tx, "update", "contact", c.ID, before, c)
	})
	return c, err
}

// DeleteContact removes a contact person read at version.
func (s *Service) DeleteContact(ctx context.Context, id, version int64) error {
	return s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Contact(ctx, id)
		if err != nil {
			return err
		}
		if ctx, err = s.actFor(ctx, tx, before.OrgCode); err != nil {
			return err
		}
		if err := tx.DeleteContact(ctx, id, version); err != nil {
			return err
		}
		return s.audit(ctx, tx, "delete", "contact", id, before, nil)
	})
}

// contactConflict names the field of a duplicate contact.
func contactConflict(err error, c grant.Contact) error {
	if grant.ErrorCode(err) == grant.ECONFLICT {
		return grant.Errorf(grant.ECONFLICT, "email", "%s is already a contact of %s for %s", "%s är redan kontaktperson för %s inom %s", c.Email, c.OrgCode, c.Programme)
	}
	return err
}
