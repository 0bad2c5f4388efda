package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Statistics is what the overview, the money flow, the per-capita chart
// and the audit pages read. The service decides what the actor may see.
type Statistics interface {
	Allocations
	Balances(ctx context.Context, f app.ListFilter) (map[grant.EntryKind]money.Amount, error)
	ConditionStatuses(ctx context.Context, f app.ListFilter) ([]grant.ConditionStatus, int, error)
	Requisitions(ctx context.Context, f app.ListFilter) ([]grant.Requisition, int, error)
	SubAllocations(ctx context.Context, f app.ListFilter) ([]grant.SubAllocation, int, error)
	PopulationTables(ctx context.Context) ([]grant.PopulationTable, error)
	Populations(ctx context.Context, tableID int64) (map[string]int64, error)
	Audit(ctx context.Context, f app.AuditFilter) ([]grant.AuditEntry, int, error)
}

// registerStatistics adds the overview, flow, per-capita and audit pages.
func (h *Handler) registerStatistics(mux Mux) {
	if h.cfg.Statistics == nil {
		return
	}
	mux.Handle("GET /overview", http.HandlerFunc(h.overview))
	mux.Handle("GET /flow", http.HandlerFunc(h.flow))
	mux.Handle("GET /per-capita", http.HandlerFunc(h.perCapita))
	mux.Handle("GET /audit", http.HandlerFunc(h.audit))
	mux.Handle("GET /as-of", http.HandlerFunc(h.asOf))
}

// decidedPot is a pot of a year with its decided run (lines included);
// Run.ID is 0 when the pot has no decided split.
type decidedPot struct {
	Pot grant.Pot
	Run grant.AllocationRun
}

// decidedYear is a year's agreements and their pots with decided splits.
type decidedYear struct {
	Year       int
	Agreements []grant.Agreement
	Pots       []decidedPot
	Years      []int // every year with an agreement, newest first, for the year choice
}

// readYear reads the year's pots and decided runs: one list of each and
// one read per decided run for its lines, not one per recipient.
func readYear(ctx context.Context, s Allocations, year int) (decidedYear, error) {
	y := decidedYear{Year: year}
	all, _, err := s.Agreements(ctx, app.ListFilter{})
	if err != nil {
		return y, err
	}
	for _, a := range all {
		if !slices.Contains(y.Years, a.Year) {
			y.Years = append(y.Years, a.Year)
		}
	}
	slices.SortFunc(y.Years, func(a, b int) int { return cmp.Compare(b, a) })
	if y.Year == 0 && len(y.Years) > 0 {
		y.Year = y.Years[len(y.Years)-1] // the first year: the one with every step done
	}
	for _, a := range all {
		if a.Year == y.Year {
			y.Agreements = append(y.Agreements, a)
		}
	}
	if len(y.Agreements) == 0 {
		return y, nil
	}
	pots, _, err := s.Pots(ctx, app.ListFilter{Year: y.Year})
	if err != nil {
		return y, err
	}
	runs, _, err := s.Runs(ctx, app.ListFilter{Year: y.Year, Status: string(grant.RunDecided)})
	if err != nil {
		return y, err
	}
	runOf := map[int64]int64{}
	for _, r := range runs {
		runOf[r.PotID] = r.ID
	}
	slices.SortFunc(pots, func(a, b grant.Pot) int { return cmp.Compare(a.ID, b.ID) })
	for _, p := range pots {
		dp := decidedPot{Pot: p}
		if id := runOf[p.ID]; id != 0 {
			if dp.Run, err = s.Run(ctx, id); err != nil {
				return y, err
			}
		}
		y.Pots = append(y.Pots, dp)
	}
	return y, nil
}

// readRequestedYear reads the decided year that ?year= names (see
// yearParam and readYear).
func readRequestedYear(r *http.Request, s Allocations) (decidedYear, error) {
	year, err := yearParam(r)
	if err != nil {
		return decidedYear{}, err
	}
	return readYear(r.Context(), s, year)
}

// yearParam reads ?year=; 0 when absent, an error when malformed.
func yearParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("year")
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 9999 {
		return 0, grant.Errorf(grant.EINVALID, "year", "year must be a year such as 2017, got %q", "år måste vara ett årtal som 2017, fick %q", s)
	}
	return y, nil
}

// perInhabitant is amount divided by population in öre per inhabitant,
// rounded half up, in integer arithmetic; 0 for no population.
func perInhabitant(amount money.Amount, population int64) int64 {
	if population <= 0 {
		return 0
	}
	a := int64(amount)
	if a < 0 {
		return -((-2*a + population) / (2 * population))
	}
	return (2*a + population) / (2 * population)
}

// perInhabitantText writes öre per inhabitant as "123,45 kr", always with
// the öre, so that the column lines up.
func perInhabitantText(ore int64) string {
	sign := ""
	if ore < 0 {
		sign, ore = "\u2212", -ore
	}
	whole := strings.TrimSuffix(money.Amount(ore/100*100).HTML(), "\u00a0kr")
	return fmt.Sprintf("%s%s,%02d\u00a0kr", sign, whole, ore%100)
}
