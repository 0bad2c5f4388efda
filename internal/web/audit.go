package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// auditPageSize is how many entries a page of the audit log shows.
const auditPageSize = 50

// auditEntry is an entry with its records made readable.
type auditEntry struct {
	grant.AuditEntry
	When                  string // "2017-02-10 10:00:00"
	BeforeJSON, AfterJSON string
}

type auditPage struct {
	Form     *form
	Entries  []auditEntry
	Pager    pager
	Entities []string
}

// auditEntities are the records the audit log names, for the filter.
func auditEntities() []string {
	return []string{"agreement", "pot", "allocation_run", "requisition", "payment", "fulfilment", "use_report",
		"repayment_claim", "repayment", "sub_allocation", "initiative", "action_plan", "organisation", "population_table", "user", "api_token"}
}

// audit lists the audit log, newest first, filtered and a page at a time.
func (h *Handler) audit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(r)
	q := r.URL.Query()
	if d := q.Get("as_of"); d != "" { // the records as they stood then have a page of their own
		http.Redirect(w, r, "/as-of?"+url.Values{"date": {d}, "org": {q.Get("org")}}.Encode(), http.StatusSeeOther)
		return
	}
	f := emptyForm(language(r), r.URL.Query())
	filter := app.AuditFilter{Entity: q.Get("entity"), Action: q.Get("action"), Actor: q.Get("user"), ActingFor: q.Get("org"),
		Limit: auditPageSize, Count: true}
	// A malformed date is reported next to its field and does not filter.
	if d := f.Date("from", false); d != "" {
		filter.From = string(d)
	}
	if d := f.Date("to", false); d != "" {
		if t, err := time.Parse(time.DateOnly, string(d)); err == nil {
			filter.To = t.AddDate(0, 0, 1).Format(time.DateOnly) // to the end of that day
		}
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	filter.Offset = max(offset, 0)
	list, total, err := h.cfg.Statistics.Audit(ctx, filter)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := auditPage{Form: f, Entities: auditEntities()}
	out := &sheet{Name: "granskningslogg", Header: []string{"Id", "Tid", "Användare", "För organisation", "Åtgärd", "Post", "Post-id", "Före", "Efter"}}
	for _, e := range list {
		page.Entries = append(page.Entries, auditEntry{AuditEntry: e, When: readableTime(e.At), BeforeJSON: prettyJSON(e.Before), AfterJSON: prettyJSON(e.After)})
		out.add(e.ID, e.At, e.Actor, e.ActingFor, e.Action, e.Entity, e.EntityID, e.Before, e.After)
	}
	if h.exported(w, r, out) {
		return
	}
	page.Pager = newPager("/audit", q, filter.Offset, auditPageSize, len(list), total)
	h.render(w, r, http.StatusOK, "audit", pick(lang, "Audit log", "Granskningslogg"), page)
}

// readableTime writes a stored timestamp to the second, without the zone
// letter: "2017-02-10T10:00:00.000000Z" → "2017-02-10 10:00:00" (UTC).
func readableTime(at string) string {
	if len(at) < len("2006-01-02T15:04:05") {
		return at
	}
	return at[:10] + " " + at[11:19]
}

