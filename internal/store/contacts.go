package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/grant"
)

const contactColumns = `id, org_code, programme, name, email, phone, role, requirements, version`

func scanContact(row rowScanner) (grant.Contact, error) {
	var c grant.Contact
	err := row.Scan(&c.ID, &c.OrgCode, &c.Programme, &c.Name, &c.Email, &c.Phone, &c.Role, &c.Requirements, &c.Version)
	return c, err
}

// InsertContact implements app.ContactRepo.
func (t *Tx) InsertContact(ctx context.Context, c *grant.Contact, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO contacts (org_code, programme, name, email, phone, role, requirements, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id`,
		c.OrgCode, c.Programme, c.Name, c.Email, c.Phone, c.Role, c.Requirements, at).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert contact of %s: %w", c.OrgCode, mapError(err))
	}
	c.Version = 1
	return nil
}

// Contact implements app.ContactRepo.
func (t *Tx) Contact(ctx context.Context, id int64) (grant.Contact, error) {
	c, err := scanContact(t.tx.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id = $1`, id))
	return c, notFound(err, "contact", "kontaktpersonen", id)
}

// ListContacts implements app.ContactRepo: those answering for the
// requirements first, then by programme and name.
func (t *Tx) ListContacts(ctx context.Context, org string) ([]grant.Contact, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+contactColumns+` FROM contacts WHERE org_code = $1
		ORDER BY requirements DESC, programme, name, id`, org)
	if err != nil {
		return nil, fmt.Errorf("list contacts of %s: %w", org, err)
	}
	defer rows.Close()
	var out []grant.Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, fmt.Errorf("list contacts of %s: %w", org, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpdateContact implements app.ContactRepo; the organisation stays.
func (t *Tx) UpdateContact(ctx context.Context, c grant.Contact, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE contacts SET programme = $1, name = $2, email = $3, phone = $4, role = $5, requirements = $6,
		version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		c.Programme, c.Name, c.Email, c.Phone, c.Role, c.Requirements, at, c.ID, c.Version)
	if err != nil {
		return 0, fmt.Errorf("update contact %d: %w", c.ID, mapError(err))
	}
	return t.bumped(ctx, res, "contacts", "id", c.ID, c.Version, "contact", "kontaktpersonen")
}

// DeleteContact implements app.ContactRepo.
func (t *Tx) DeleteContact(ctx context.Context, id, version int64) error {
	res, err := t.tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = $1 AND version = $2`, id, version)
	if err != nil {
		return fmt.Errorf("delete contact %d: %w", id, mapError(err))
	}
	_, err = t.bumped(ctx, res, "contacts", "id", id, version, "contact", "kontaktpersonen")
	return err
}
