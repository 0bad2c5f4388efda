package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Allocations is what the allocation pages read. The service decides what
// the actor may see: the public gets decided runs only.
type Allocations interface {
	Agreements(ctx context.Context, f app.ListFilter) ([]grant.Agreement, int, error)
	Agreement(ctx context.Context, id int64) (grant.Agreement, error)
	Pots(ctx context.Context, f app.ListFilter) ([]grant.Pot, int, error)
	Pot(ctx context.Context, id int64) (grant.Pot, error)
	Runs(ctx context.Context, f app.ListFilter) ([]grant.AllocationRun, int, error)
	Run(ctx context.Context, id int64) (grant.AllocationRun, error)
	OrgLines(ctx context.Context, org string, potID int64) ([]grant.OrgLine, error)
	DecidedRecipients(ctx context.Context) (map[int64]int, error)
}

// allocationYear is one agreement's decided splits, a table on the page.
type allocationYear struct {
	Agreement grant.Agreement
	Pots      []allocatedPot
	Total     money.Amount
}

type allocatedPot struct {
	Name       string
	Amount     money.Amount
	Recipients int
	RunID      int64
}

// allocationsPage is the decided splits by year and, when a county is
// chosen, the county's organisations' amounts.
type allocationsPage struct {
	Years    []allocationYear
	AllYears []int
	Year     int    // the chosen year; 0: all
	County   string // the chosen county; "": none
	Counties []countyOption
	Table    *countyTable
}

type countyOption struct{ Code, Name string }

// allocations lists every decided split by agreement, newest year first;
// ?year= keeps one year and ?county= adds the county's table.
func (h *Handler) allocations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	year, err := yearParam(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := allocationsPage{Year: year, County: r.URL.Query().Get("county")}
	if _, ok := h.counties[page.County]; !ok && page.County != "" {
		h.fail(w, r, grant.NotFound("county", "länet", page.County))
		return
	}
	for code, name := range h.counties {
		page.Counties = append(page.Counties, countyOption{code, name})
	}
	slices.SortFunc(page.Counties, func(a, b countyOption) int { return cmp.Compare(a.Code, b.Code) })
	if page.County != "" {
		var out *sheet
		if page.Table, out, err = h.countyAllocations(ctx, year, page.County); err != nil {
			h.fail(w, r, err)
			return
		}
		if r.URL.Query().Get("table") == "" && h.exported(w, r, out) {
			return
		}
	}
	all := app.ListFilter{}
	agreements, _, err := h.cfg.Allocations.Agreements(ctx, all)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pots, _, err := h.cfg.Allocations.Pots(ctx, all)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	runs, _, err := h.cfg.Allocations.Runs(ctx, app.ListFilter{Status: string(grant.RunDecided)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The list leaves out the lines; their recipients are counted apart.
	counts, err := h.cfg.Allocations.DecidedRecipients(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	potByID := map[int64]grant.Pot{}
	for _, p := range pots {
		potByID[p.ID] = p
	}
	byAgreement := map[int64][]allocatedPot{}
	for _, run := range runs {
		p, ok := potByID[run.PotID]
		if !ok {
			continue
		}
		byAgreement[p.AgreementID] = append(byAgreement[p.AgreementID],
			allocatedPot{Name: p.Name, Amount: run.Total, Recipients: counts[run.ID], RunID: run.ID})
	}
	var years []allocationYear
	for _, a := range agreements {
		if !slices.Contains(page.AllYears, a.Year) {
			page.AllYears = append(page.AllYears, a.Year)
		}
		if year != 0 && a.Year != year {
			continue
		}
		ps := byAgreement[a.ID]
		if len(ps) == 0 {
			continue
		}
		slices.SortFunc(ps, func(x, y allocatedPot) int { return cmp.Compare(x.RunID, y.RunID) })
		y := allocationYear{Agreement: a, Pots: ps}
		for _, p := range ps {
			if y.Total, err = y.Total.Add(p.Amount); err != nil {
				h.fail(w, r, err)
				return
			}
		}
		years = append(years, y)
	}
	slices.SortStableFunc(years, func(x, y allocationYear) int { return cmp.Compare(y.Agreement.Year, x.Agreement.Year) })
	slices.SortFunc(page.AllYears, func(a, b int) int { return cmp.Compare(b, a) })
	page.Years = years
	if r.URL.Query().Get("table") == "years" {
		out := &sheet{Name: "beslutade-fordelningar", Header: []string{"År", "Överenskommelse", "Pott", "Belopp (kr)", "Mottagare"}}
		for _, y := range years {
			for _, p := range y.Pots {
				out.add(y.Agreement.Year, y.Agreement.Title, p.Name, p.Amount, p.Recipients)
			}
		}
		if h.exported(w, r, out) {
			return
		}
	}
	h.render(w, r, http.StatusOK, "allocations", pick(language(r), "Allocations", "Fördelningar"), page)
}

// runPage is one decided split: its pot, agreement and lines.
type runPage struct {
	Run       grant.AllocationRun
	Pot       grant.Pot
	Agreement grant.Agreement
	Lines     []runLine
	Total     money.Amount
	Admin     bool // may recompute and decide a draft
}

type runLine struct {
	Name, Code, County string
	Amount             money.Amount
}

// allocationRun shows one run's lines, with a total that equals the pot.
func (h *Handler) allocationRun(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	run, err := h.pathRun(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pot, agreement, err := h.potWithAgreement(ctx, run.PotID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := runPage{Run: run, Pot: pot, Agreement: agreement, Admin: app.RequireAdmin(ctx) == nil}
	out := &sheet{Name: fmt.Sprintf("fordelning-%d-%s", agreement.Year, pot.Name), Header: []string{"Mottagare", "Kod", "Län", "Belopp (kr)"}}
	for _, l := range run.Lines {
		if l.Amount == 0 {
			continue
		}
		if page.Total, err = page.Total.Add(l.Amount); err != nil {
			h.fail(w, r, err)
			return
		}
		page.Lines = append(page.Lines, runLine{Name: l.Name, Code: l.Code, County: h.counties[l.County], Amount: l.Amount})
		out.add(l.Name, l.Code, h.counties[l.County], l.Amount)
	}
	if h.exported(w, r, out) {
		return
	}
	h.render(w, r, http.StatusOK, "allocation", pot.Name, page)
}

// pathRun reads the run the path's {run} names.
func (h *Handler) pathRun(r *http.Request) (grant.AllocationRun, error) {
	id, err := pathID(r, "run", "allocation run", "fördelningskörningen")
	if err != nil {
		return grant.AllocationRun{}, err
	}
	return h.cfg.Allocations.Run(r.Context(), id)
}

// potWithAgreement reads a pot and the agreement it belongs to.
func (h *Handler) potWithAgreement(ctx context.Context, potID int64) (grant.Pot, grant.Agreement, error) {
	p, err := h.cfg.Allocations.Pot(ctx, potID)
	if err != nil {
		return p, grant.Agreement{}, err
	}
	a, err := h.cfg.Allocations.Agreement(ctx, p.AgreementID)
	return p, a, err
}
