package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// CreateGroup records a leadership group of an organisation or a county;
// the actor must coordinate the organisation, a principal of the county or
// one of the members' organisations.
func (s *Service) CreateGroup(ctx context.Context, g grant.Group) (grant.Group, error) {
	if err := g.Validate(); err != nil {
		return g, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		if err := checkGroup(ctx, tx, g); err != nil {
			return err
		}
		ctx, err := s.actForGroup(ctx, tx, g)
		if err != nil {
			return err
		}
		g.Version = 1
		if err := tx.InsertGroup(ctx, &g, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "group", g.ID, nil, g)
	})
	return g, err
}

// UpdateGroup replaces a group read at g.Version, its members included. The
// actor must be allowed to edit the group both as it was and as it becomes.
func (s *Service) UpdateGroup(ctx context.Context, g grant.Group) (grant.Group, error) {
	if err := g.Validate(); err != nil {
		return g, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Group(ctx, g.ID)
		if err != nil {
			return err
		}
		if _, err := s.actForGroup(ctx, tx, before); err != nil {
			return err
		}
		if err := checkGroup(ctx, tx, g); err != nil {
			return err
		}
		if ctx, err = s.actForGroup(ctx, tx, g); err != nil {
			return err
		}
		if g.Version, err = tx.UpdateGroup(ctx, g, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "update", "group", g.ID, before, g)
	})
	return g, err
}

// DeleteGroup removes a group read at version; a group with action plans
// stays, since the plans need their owner.
func (s *Service) DeleteGroup(ctx context.Context, id, version int64) error {
	return s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Group(ctx, id)
		if err != nil {
			return err
		}
		if ctx, err = s.actForGroup(ctx, tx, before); err != nil {
			return err
		}
		plans, err := tx.ActionPlansOwnedBy(ctx, id, "")
		if err != nil {
			return err
		}
		if len(plans) > 0 {
			return grant.Errorf(grant.ECONFLICT, "", "the group owns %d action plans; it cannot be removed", "gruppen äger %d handlingsplaner; den kan inte tas bort", len(plans))
		}
		if err := tx.DeleteGroup(ctx, id, version); err != nil {
			return err
		}
		return s.audit(ctx, tx, "delete", "group", id, before, nil)
	})
}

// Group reads one group; anyone may, but only logged-in users see the
// members' names.
func (s *Service) Group(ctx context.Context, id int64) (g grant.Group, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		g, err = tx.Group(ctx, id)
		return err
	})
	if err != nil {
		return grant.Group{}, err
	}
	hideNames(ctx, &g)
	return g, nil
}

// Groups lists groups in id order; anyone may.
func (s *Service) Groups(ctx context.Context, f CollabFilter) (list []grant.Group, total int, err error) {
	if f.Kind != "" && !grant.GroupKind(f.Kind).Valid() {
		return nil, 0, grant.Errorf(grant.EINVALID, "kind", "expected children_youth, adults or other, got %q", "förväntade children_youth, adults eller other, fick %q", f.Kind)
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListGroups(ctx, f)
		return err
	})
	for i := range list {
		hideNames(ctx, &list[i])
	}
	return list, total, err
}

// GroupPlans lists the action plans of a group, or with group 0 of a
// county: adopted ones for anyone, drafts for those who may write them.
func (s *Service) GroupPlans(ctx context.Context, group int64, county string) (list []grant.ActionPlan, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		list = nil // a read may run twice (Store)
		all, err := tx.ActionPlansOwnedBy(ctx, group, county)
		if err != nil {
			return err
		}
		for _, p := range all {
			if p.Status != grant.PlanAdopted && s.mayReadPlan(ctx, tx, p) != nil {
				continue
			}
			if err := fillResponsible(ctx, tx, &p); err != nil {
				return err
			}
			list = append(list, p)
		}
		return nil
	})
	return list, err
}

func hideNames(ctx context.Context, g *grant.Group) {
	if ActorFrom(ctx).LoggedIn() {
		return
	}
	for i := range g.Members {
		g.Members[i].PersonName = ""
	}
}

// checkGroup refuses an organisation or county not in the register.
func checkGroup(ctx context.Context, tx Tx, g grant.Group) error {
	if g.OrgCode != "" {
		if _, err := tx.Organisation(ctx, g.OrgCode); err != nil {
			return fieldError(err, "org_code")
		}
	} else {
		orgs, err := countyPrincipals(ctx, tx, g.CountyCode)
		if err != nil {
			return err
		}
		if len(orgs) == 0 {
			return grant.Errorf(grant.EINVALID, "county_code", "no county with code %q", "inget län med kod %q", g.CountyCode)
		}
	}
	for i, m := range g.Members {
		if _, err := tx.Organisation(ctx, m.OrgCode); err != nil {
			return fieldError(err, grant.FieldIndex("members", i, "org_code"))
		}
	}
	return nil
}
