package api

import (
	"net/http"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// entryKinds lists the kinds of ledger entry, for the kind filter.
var entryKinds = []string{"allocated", "requisitioned", "approved", "rejected", "paid", "used", "unused", "claimed", "repaid",
	"sub_allocated", "sub_released"}

// LedgerEntry is one immutable money movement.
type LedgerEntry struct {
	ID          int64  `json:"id"`
	At          string `json:"at" jsonschema:"format=date-time"`
	Kind        string `json:"kind" jsonschema:"enum=allocated,enum=requisitioned,enum=approved,enum=rejected,enum=paid,enum=used,enum=unused,enum=claimed,enum=repaid,enum=sub_allocated,enum=sub_released"`
	AgreementID int64  `json:"agreement_id"`
	PotID       int64  `json:"pot_id,omitzero"`
	OrgCode     string `json:"org_code"`
	Amount      Money  `json:"amount"`
	RefType     string `json:"ref_type" jsonschema:"description=The kind of record that caused the movement\\, e.g. allocation_run or requisition"`
	RefID       int64  `json:"ref_id"`
	Actor       string `json:"actor"`
}

// Balances are the sums of the matching ledger entries by kind; a kind
// without entries sums to 0.
type Balances struct {
	Allocated     Money `json:"allocated" jsonschema:"description=Given to recipients by decided runs"`
	Requisitioned Money `json:"requisitioned"`
	Approved      Money `json:"approved"`
	Rejected      Money `json:"rejected"`
	Paid          Money `json:"paid"`
	Used          Money `json:"used"`
	Unused        Money `json:"unused"`
	Claimed       Money `json:"claimed"`
	Repaid        Money `json:"repaid"`
	SubAllocated  Money `json:"sub_allocated"`
	SubReleased   Money `json:"sub_released"`
}

// AuditEntry records one write: who, when, what, and the record before and
// after.
type AuditEntry struct {
	ID        int64  `json:"id"`
	At        string `json:"at" jsonschema:"format=date-time"`
	Actor     string `json:"actor"`
	ActingFor string `json:"acting_for,omitempty"`
	Action    string `json:"action" jsonschema:"description=create\\, update\\, decide\\, …"`
	Entity    string `json:"entity" jsonschema:"description=agreement\\, pot\\, allocation_run\\, …"`
	EntityID  string `json:"entity_id"`
	Before    any    `json:"before,omitempty" jsonschema:"description=The record before the write\\, as stored; absent for a creation"`
	After     any    `json:"after,omitempty" jsonschema:"description=The record after the write\\, as stored"`
}

func ledgerEntryOut(e grant.LedgerEntry) LedgerEntry {
	return LedgerEntry{ID: e.ID, At: e.At, Kind: string(e.Kind), AgreementID: e.AgreementID, PotID: e.PotID, OrgCode: e.OrgCode,
		Amount: M(e.Amount), RefType: e.RefType, RefID: e.RefID, Actor: e.Actor}
}

func balancesOut(sums map[grant.EntryKind]money.Amount) Balances {
	return Balances{Allocated: M(sums[grant.EntryAllocated]), Requisitioned: M(sums[grant.EntryRequisitioned]),
		Approved: M(sums[grant.EntryApproved]), Rejected: M(sums[grant.EntryRejected]), Paid: M(sums[grant.EntryPaid]),
		Used: M(sums[grant.EntryUsed]), Unused: M(sums[grant.EntryUnused]), Claimed: M(sums[grant.EntryClaimed]),
		Repaid: M(sums[grant.EntryRepaid]), SubAllocated: M(sums[grant.EntrySubAllocated]), SubReleased: M(sums[grant.EntrySubReleased])}
}

func auditEntryOut(e grant.AuditEntry) AuditEntry {
	out := AuditEntry{ID: e.ID, At: e.At, Actor: e.Actor, ActingFor: e.ActingFor, Action: e.Action, Entity: e.Entity, EntityID: e.EntityID}
	for _, f := range []struct {
		text string
		dst  *any
	}{{e.Before, &out.Before}, {e.After, &out.After}} {
		if f.text != "" && json.Unmarshal([]byte(f.text), f.dst) != nil {
			*f.dst = f.text // not JSON after all: show it as text
		}
	}
	return out
}

// ledgerParams are the filters of the ledger and the balances.
func ledgerParams() []Param {
	ps := filterParams("year", "agreement_id", "pot_id", "org", "kind")
	ps[4].Enum = entryKinds
	return ps
}

func (h *Handler) registerLedger(rt *Router) {
	tags := []string{"ledger"}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/ledger", Summary: "List ledger entries", Tags: tags,
		Description: "The money movements, oldest first. Entries are never changed or removed.",
		Query:       ledgerParams(), Paged: true, Response: List[LedgerEntry]{},
		Handler: listOf(h.svc.Ledger, ledgerEntryOut)})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/balances", Summary: "Sum the ledger by kind", Tags: tags,
		Description: "The sums of the ledger entries that match the filters, one per kind of movement.",
		Query:       append(ledgerParams(), filterParams("as_of")...), Response: Balances{}, Cached: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			f, _, err := listFilter(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			f.Limit, f.Offset = 0, 0
			sums, err := h.svc.Balances(ctx(r), f)
			respond(w, r, http.StatusOK, balancesOut(sums), err)
		}})
	instant := "a date (YYYY-MM-DD, meaning its start in UTC) or a date and time (RFC 3339)"
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/audit", Summary: "List the audit log", Tags: tags,
		Description: "Every write with its actor and the record before and after, newest first.",
		Query: []Param{
			{Name: "entity", Description: "Only entries about this kind of record, e.g. pot or allocation_run."},
			{Name: "entity_id", Description: "Only entries about the record with this id (or code)."},
			{Name: "actor", Description: "Only entries by this user."},
			{Name: "from", Description: "Only entries at or after this instant: " + instant + "."},
			{Name: "to", Description: "Only entries before this instant: " + instant + "."},
		},
		Paged: true, Response: List[AuditEntry]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			p, err := ParsePage(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			f := app.AuditFilter{Limit: p.Limit, Offset: p.Offset, Count: p.Count}
			for _, q := range []struct {
				name string
				dst  *string
			}{{"entity", &f.Entity}, {"entity_id", &f.EntityID}, {"actor", &f.Actor}, {"from", &f.From}, {"to", &f.To}} {
				if *q.dst, _, err = QueryString(r, q.name); err != nil {
					WriteError(w, r, err)
					return
				}
			}
			if f.From, err = instantParam("from", f.From); err == nil {
				f.To, err = instantParam("to", f.To)
			}
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, total, err := h.svc.Audit(ctx(r), f)
			out := make([]AuditEntry, len(list))
			for i, e := range list {
				out[i] = auditEntryOut(e)
			}
			respond(w, r, http.StatusOK, NewList(r, p, out, total), err)
		}})
}

// instantParam reads a date or an RFC 3339 instant as the stored timestamp
// text, so that the store can compare it with the entries' times.
func instantParam(name, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return grant.Timestamp(d), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "", grant.Errorf(grant.EINVALID, name, "the query parameter %s must be a date (YYYY-MM-DD) or a date and time (RFC 3339), got %q",
			"frågeparametern %s måste vara ett datum (ÅÅÅÅ-MM-DD) eller en tidpunkt (RFC 3339), fick %q", name, excerpt(s))
	}
	return grant.Timestamp(t), nil
}
