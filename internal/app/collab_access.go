package app

import (
	"context"
	"slices"

	"github.com/anslag/anslag/internal/grant"
)

// CollabRepo stores collaboration agreements and leadership groups.
type CollabRepo interface {
	// InsertCollabAgreement writes the agreement with its parties and sets its id.
	InsertCollabAgreement(ctx context.Context, a *grant.CollabAgreement, at string) error
	CollabAgreement(ctx context.Context, id int64) (grant.CollabAgreement, error)
	ListCollabAgreements(ctx context.Context, f CollabFilter) ([]grant.CollabAgreement, int, error)
	// UpdateCollabAgreement writes a's fields, parties with their approvals
	// and stored status if the stored version is still a.Version.
	UpdateCollabAgreement(ctx context.Context, a grant.CollabAgreement, at string) (int64, error)

	InsertGroup(ctx context.Context, g *grant.Group, at string) error
	Group(ctx context.Context, id int64) (grant.Group, error)
	ListGroups(ctx context.Context, f CollabFilter) ([]grant.Group, int, error)
	UpdateGroup(ctx context.Context, g grant.Group, at string) (int64, error)
	DeleteGroup(ctx context.Context, id, version int64) error

	// ActionPlansOwnedBy lists the plans of a group (group > 0) or of a
	// county, with their children, in id order.
	ActionPlansOwnedBy(ctx context.Context, group int64, county string) ([]grant.ActionPlan, error)
}

// CollabFilter narrows lists of collaboration agreements and groups.
type CollabFilter struct {
	// OrgCode: agreements the organisation is party to; groups it owns or sits in.
	// County: agreements with a party in the county; groups of the county or of
	// an organisation in it. Kind: a group kind. Status: draft, approved or expired.
	ListFilter
	// ExpiringBy keeps agreements still valid today whose last day is at most
	// this date. Today is the day status and expiry are judged on; the use case sets it.
	ExpiringBy grant.Date
	Today      grant.Date
}

// countyPrincipals lists a county's region and municipalities.
func countyPrincipals(ctx context.Context, tx Tx, county string) ([]string, error) {
	var out []string
	for _, kind := range []grant.OrgKind{grant.OrgRegion, grant.OrgMunicipality} {
		orgs, _, err := tx.ListOrganisations(ctx, ListFilter{County: county, Kind: string(kind)})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			out = append(out, o.Code)
		}
	}
	return out, nil
}

// countyResponsible lists who shares a county-wide plan: the county's
// region and municipalities, and the organisations sitting in the county's
// county-wide groups, such as the user organisations (NSPH).
func countyResponsible(ctx context.Context, tx Tx, county string) ([]string, error) {
	orgs, err := countyPrincipals(ctx, tx, county)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 {
		return nil, grant.Errorf(grant.EINVALID, "owner_county", "no county with code %q", "inget län med kod %q", county)
	}
	groups, _, err := tx.ListGroups(ctx, CollabFilter{ListFilter: ListFilter{County: county}})
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if g.CountyCode != county {
			continue
		}
		for _, o := range g.MemberOrgs() {
			if !slices.Contains(orgs, o) {
				orgs = append(orgs, o)
			}
		}
	}
	return orgs, nil
}

