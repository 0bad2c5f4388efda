package app

import (
	"context"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// Collaboration agreements and leadership groups are public information:
// anyone reads them. Their parties' or members' coordinators write them
// (see collab_access.go); an administrator may do all.

func (s *Service) today() grant.Date { return grant.Date(s.now().Format(time.DateOnly)) }

// CreateCollabAgreement records a draft collaboration agreement; the actor
// must coordinate one of its parties. Approvals are given one party at a
// time with ApproveCollabAgreement.
func (s *Service) CreateCollabAgreement(ctx context.Context, a grant.CollabAgreement) (grant.CollabAgreement, error) {
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		if err := checkCollabParties(ctx, tx, a); err != nil {
			return err
		}
		ctx, err := s.actForAny(ctx, tx, partyOrgs(a), "the agreement", "överenskommelsen")
		if err != nil {
			return err
		}
		for i := range a.Parties {
			a.Parties[i].ApprovedBy, a.Parties[i].ApprovedAt = "", ""
		}
		a.Status, a.Version = grant.CollabDraft, 1
		if err := tx.InsertCollabAgreement(ctx, &a, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "collaboration_agreement", a.ID, nil, a)
	})
	a.Status = a.StatusOn(s.now())
	return a, err
}

// UpdateCollabAgreement replaces a draft agreement read at a.Version. Every
// party approves the text anew, so a change clears the approvals given.
// Only an administrator may change an approved agreement.
func (s *Service) UpdateCollabAgreement(ctx context.Context, a grant.CollabAgreement) (grant.CollabAgreement, error) {
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.CollabAgreement(ctx, a.ID)
		if err != nil {
			return err
		}
		if _, err := s.actForAny(ctx, tx, partyOrgs(before), "the agreement", "överenskommelsen"); err != nil {
			return err
		}
		if err := checkCollabParties(ctx, tx, a); err != nil {
			return err
		}
		if ctx, err = s.actForAny(ctx, tx, partyOrgs(a), "the agreement", "överenskommelsen"); err != nil {
			return err
		}
		if before.Version != a.Version {
			return planStale("collaboration agreement", "samverkansöverenskommelsen", a.ID)
		}
		if before.Status == grant.CollabApproved && !ActorFrom(ctx).Admin() {
			return grant.Errorf(grant.ECONFLICT, "status", "the agreement is approved by every party and can no longer be changed; write a new one",
				"överenskommelsen är godkänd av alla parter och kan inte längre ändras; skriv en ny")
		}
		for i := range a.Parties {
			a.Parties[i].ApprovedBy, a.Parties[i].ApprovedAt = "", ""
		}
		a.Status = grant.CollabDraft
		if a.Version, err = tx.UpdateCollabAgreement(ctx, a, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "update", "collaboration_agreement", a.ID, before, a)
	})
	a.Status = a.StatusOn(s.now())
	return a, err
}

// ApproveCollabAgreement records that org, one of the parties, approved the
// agreement read at version; the actor must act for org. The agreement is
// approved when the last party approves.
func (s *Service) ApproveCollabAgreement(ctx context.Context, id, version int64, org string) (a grant.CollabAgreement, err error) {
	err = s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.CollabAgreement(ctx, id)
		if err != nil {
			return err
		}
		if ctx, err = s.actFor(ctx, tx, org); err != nil {
			return err
		}
		a = before
		i := a.Party(org)
		switch {
		case i < 0:
			return grant.Errorf(grant.EINVALID, "org", "%s is not a party to the agreement", "%s är inte part i överenskommelsen", orDash(org))
		case a.Version != version:
			return planStale("collaboration agreement", "samverkansöverenskommelsen", id)
		case a.Parties[i].Approved():
			return grant.Errorf(grant.ECONFLICT, "org", "%s has already approved the agreement", "%s har redan godkänt överenskommelsen", org)
		case a.StatusOn(s.now()) == grant.CollabExpired:
			return grant.Errorf(grant.ECONFLICT, "valid_to", "the agreement expired on %s", "överenskommelsen löpte ut %s", a.ValidTo)
		}
		a.Parties[i].ApprovedBy, a.Parties[i].ApprovedAt = ActorFrom(ctx).User, s.stamp()
		if a.AllApproved() {
			a.Status = grant.CollabApproved
		}
		if a.Version, err = tx.UpdateCollabAgreement(ctx, a, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "approve", "collaboration_agreement", id, before, a)
	})
	if err != nil {
		return grant.CollabAgreement{}, err
	}
	a.Status = a.StatusOn(s.now())
	return a, nil
}

// CollabAgreement reads one agreement; anyone may.
func (s *Service) CollabAgreement(ctx context.Context, id int64) (a grant.CollabAgreement, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		a, err = tx.CollabAgreement(ctx, id)
		return err
	})
	if err != nil {
		return grant.CollabAgreement{}, err
	}
	a.Status = a.StatusOn(s.now())
	return a, nil
}

// CollabAgreements lists agreements in id order; anyone may.
func (s *Service) CollabAgreements(ctx context.Context, f CollabFilter) (list []grant.CollabAgreement, total int, err error) {
	switch grant.CollabStatus(f.Status) {
	case "", grant.CollabDraft, grant.CollabApproved, grant.CollabExpired:
	default:
		return nil, 0, grant.Errorf(grant.EINVALID, "status", "expected draft, approved or expired, got %q", "förväntade draft, approved eller expired, fick %q", f.Status)
	}
	f.Today = s.today()
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListCollabAgreements(ctx, f)
		return err
	})
	for i := range list {
		list[i].Status = list[i].StatusOn(s.now())
	}
	return list, total, err
}

// ExpiringWithin is the last day of the coming days days, for
// CollabFilter.ExpiringBy.
func (s *Service) ExpiringWithin(days int) grant.Date {
	return grant.Date(s.now().AddDate(0, 0, days).Format(time.DateOnly))
}

func partyOrgs(a grant.CollabAgreement) []string {
	out := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.OrgCode
	}
	return out
}

// checkParties refuses a party that is not in the register.
func checkCollabParties(ctx context.Context, tx Tx, a grant.CollabAgreement) error {
	for i, p := range a.Parties {
		if _, err := tx.Organisation(ctx, p.OrgCode); err != nil {
			return fieldError(err, grant.FieldIndex("parties", i, "org_code"))
		}
	}
	return nil
}
