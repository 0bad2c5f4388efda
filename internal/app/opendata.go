package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// OpenData is what anslag publishes as open data for one agreement year:
// the decided splits, the money paid on them (date and amount only) and
// the active sub-allocations. It is public by decision of the programme
// (the open-data export), so it is read for everyone, including
// the payments, whose requisitions are otherwise visible only to their
// organisation and the oversight roles.
type OpenData struct {
	Year           int
	Agreements     []grant.Agreement
	Pots           []grant.Pot
	Runs           []grant.AllocationRun // decided, with lines
	Payments       []OpenPayment
	SubAllocations []grant.SubAllocation // active only
	Initiatives    map[int64]grant.Initiative
	Organisations  map[string]grant.Organisation // every organisation, by code
}

// OpenPayment is a payment as open data publishes it: which line it paid
// (pot, organisation, or a county's joint line), when and how much; not who
// recorded it nor its idempotency key.
type OpenPayment struct {
	ID      int64
	PotID   int64
	OrgCode string
	Joint   bool
	County  string
	Amount  money.Amount
	PaidOn  grant.Date
}

// OpenDataYears lists the years that have an agreement, newest first.
func (s *Service) OpenDataYears(ctx context.Context) (years []int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		years = nil // a read may run twice (Store)
		list, _, err := tx.ListAgreements(ctx, ListFilter{})
		if err != nil {
			return err
		}
		for _, a := range list {
			if !slices.Contains(years, a.Year) {
				years = append(years, a.Year)
			}
		}
		return nil
	})
	slices.SortFunc(years, func(a, b int) int { return cmp.Compare(b, a) })
	return years, err
}

// OpenData reads the open data of a year's agreements; a year without an
// agreement is not found.
func (s *Service) OpenData(ctx context.Context, year int) (d OpenData, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		d = OpenData{Year: year, Initiatives: map[int64]grant.Initiative{}, Organisations: map[string]grant.Organisation{}} // a read may run twice (Store)
		f := ListFilter{Year: year}
		if d.Agreements, _, err = tx.ListAgreements(ctx, f); err != nil {
			return err
		}
		if len(d.Agreements) == 0 {
			return grant.Errorf(grant.ENOTFOUND, "year", "there is no agreement for %d", "det finns ingen överenskommelse för %d", year)
		}
		if d.Pots, _, err = tx.ListPots(ctx, f); err != nil {
			return err
		}
		for _, p := range d.Pots {
			run, err := tx.DecidedRun(ctx, p.ID)
			if grant.ErrorCode(err) == grant.ENOTFOUND {
				continue // a pot SKR keeps has no split
			} else if err != nil {
				return err
			}
			d.Runs = append(d.Runs, run)
		}
		if d.Payments, err = openPayments(ctx, tx, year); err != nil {
			return err
		}
		if d.SubAllocations, _, err = tx.ListSubAllocations(ctx, ListFilter{Year: year, Status: string(grant.SubAllocActive)}); err != nil {
			return err
		}
		for _, sa := range d.SubAllocations {
			if sa.InitiativeID == 0 {
				continue
			}
			in, err := tx.Initiative(ctx, sa.InitiativeID)
			if err != nil {
				return err
			}
			d.Initiatives[in.ID] = in
		}
		orgs, _, err := tx.ListOrganisations(ctx, ListFilter{})
		for _, o := range orgs {
			d.Organisations[o.Code] = o
		}
		return err
	})
	if err != nil {
		return OpenData{}, err
	}
	return d, nil
}

// openPayments joins the year's payments to their requisitions' lines.
func openPayments(ctx context.Context, tx Tx, year int) ([]OpenPayment, error) {
	reqs, _, err := tx.ListRequisitions(ctx, ListFilter{Year: year})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]grant.Requisition, len(reqs))
	for _, r := range reqs {
		byID[r.ID] = r
	}
	paid, _, err := tx.ListPayments(ctx, PaymentFilter{ListFilter: ListFilter{Year: year}})
	if err != nil {
		return nil, err
	}
	out := make([]OpenPayment, 0, len(paid))
	for _, p := range paid {
		r, ok := byID[p.RequisitionID]
		if !ok {
			continue // cannot happen: a payment's requisition is of the same agreement
		}
		out = append(out, OpenPayment{ID: p.ID, PotID: r.PotID, OrgCode: r.OrgCode, Joint: r.Joint, County: r.County, Amount: p.Amount, PaidOn: p.PaidOn})
	}
	return out, nil
}
