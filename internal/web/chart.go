package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// countyRow is one county's decided money and population.
type countyRow struct {
	Code, Name string
	Amount     money.Amount
	Population int64
	PerCapita  int64 // öre per inhabitant
	Text       string
}

// perCapitaPage is the chart of kronor per inhabitant by county.
type perCapitaPage struct {
	Year       int
	Years      []int
	Table      grant.PopulationTable
	Rows       []countyRow
	Total      money.Amount
	Population int64
	Average    string
	Chart      barChart
}

// populationOf picks the population table the year's splits used (the
// first decided pot's), else the latest stored one; ok is false if none.
func populationOf(ctx context.Context, s Statistics, y decidedYear) (grant.PopulationTable, bool, error) {
	tables, err := s.PopulationTables(ctx)
	if err != nil {
		return grant.PopulationTable{}, false, err
	}
	for _, dp := range y.Pots {
		if id := cmp.Or(dp.Run.PopulationTableID, dp.Pot.PopulationTableID); id != 0 && dp.Run.ID != 0 {
			for _, t := range tables {
				if t.ID == id {
					return t, true, nil
				}
			}
		}
	}
	if len(tables) == 0 {
		return grant.PopulationTable{}, false, nil
	}
	return slices.MaxFunc(tables, func(a, b grant.PopulationTable) int {
		return cmp.Or(cmp.Compare(a.ReferenceDate, b.ReferenceDate), cmp.Compare(a.ID, b.ID))
	}), true, nil
}

// perCapita charts the year's decided kronor per inhabitant by county: all
// pots, every recipient counted in its county.
func (h *Handler) perCapita(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(r)
	y, err := readRequestedYear(r, h.cfg.Statistics)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := perCapitaPage{Year: y.Year, Years: y.Years}
	table, ok, err := populationOf(ctx, h.cfg.Statistics, y)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pops := map[string]int64{}
	if ok {
		page.Table = table
		if pops, err = h.cfg.Statistics.Populations(ctx, table.ID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	byCounty := map[string]money.Amount{}
	for _, dp := range y.Pots {
		for _, l := range dp.Run.Lines {
			county := l.County
			if county == "" && isDigits(l.Code) && len(l.Code) >= 2 {
				county = l.Code[:2]
			}
			byCounty[county] += l.Amount
			page.Total += l.Amount
		}
	}
	for code, name := range h.counties {
		row := countyRow{Code: code, Name: name, Amount: byCounty[code], Population: pops[code]}
		row.PerCapita = perInhabitant(row.Amount, row.Population)
		row.Text = perInhabitantText(row.PerCapita)
		page.Population += row.Population
		page.Rows = append(page.Rows, row)
	}
	slices.SortFunc(page.Rows, func(a, b countyRow) int {
		return cmp.Or(cmp.Compare(b.PerCapita, a.PerCapita), cmp.Compare(a.Code, b.Code))
	})
	average := perInhabitant(page.Total, page.Population)
	page.Average = perInhabitantText(average)
	labels, texts, values := make([]string, len(page.Rows)), make([]string, len(page.Rows)), make([]int64, len(page.Rows))
	out := &sheet{Name: fmt.Sprintf("per-invanare-%d", y.Year), Header: []string{"Län", "Kod", "Belopp (kr)", "Folkmängd", "Kronor per invånare"}}
	for i, row := range page.Rows {
		labels[i], texts[i], values[i] = row.Name, row.Text, row.PerCapita
		out.add(row.Name, row.Code, row.Amount, row.Population, money.Amount(row.PerCapita))
	}
	out.add("Riket", "", page.Total, page.Population, money.Amount(average))
	if h.exported(w, r, out) {
		return
	}
	page.Chart = layoutBars(labels, texts, values, average, page.Average)
	h.render(w, r, http.StatusOK, "percapita", fmt.Sprintf("%s %d", pick(lang, "Kronor per inhabitant", "Kronor per invånare"), y.Year), page)
}