// groupOrgs lists the organisations that share responsibility for a group:
// its own organisation (or its county's principals) and its members'.
func groupOrgs(ctx context.Context, tx Tx, g grant.Group) ([]string, error) {
	var out []string
	if g.OrgCode != "" {
		out = append(out, g.OrgCode)
	} else {
		var err error
		if out, err = countyPrincipals(ctx, tx, g.CountyCode); err != nil {
			return nil, err
		}
	}
	for _, o := range g.MemberOrgs() {
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// actForAny lets the actor act for one of orgs: an administrator, or a
// coordinator of any of them. The audit log records the first org the
// actor coordinates, or the first of orgs for an administrator.
func (s *Service) actForAny(ctx context.Context, tx Tx, orgs []string, what, whatSV string) (context.Context, error) {
	a := ActorFrom(ctx)
	if a.Admin() && len(orgs) > 0 {
		a.ActingFor = orgs[0]
		return WithActor(ctx, a), nil
	}
	if a.Admin() {
		return ctx, nil
	}
	if a.LoggedIn() {
		for _, o := range orgs {
			ok, err := s.coordinates(ctx, tx, a, o)
			if err != nil {
				return ctx, err
			}
			if ok {
				a.ActingFor = o
				return WithActor(ctx, a), nil
			}
		}
	}
	return ctx, allow(a, false, "only coordinators of the organisations of %[1]s may change it", "bara samordnare för organisationerna i %[2]s får ändra den", what, whatSV)
}

// planOwners lists the organisations responsible for a plan: its owner
// organisation, its group's organisations, or its county's principals.
func planOwners(ctx context.Context, tx Tx, p grant.ActionPlan) ([]string, error) {
	switch {
	case p.OwnerGroup != 0:
		g, err := tx.Group(ctx, p.OwnerGroup)
		if err != nil {
			return nil, fieldError(err, "owner_group")
		}
		return groupOrgs(ctx, tx, g)
	case p.OwnerCounty != "":
		return countyResponsible(ctx, tx, p.OwnerCounty)
	}
	if _, err := tx.Organisation(ctx, p.OwnerOrg); err != nil {
		return nil, fieldError(err, "owner_org")
	}
	return []string{p.OwnerOrg}, nil
}

// fillResponsible checks that the plan's owner exists and, for a group's or
// county's plan, records the organisations jointly responsible for it. An
// organisation's plan is its owner's alone and reads as before.
func fillResponsible(ctx context.Context, tx Tx, p *grant.ActionPlan) error {
	orgs, err := planOwners(ctx, tx, *p)
	if err != nil {
		return err
	}
	p.Responsible = nil
	if p.OwnerOrg == "" {
		p.Responsible = orgs
	}
	return nil
}

// actForPlan lets the actor write a plan: for an organisation's plan as
// before, for a group's or county's plan a coordinator of any responsible
// organisation.
func (s *Service) actForPlan(ctx context.Context, tx Tx, p grant.ActionPlan) (context.Context, error) {
	if p.OwnerOrg != "" {
		return s.actFor(ctx, tx, p.OwnerOrg)
	}
	orgs, err := planOwners(ctx, tx, p)
	if err != nil {
		return ctx, err
	}
	return s.actForAny(ctx, tx, orgs, "the plan", "planen")
}

// mayReadPlan lets the actor see a draft plan: oversight, or a coordinator
// of a responsible organisation.
func (s *Service) mayReadPlan(ctx context.Context, tx Tx, p grant.ActionPlan) error {
	if p.OwnerOrg != "" || ActorFrom(ctx).Oversight() {
		return s.mayRead(ctx, tx, p.OwnerOrg)
	}
	_, err := s.actForPlan(ctx, tx, p)
	return err
}

// MayEditGroup tells whether the actor may change group id and write its plans.
func (s *Service) MayEditGroup(ctx context.Context, id int64) error {
	return s.store.Read(ctx, func(tx Tx) error {
		g, err := tx.Group(ctx, id)
		if err != nil {
			return err
		}
		_, err = s.actForGroup(ctx, tx, g)
		return err
	})
}

// MayPlanForCounty tells whether the actor may write county's joint plans.
func (s *Service) MayPlanForCounty(ctx context.Context, county string) error {
	return s.store.Read(ctx, func(tx Tx) error {
		_, err := s.actForPlan(ctx, tx, grant.ActionPlan{OwnerCounty: county})
		return err
	})
}

func (s *Service) actForGroup(ctx context.Context, tx Tx, g grant.Group) (context.Context, error) {
	orgs, err := groupOrgs(ctx, tx, g)
	if err != nil {
		return ctx, err
	}
	return s.actForAny(ctx, tx, orgs, g.Name, g.Name)
}
