package app

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// The state of the records at the end of a past day is rebuilt from the
// audit log: every change is audited in its own transaction with the
// record as it was after it, and the log is never altered, so a record's
// last entry up to that day is exactly what any reader saw then. Money is
// rebuilt from the ledger's entries up to that day.

// endOf is the instant a day ends, as a stored timestamp's prefix: stored
// timestamps sort as text, and every one of that day sorts before it.
func endOf(d grant.Date) (string, error) {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return "", grant.Errorf(grant.EINVALID, "as_of", "as_of must be a date (YYYY-MM-DD), got %q", "as_of måste vara ett datum (ÅÅÅÅ-MM-DD), fick %q", d)
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly), nil
}

// statesAsOf decodes each record's last audited state before the end of
// day d; records whose last entry removed them are left out.
func statesAsOf[T any](ctx context.Context, tx Tx, entity string, d grant.Date) ([]T, error) {
	before, err := endOf(d)
	if err != nil {
		return nil, err
	}
	entries, err := tx.AuditStates(ctx, entity, before)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(entries))
	for _, e := range entries {
		if e.After == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(e.After), &v); err != nil {
			return nil, fmt.Errorf("%s %s as of %s: %w", entity, e.EntityID, d, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// agreementsOf is the set of agreement ids a filter's agreement or year
// names, or nil when it names neither.
func agreementsOf(ctx context.Context, tx Tx, f ListFilter) (map[int64]bool, error) {
	if f.AgreementID == 0 && f.Year == 0 {
		return nil, nil
	}
	list, _, err := tx.ListAgreements(ctx, ListFilter{Year: f.Year})
	if err != nil {
		return nil, err
	}
	set := map[int64]bool{}
	for _, a := range list {
		if f.AgreementID == 0 || a.ID == f.AgreementID {
			set[a.ID] = true
		}
	}
	return set, nil
}

// pageOf sorts a rebuilt list by id and cuts f's page from it.
func pageOf[T any](list []T, id func(T) int64, f ListFilter) ([]T, int) {
	slices.SortFunc(list, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
	total := len(list)
	if f.Limit > 0 {
		list = list[min(f.Offset, total):min(f.Offset+f.Limit, total)]
	}
	return list, total
}

// requisitionsAsOf lists requisitions as they stood at the end of f.AsOf.
func requisitionsAsOf(ctx context.Context, tx Tx, f ListFilter) ([]grant.Requisition, int, error) {
	all, err := statesAsOf[grant.Requisition](ctx, tx, "requisition", f.AsOf)
	if err != nil {
		return nil, 0, err
	}
	// A requisition belongs to an agreement through its pot: the filter's
	// agreement or year is the set of their pots.
	var pots map[int64]bool
	if f.AgreementID != 0 || f.Year != 0 {
		list, _, err := tx.ListPots(ctx, ListFilter{AgreementID: f.AgreementID, Year: f.Year})
		if err != nil {
			return nil, 0, err
		}
		pots = map[int64]bool{}
		for _, p := range list {
			pots[p.ID] = true
		}
	}
	keep := all[:0]
	for _, r := range all {
		if (f.PotID != 0 && r.PotID != f.PotID) || (f.OrgCode != "" && r.OrgCode != f.OrgCode) ||
			(f.County != "" && r.County != f.County) || (f.Status != "" && string(r.Status) != f.Status) ||
			(pots != nil && !pots[r.PotID]) {
			continue
		}
		keep = append(keep, r)
	}
	list, total := pageOf(keep, func(r grant.Requisition) int64 { return r.ID }, f)
	return list, total, nil
}

// subAllocationsAsOf lists sub-allocations as they stood at the end of
// f.AsOf.
func subAllocationsAsOf(ctx context.Context, tx Tx, f ListFilter) ([]grant.SubAllocation, int, error) {
	all, err := statesAsOf[grant.SubAllocation](ctx, tx, "sub_allocation", f.AsOf)
	if err != nil {
		return nil, 0, err
	}
	ags, err := agreementsOf(ctx, tx, f)
	if err != nil {
		return nil, 0, err
	}
	keep := all[:0]
	for _, s := range all {
		if (f.OrgCode != "" && s.FromOrg != f.OrgCode) || (f.Status != "" && string(s.Status) != f.Status) ||
			(ags != nil && !ags[s.AgreementID]) {
			continue
		}
		keep = append(keep, s)
	}
	list, total := pageOf(keep, func(s grant.SubAllocation) int64 { return s.ID }, f)
	return list, total, nil
}

// balancesAsOf sums the ledger entries up to the end of f.AsOf.
func balancesAsOf(ctx context.Context, tx Tx, f ListFilter) (map[grant.EntryKind]money.Amount, error) {
	before, err := endOf(f.AsOf)
	if err != nil {
		return nil, err
	}
	return tx.BalancesBefore(ctx, f, before)
}
