package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/anslag/anslag/internal/grant"
)

// CreateActionPlan records an action plan with its goals, measures,
// indicators and follow-ups.
func (s *Service) CreateActionPlan(ctx context.Context, p grant.ActionPlan) (grant.ActionPlan, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		if err := checkActionPlan(ctx, tx, &p, nil); err != nil {
			return err
		}
		ctx, err := s.actForPlan(ctx, tx, p)
		if err != nil {
			return err
		}
		p.Version = 1
		if err := tx.InsertActionPlan(ctx, &p, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "action_plan", p.ID, nil, p)
	})
	return p, err
}

// UpdateActionPlan replaces a plan read at version p.Version with p, its
// children included. Children given with an id keep it (so follow-ups stay
// attached to the measure they follow); children left out are removed.
func (s *Service) UpdateActionPlan(ctx context.Context, p grant.ActionPlan) (grant.ActionPlan, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.ActionPlan(ctx, p.ID)
		if err != nil {
			return err
		}
		// The actor must act for the owner, and for the new owner if it changes.
		if _, err := s.actForPlan(ctx, tx, p); err != nil {
			return err
		}
		if ctx, err = s.actForPlan(ctx, tx, before); err != nil {
			return err
		}
		if before.Version != p.Version {
			// Checked here too, so that a stale writer hears so before any child id check.
			return planStale("action plan", "handlingsplanen", p.ID)
		}
		if before.Status == grant.PlanAdopted && p.Status == grant.PlanDraft {
			return grant.Errorf(grant.ECONFLICT, "status", "an adopted plan cannot return to draft; revise it as adopted or make a new plan",
				"en antagen plan kan inte bli utkast igen; revidera den som antagen eller gör en ny plan")
		}
		if err := checkActionPlan(ctx, tx, &p, &before); err != nil {
			return err
		}
		if p.Version, err = tx.UpdateActionPlan(ctx, &p, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "update", "action_plan", p.ID, before, p)
	})
	return p, err
}

// checkActionPlan checks a plan against the records it names: its owner, the
// initiatives of its measures, and that the ids of children are the plan's own.
// It fills in the organisations responsible for the plan.
func checkActionPlan(ctx context.Context, tx Tx, p *grant.ActionPlan, before *grant.ActionPlan) error {
	if err := fillResponsible(ctx, tx, p); err != nil {
		return err
	}
	for i, m := range p.Measures {
		if m.InitiativeID == 0 {
			continue
		}
		if _, err := tx.Initiative(ctx, m.InitiativeID); err != nil {
			return fieldError(err, grant.FieldIndex("measures", i, "initiative_id"))
		}
	}
	var old grant.ActionPlan
	if before != nil {
		old = *before
	}
	return cmp.Or(
		planOwnIDs("goals", planChildIDs(p.Goals, func(g grant.Goal) int64 { return g.ID }), planChildIDs(old.Goals, func(g grant.Goal) int64 { return g.ID })),
		planOwnIDs("measures", planChildIDs(p.Measures, func(m grant.Measure) int64 { return m.ID }), planChildIDs(old.Measures, func(m grant.Measure) int64 { return m.ID })),
		planOwnIDs("indicators", planChildIDs(p.Indicators, func(in grant.Indicator) int64 { return in.ID }), planChildIDs(old.Indicators, func(in grant.Indicator) int64 { return in.ID })),
		planOwnIDs("follow_ups", planChildIDs(p.FollowUps, func(f grant.FollowUp) int64 { return f.ID }), planChildIDs(old.FollowUps, func(f grant.FollowUp) int64 { return f.ID })),
	)
}

// planOwnIDs refuses a child id that the stored plan does not have: it would
// take over another plan's child, or one the plan no longer has.
func planOwnIDs(list string, given, own []int64) error {
	for i, id := range given {
		if id != 0 && !slices.Contains(own, id) {
			return grant.Errorf(grant.EINVALID, grant.FieldIndex(list, i, "id"), "id %d is not one of this plan's %s; leave it out for a new one",
				"id %d hör inte till planens %s; utelämna det för en ny", id, list)
		}
	}
	return nil
}

func planChildIDs[T any](list []T, id func(T) int64) []int64 {
	out := make([]int64, len(list))
	for i, v := range list {
		out[i] = id(v)
	}
	return out
}

// planStale is the answer to a write at a version that is no longer current.
func planStale(what, sv string, id any) error {
	return grant.Errorf(grant.EPRECONDITION, "", "%[1]s %[3]v was changed by someone else since you read it; reload and try again",
		"%[2]s %[3]v har ändrats av någon annan sedan du läste den; läs in den igen och försök på nytt", what, sv, id)
}

// ActionPlan reads one plan with its children.
func (s *Service) ActionPlan(ctx context.Context, id int64) (p grant.ActionPlan, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if p, err = tx.ActionPlan(ctx, id); err != nil {
			return err
		}
		if p.Status != grant.PlanAdopted { // adopted plans are public
			if err := s.mayReadPlan(ctx, tx, p); err != nil {
				return err
			}
		}
		return fillResponsible(ctx, tx, &p)
	})
	if err != nil {
		return grant.ActionPlan{}, err
	}
	return p, nil
}

// ActionPlans lists plans with their children, by owner and by a year they cover.
func (s *Service) ActionPlans(ctx context.Context, f ListFilter) (list []grant.ActionPlan, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		f := f // narrowed below; a read may run twice (Store)
		// Adopted plans are public; drafts only for those who may read the owner's records.
		if f.Status != string(grant.PlanAdopted) {
			if err := s.mayRead(ctx, tx, f.OrgCode); err != nil {
				if code := grant.ErrorCode(err); f.Status != "" || code != grant.EFORBIDDEN && code != grant.EUNAUTHORIZED {
					return err
				}
				f.Status = string(grant.PlanAdopted)
			}
		}
		if list, total, err = tx.ListActionPlans(ctx, f); err != nil {
			return err
		}
		for i := range list {
			if err := fillResponsible(ctx, tx, &list[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return list, total, err
}