// prettyJSON indents a stored record for reading; "" stays "".
func prettyJSON(s string) string {
	if s == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// asOfPage is the money, requisitions and sub-allocations as they stood at
// the end of a day.
type asOfPage struct {
	Form           *form
	Date           grant.Date
	Org            string
	Balances       []balanceRow
	Requisitions   []asOfRequisition
	SubAllocations []asOfSubAllocation
}

// asOfRequisition and asOfSubAllocation are the records with their status
// in the user's language.
type asOfRequisition struct {
	ID           int64
	OrgCode      string
	Status       string
	Amount, Paid money.Amount
}

type asOfSubAllocation struct {
	ID          int64
	FromOrg, To string
	Status      string
	Amount      money.Amount
}

type balanceRow struct {
	Kind   string
	Amount money.Amount
}

// entryKinds are the ledger's kinds in the order money moves.
func entryKinds() []grant.EntryKind {
	return []grant.EntryKind{grant.EntryAllocated, grant.EntryRequisitioned, grant.EntryApproved, grant.EntryRejected,
		grant.EntryPaid, grant.EntryUsed, grant.EntryUnused, grant.EntryClaimed, grant.EntryRepaid, grant.EntrySubAllocated, grant.EntrySubReleased}
}

// asOf shows what the records said at the end of a past day, rebuilt by the
// service from the audit log and the ledger.
func (h *Handler) asOf(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(r)
	f := emptyForm(language(r), r.URL.Query())
	page := asOfPage{Form: f, Org: r.URL.Query().Get("org")}
	if err := app.RequireOversight(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	page.Date = f.Date("date", false)
	if page.Date == "" || !f.OK() {
		h.render(w, r, http.StatusOK, "asof", pick(lang, "As of a day", "Per dag"), page)
		return
	}
	lf := app.ListFilter{AsOf: page.Date, OrgCode: page.Org}
	sums, err := h.cfg.Statistics.Balances(ctx, lf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := &sheet{Name: fmt.Sprintf("per-%s", page.Date), Header: []string{"Slag", "Belopp (kr)"}}
	for _, k := range entryKinds() {
		page.Balances = append(page.Balances, balanceRow{Kind: entryKind(lang, k), Amount: sums[k]})
		out.add(entryKind("sv", k), sums[k])
	}
	reqs, _, err := h.cfg.Statistics.Requisitions(ctx, lf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, q := range reqs {
		page.Requisitions = append(page.Requisitions, asOfRequisition{ID: q.ID, OrgCode: q.OrgCode, Status: requisitionStatus(lang, q.Status), Amount: q.Amount, Paid: q.Paid})
	}
	subs, _, err := h.cfg.Statistics.SubAllocations(ctx, lf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, s := range subs {
		to := s.ToOrg
		if to == "" {
			to = fmt.Sprintf("%s %d", pick(lang, "initiative", "insats"), s.InitiativeID)
		}
		page.SubAllocations = append(page.SubAllocations, asOfSubAllocation{ID: s.ID, FromOrg: s.FromOrg, To: to, Status: subAllocStatus(lang, s.Status), Amount: s.Amount})
	}
	if h.exportedTable(w, r, asOfSheets(page, out)) {
		return
	}
	h.render(w, r, http.StatusOK, "asof", fmt.Sprintf("%s %s", pick(lang, "As of", "Per"), page.Date), page)
}

// entryKind names a kind of ledger entry in the user's language.
func entryKind(lang string, k grant.EntryKind) string {
	switch k {
	case grant.EntryAllocated:
		return pick(lang, "allocated", "fördelat")
	case grant.EntryRequisitioned:
		return pick(lang, "requisitioned", "rekvirerat")
	case grant.EntryApproved:
		return pick(lang, "approved", "godkänt")
	case grant.EntryRejected:
		return pick(lang, "rejected", "avslaget")
	case grant.EntryPaid:
		return pick(lang, "paid", "utbetalt")
	case grant.EntryUsed:
		return pick(lang, "reported used", "redovisat använt")
	case grant.EntryUnused:
		return pick(lang, "reported not used", "redovisat oanvänt")
	case grant.EntryClaimed:
		return pick(lang, "claimed back", "återkrävt")
	case grant.EntryRepaid:
		return pick(lang, "repaid", "återbetalt")
	case grant.EntrySubAllocated:
		return pick(lang, "passed on", "vidarefördelat")
	case grant.EntrySubReleased:
		return pick(lang, "passing on withdrawn", "vidarefördelning återkallad")
	}
	return string(k)
}

// asOfSheets are the as-of page's tables as downloads: the balances (the
// page's first table, no ?table=), the requisitions and the sub-allocations.
func asOfSheets(page asOfPage, balances *sheet) map[string]*sheet {
	reqs := &sheet{Name: fmt.Sprintf("rekvisitioner-per-%s", page.Date), Header: []string{"Nr", "Organisation", "Status", "Belopp (kr)", "Utbetalt (kr)"}}
	for _, q := range page.Requisitions {
		reqs.add(q.ID, q.OrgCode, q.Status, q.Amount, q.Paid)
	}
	subs := &sheet{Name: fmt.Sprintf("vidarefordelat-per-%s", page.Date), Header: []string{"Nr", "Från", "Till", "Status", "Belopp (kr)"}}
	for _, s := range page.SubAllocations {
		subs.add(s.ID, s.FromOrg, s.To, s.Status, s.Amount)
	}
	return map[string]*sheet{"": balances, "requisitions": reqs, "sub-allocations": subs}
}
