package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// overviewRow is a pot's money, or a year's total when Pot is "".
type overviewRow struct {
	Year                                         int
	Pot                                          string
	Allocated, Requisitioned, Paid, Used, Repaid money.Amount
	PerCapita                                    string // allocated kronor per inhabitant
}

// deadline is a date coming up or passed that someone must act by.
type deadline struct {
	Date    grant.Date
	What    string
	Overdue bool
	Count   int // organisations still to act, for a condition
}

type overviewPage struct {
	Org       string // "" for the national figures
	Rows      []overviewRow
	Deadlines []deadline
	Today     string
	Oversight bool // may read the audit log
}

// deadlineWindow is how far ahead the overview looks for deadlines.
const deadlineWindow = 60

// overview shows the money by year and pot from the ledger, and the
// deadlines: a coordinator's own organisation, nationally for oversight.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(r)
	actor := app.ActorFrom(ctx)
	if !actor.LoggedIn() {
		h.fail(w, r, grant.Errorf(grant.EUNAUTHORIZED, "", "log in to see the overview", "logga in för att se översikten"))
		return
	}
	page := overviewPage{Org: r.URL.Query().Get("org"), Oversight: actor.Oversight()}
	if page.Org == "" && !actor.Oversight() {
		for _, role := range actor.Roles {
			if role.Kind == grant.RoleCoordinator {
				page.Org = role.OrgCode
				break
			}
		}
	}
	agreements, _, err := h.cfg.Statistics.Agreements(ctx, app.ListFilter{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pots, _, err := h.cfg.Statistics.Pots(ctx, app.ListFilter{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	yearOf := map[int64]int{}
	for _, a := range agreements {
		yearOf[a.ID] = a.Year
	}
	slices.SortFunc(pots, func(a, b grant.Pot) int {
		return cmp.Or(cmp.Compare(yearOf[b.AgreementID], yearOf[a.AgreementID]), cmp.Compare(a.ID, b.ID))
	})
	tables, err := h.cfg.Statistics.PopulationTables(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pops := map[int64]int64{} // population of the org (or the nation) by table
	population := func(id int64) (int64, error) {
		if id == 0 && len(tables) > 0 { // a pot without a table: the latest one
			id = slices.MaxFunc(tables, func(a, b grant.PopulationTable) int { return cmp.Compare(a.ReferenceDate, b.ReferenceDate) }).ID
		}
		if n, ok := pops[id]; ok || id == 0 {
			return n, nil
		}
		byCode, err := h.cfg.Statistics.Populations(ctx, id)
		if err != nil {
			return 0, err
		}
		var n int64
		for code, c := range byCode {
			if (page.Org == "" && len(code) == 2) || code == page.Org {
				n += c
			}
		}
		pops[id] = n
		return n, nil
	}
	now := h.now().UTC()
	today := now.Format(time.DateOnly)
	page.Today = today
	horizon := now.AddDate(0, 0, deadlineWindow).Format(time.DateOnly)
	out := &sheet{Name: "oversikt", Header: []string{"År", "Pott", "Fördelat (kr)", "Rekvisitionerat (kr)", "Utbetalt (kr)", "Redovisat använt (kr)", "Återbetalt (kr)", "Fördelat per invånare"}}
	var year *overviewRow
	var yearPop int64
	flush := func() {
		if year != nil {
			year.PerCapita = perInhabitantText(perInhabitant(year.Allocated, yearPop))
			page.Rows = append(page.Rows, *year)
			out.add(year.Year, "Summa", year.Allocated, year.Requisitioned, year.Paid, year.Used, year.Repaid, year.PerCapita)
		}
	}
	for _, p := range pots {
		y := yearOf[p.AgreementID]
		if year == nil || year.Year != y {
			flush()
			year, yearPop = &overviewRow{Year: y}, 0
		}
		// One grouped read per pot: the ledger's sums by kind.
		sums, err := h.cfg.Statistics.Balances(ctx, app.ListFilter{PotID: p.ID, OrgCode: page.Org})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		n, err := population(p.PopulationTableID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		yearPop = max(yearPop, n)
		row := overviewRow{Year: y, Pot: p.Name, Allocated: sums[grant.EntryAllocated],
			Requisitioned: sums[grant.EntryRequisitioned] - sums[grant.EntryRejected],
			Paid:          sums[grant.EntryPaid], Used: sums[grant.EntryUsed], Repaid: sums[grant.EntryRepaid]}
		row.PerCapita = perInhabitantText(perInhabitant(row.Allocated, n))
		page.Rows = append(page.Rows, row)
		out.add(y, p.Name, row.Allocated, row.Requisitioned, row.Paid, row.Used, row.Repaid, row.PerCapita)
		year.Allocated += row.Allocated
		year.Requisitioned += row.Requisitioned
		year.Paid += row.Paid
		year.Used += row.Used
		year.Repaid += row.Repaid
		for _, d := range []struct {
			date grant.Date
			en   string
			sv   string
		}{{p.RequisitionDeadline, "requisition by", "rekvirera senast"}, {p.ReportDue, "report the use by", "redovisa användningen senast"}} {
			if d.date != "" && string(d.date) >= today && string(d.date) <= horizon {
				page.Deadlines = append(page.Deadlines, deadline{Date: d.date, What: fmt.Sprintf("%s: %s", p.Name, pick(lang, d.en, d.sv))})
			}
		}
	}
	flush()
	if h.exported(w, r, out) {
		return
	}
	// Conditions: overdue or due within the window and not yet approved,
	// one line per condition with the number of organisations concerned.
	statuses, _, err := h.cfg.Statistics.ConditionStatuses(ctx, app.ListFilter{OrgCode: page.Org})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	byCondition := map[int64]int{}
	for _, c := range statuses {
		due := c.Overdue || (c.Status != grant.FulfilApproved && string(c.DueDate) >= today && string(c.DueDate) <= horizon)
		if !due {
			continue
		}
		i, ok := byCondition[c.ConditionID]
		if !ok {
			i = len(page.Deadlines)
			byCondition[c.ConditionID] = i
			page.Deadlines = append(page.Deadlines, deadline{Date: c.DueDate, What: c.Title, Overdue: c.Overdue})
		}
		page.Deadlines[i].Count++
	}
	slices.SortStableFunc(page.Deadlines, func(a, b deadline) int { return cmp.Compare(a.Date, b.Date) })
	h.render(w, r, http.StatusOK, "overview", pick(lang, "Overview", "Översikt"), page)
}
