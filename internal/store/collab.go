package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const collabColumns = `id, subject, target_group, valid_from, valid_to, document_ref, status, version`

func scanCollab(row rowScanner) (grant.CollabAgreement, error) {
	var a grant.CollabAgreement
	err := row.Scan(&a.ID, &a.Subject, &a.TargetGroup, &a.ValidFrom, &a.ValidTo, &a.DocumentRef, &a.Status, &a.Version)
	return a, err
}

// InsertCollabAgreement implements app.CollabRepo.
func (t *Tx) InsertCollabAgreement(ctx context.Context, a *grant.CollabAgreement, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO collaboration_agreements (subject, target_group, valid_from, valid_to, document_ref, status, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id`, a.Subject, a.TargetGroup, a.ValidFrom, a.ValidTo, a.DocumentRef, a.Status, at).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("insert collaboration agreement: %w", mapError(err))
	}
	return t.writeCollabParties(ctx, *a)
}

// UpdateCollabAgreement implements app.CollabRepo.
func (t *Tx) UpdateCollabAgreement(ctx context.Context, a grant.CollabAgreement, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE collaboration_agreements SET subject = $1, target_group = $2, valid_from = $3, valid_to = $4,
		document_ref = $5, status = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		a.Subject, a.TargetGroup, a.ValidFrom, a.ValidTo, a.DocumentRef, a.Status, at, a.ID, a.Version)
	if err != nil {
		return 0, fmt.Errorf("update collaboration agreement %d: %w", a.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "collaboration_agreements", "id", a.ID, a.Version, "collaboration agreement", "samverkansöverenskommelsen")
	if err != nil {
		return 0, err
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM collaboration_parties WHERE agreement_id = $1`, a.ID); err != nil {
		return 0, fmt.Errorf("collaboration agreement %d: parties: %w", a.ID, mapError(err))
	}
	return v, t.writeCollabParties(ctx, a)
}

func (t *Tx) writeCollabParties(ctx context.Context, a grant.CollabAgreement) error {
	for i, p := range a.Parties {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO collaboration_parties (agreement_id, position, org_code, approved_by, approved_at)
			VALUES ($1, $2, $3, $4, $5)`, a.ID, i, p.OrgCode, p.ApprovedBy, p.ApprovedAt); err != nil {
			return fmt.Errorf("collaboration agreement %d: party %s: %w", a.ID, p.OrgCode, mapError(err))
		}
	}
	return nil
}

// CollabAgreement implements app.CollabRepo.
func (t *Tx) CollabAgreement(ctx context.Context, id int64) (grant.CollabAgreement, error) {
	a, err := scanCollab(t.tx.QueryRowContext(ctx, `SELECT `+collabColumns+` FROM collaboration_agreements WHERE id = $1`, id))
	if err != nil {
		return a, notFound(err, "collaboration agreement", "samverkansöverenskommelsen", id)
	}
	return a, t.collabParties(ctx, &a)
}

func (t *Tx) collabParties(ctx context.Context, a *grant.CollabAgreement) error {
	a.Parties = []grant.CollabParty{}
	return eachRow(ctx, t, `SELECT org_code, approved_by, approved_at FROM collaboration_parties WHERE agreement_id = $1 ORDER BY position`,
		[]any{a.ID}, func(r rowScanner) error {
			var p grant.CollabParty
			if err := r.Scan(&p.OrgCode, &p.ApprovedBy, &p.ApprovedAt); err != nil {
				return err
			}
			a.Parties = append(a.Parties, p)
			return nil
		})
}

// ListCollabAgreements implements app.CollabRepo: with parties, in id order.
func (t *Tx) ListCollabAgreements(ctx context.Context, f app.CollabFilter) ([]grant.CollabAgreement, int, error) {
	var w where
	if f.OrgCode != "" {
		w.add("id IN (SELECT agreement_id FROM collaboration_parties WHERE org_code = ?)", f.OrgCode)
	}
	if f.County != "" {
		w.add(`id IN (SELECT p.agreement_id FROM collaboration_parties p JOIN organisations o ON o.code = p.org_code WHERE o.county_code = ?)`, f.County)
	}
	switch grant.CollabStatus(f.Status) {
	case grant.CollabExpired:
		w.add("valid_to < ?", f.Today)
	case grant.CollabDraft, grant.CollabApproved:
		w.add("status = ? AND valid_to >= ?", f.Status, f.Today)
	}
	if f.ExpiringBy != "" {
		w.add("valid_to >= ? AND valid_to <= ?", f.Today, f.ExpiringBy)
	}
	out, total, err := list(ctx, t, `SELECT `+collabColumns+` FROM collaboration_agreements`, "collaboration_agreements", w, "id", f.ListFilter, scanCollab)
	if err != nil {
		return nil, 0, fmt.Errorf("list collaboration agreements: %w", err)
	}
	for i := range out {
		if err := t.collabParties(ctx, &out[i]); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

const groupColumns = `id, kind, name, COALESCE(org_code, ''), COALESCE(county_code, ''), version`

func scanGroup(row rowScanner) (grant.Group, error) {
	var g grant.Group
	err := row.Scan(&g.ID, &g.Kind, &g.Name, &g.OrgCode, &g.CountyCode, &g.Version)
	return g, err
}

// InsertGroup implements app.CollabRepo.
func (t *Tx) InsertGroup(ctx context.Context, g *grant.Group, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO collaboration_groups (kind, name, org_code, county_code, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id`, g.Kind, g.Name, nullable(g.OrgCode), nullable(g.CountyCode), at).Scan(&g.ID)
	if err != nil {
		return fmt.Errorf("insert group: %w", mapError(err))
	}
	return t.writeMembers(ctx, *g)
}

