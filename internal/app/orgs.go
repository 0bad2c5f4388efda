package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/refdata"
)

// nationalOrgs are the national parties of the agreements, seeded beside
// the principals.
func nationalOrgs() []grant.Organisation {
	return []grant.Organisation{
		{Code: "staten", Kind: grant.OrgState, Name: "Staten genom Socialdepartementet"},
		{Code: "skr", Kind: grant.OrgAssociation, Name: "Sveriges Kommuner och Regioner (SKR)"},
	}
}

// SeedOrganisations adds the 21 regions, the 290 municipalities and the
// national parties if they are missing. It is idempotent: run on every migrate.
func (s *Service) SeedOrganisations(ctx context.Context) (added int, err error) {
	if err := requireAdmin(ctx); err != nil {
		return 0, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		added = 0
		orgs := append(s.reg.Regions(), s.reg.Municipalities()...)
		all := make([]grant.Organisation, 0, len(orgs)+2)
		for _, o := range orgs {
			kind := grant.OrgMunicipality
			if o.Kind == refdata.Region {
				kind = grant.OrgRegion
			}
			all = append(all, grant.Organisation{Code: o.Code, Kind: kind, Name: o.Name, CountyCode: o.CountyCode})
		}
		all = append(all, nationalOrgs()...)
		at := s.stamp()
		for _, o := range all {
			if _, err := tx.Organisation(ctx, o.Code); err == nil {
				continue
			} else if grant.ErrorCode(err) != grant.ENOTFOUND {
				return err
			}
			if err := tx.InsertOrganisation(ctx, o, at); err != nil {
				return err
			}
			added++
		}
		if added > 0 {
			return s.audit(ctx, tx, "seed", "organisation", "*", nil, map[string]int{"added": added})
		}
		return nil
	})
	return added, err
}

// CreateOrganisation adds a committee, unit, partner or association.
// Regions and municipalities come only from the reference lists. A
// coordinator may add committees and units to its own organisation, and
// partners (which belong to no one); the rest is for an administrator.
func (s *Service) CreateOrganisation(ctx context.Context, o grant.Organisation) (grant.Organisation, error) {
	if err := o.Validate(); err != nil {
		return o, err
	}
	if o.Kind == grant.OrgRegion || o.Kind == grant.OrgMunicipality {
		return o, grant.Errorf(grant.EINVALID, "kind", "regions and municipalities come from SCB's lists and cannot be added",
			"regioner och kommuner kommer från SCB:s listor och kan inte läggas till")
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		var err error
		switch {
		case o.ParentCode != "":
			ctx, err = s.actFor(ctx, tx, o.ParentCode)
		case o.Kind == grant.OrgPartner && len(ActorFrom(ctx).coordinated()) > 0:
		default:
			err = requireAdmin(ctx)
		}
		if err != nil {
			return err
		}
		if o.ParentCode != "" {
			parent, err := tx.Organisation(ctx, o.ParentCode)
			if err != nil {
				return fieldError(err, "parent_code")
			}
			o.CountyCode = parent.CountyCode
		}
		if _, err := tx.Organisation(ctx, o.Code); err == nil {
			return grant.Errorf(grant.ECONFLICT, "code", "an organisation with code %q already exists", "en organisation med koden %q finns redan", o.Code)
		}
		o.Version = 1
		if err := tx.InsertOrganisation(ctx, o, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "organisation", o.Code, nil, o)
	})
	return o, err
}

// Organisation reads one organisation.
func (s *Service) Organisation(ctx context.Context, code string) (o grant.Organisation, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		o, err = tx.Organisation(ctx, code)
		return err
	})
	return o, err
}

// Organisations lists organisations by kind, county or parent.
func (s *Service) Organisations(ctx context.Context, f ListFilter) (list []grant.Organisation, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListOrganisations(ctx, f)
		return err
	})
	return list, total, err
}

// fieldError names the input field of a not-found reference.
func fieldError(err error, field string) error {
	if e, ok := err.(*grant.Error); ok && e.Code == grant.ENOTFOUND {
		return &grant.Error{Code: grant.EINVALID, Field: field, Message: e.Message, Swedish: e.Swedish}
	}
	return err
}