// UpdateGroup implements app.CollabRepo.
func (t *Tx) UpdateGroup(ctx context.Context, g grant.Group, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE collaboration_groups SET kind = $1, name = $2, org_code = $3, county_code = $4,
		version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7`, g.Kind, g.Name, nullable(g.OrgCode), nullable(g.CountyCode), at, g.ID, g.Version)
	if err != nil {
		return 0, fmt.Errorf("update group %d: %w", g.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "collaboration_groups", "id", g.ID, g.Version, "group", "gruppen")
	if err != nil {
		return 0, err
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM collaboration_group_members WHERE group_id = $1`, g.ID); err != nil {
		return 0, fmt.Errorf("group %d: members: %w", g.ID, mapError(err))
	}
	return v, t.writeMembers(ctx, g)
}

// DeleteGroup implements app.CollabRepo.
func (t *Tx) DeleteGroup(ctx context.Context, id, version int64) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM collaboration_group_members WHERE group_id = $1`, id); err != nil {
		return fmt.Errorf("delete group %d: %w", id, mapError(err))
	}
	res, err := t.tx.ExecContext(ctx, `DELETE FROM collaboration_groups WHERE id = $1 AND version = $2`, id, version)
	if err != nil {
		return fmt.Errorf("delete group %d: %w", id, mapError(err))
	}
	_, err = t.bumped(ctx, res, "collaboration_groups", "id", id, version, "group", "gruppen")
	return err
}

func (t *Tx) writeMembers(ctx context.Context, g grant.Group) error {
	for i, m := range g.Members {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO collaboration_group_members (group_id, position, role, org_code, person_name)
			VALUES ($1, $2, $3, $4, $5)`, g.ID, i, m.Role, m.OrgCode, m.PersonName); err != nil {
			return fmt.Errorf("group %d: member %d: %w", g.ID, i, mapError(err))
		}
	}
	return nil
}

// Group implements app.CollabRepo.
func (t *Tx) Group(ctx context.Context, id int64) (grant.Group, error) {
	g, err := scanGroup(t.tx.QueryRowContext(ctx, `SELECT `+groupColumns+` FROM collaboration_groups WHERE id = $1`, id))
	if err != nil {
		return g, notFound(err, "group", "gruppen", id)
	}
	return g, t.groupMembers(ctx, &g)
}

func (t *Tx) groupMembers(ctx context.Context, g *grant.Group) error {
	g.Members = []grant.GroupMember{}
	return eachRow(ctx, t, `SELECT role, org_code, person_name FROM collaboration_group_members WHERE group_id = $1 ORDER BY position`,
		[]any{g.ID}, func(r rowScanner) error {
			var m grant.GroupMember
			if err := r.Scan(&m.Role, &m.OrgCode, &m.PersonName); err != nil {
				return err
			}
			g.Members = append(g.Members, m)
			return nil
		})
}

// ListGroups implements app.CollabRepo: with members, in id order.
func (t *Tx) ListGroups(ctx context.Context, f app.CollabFilter) ([]grant.Group, int, error) {
	var w where
	if f.OrgCode != "" {
		w.add("(org_code = ? OR id IN (SELECT group_id FROM collaboration_group_members WHERE org_code = ?))", f.OrgCode, f.OrgCode)
	}
	if f.County != "" {
		w.add("(county_code = ? OR org_code IN (SELECT code FROM organisations WHERE county_code = ?))", f.County, f.County)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	out, total, err := list(ctx, t, `SELECT `+groupColumns+` FROM collaboration_groups`, "collaboration_groups", w, "id", f.ListFilter, scanGroup)
	if err != nil {
		return nil, 0, fmt.Errorf("list groups: %w", err)
	}
	for i := range out {
		if err := t.groupMembers(ctx, &out[i]); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}
