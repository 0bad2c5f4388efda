package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/anslag/anslag/internal/money"
)

// countyTable is a county's decided amounts in one year: a row per
// organisation, a column per pot with a decided split.
type countyTable struct {
	Year   int
	County string // code
	Name   string // "Kronobergs län"
	Pots   []string
	Rows   []countyOrgRow
	Totals []money.Amount // per pot
	Total  money.Amount
}

type countyOrgRow struct {
	Code, Name string
	Amounts    []money.Amount // per pot
	Total      money.Amount
}

// countyAllocations reads the year's decided splits and keeps the lines of
// the county's organisations.
func (h *Handler) countyAllocations(ctx context.Context, year int, county string) (*countyTable, *sheet, error) {
	y, err := readYear(ctx, h.cfg.Allocations, year)
	if err != nil {
		return nil, nil, err
	}
	t := &countyTable{Year: y.Year, County: county, Name: h.counties[county]}
	rows := map[string]*countyOrgRow{}
	var col int
	for _, dp := range y.Pots {
		if dp.Run.ID == 0 {
			continue
		}
		t.Pots = append(t.Pots, dp.Pot.Name)
		t.Totals = append(t.Totals, 0)
		for _, l := range dp.Run.Lines {
			if l.County != county || l.Amount == 0 {
				continue
			}
			row := rows[l.Code]
			if row == nil {
				row = &countyOrgRow{Code: l.Code, Name: l.Name}
				rows[l.Code] = row
			}
			for len(row.Amounts) <= col {
				row.Amounts = append(row.Amounts, 0)
			}
			row.Amounts[col] += l.Amount
			row.Total += l.Amount
			t.Totals[col] += l.Amount
			t.Total += l.Amount
		}
		col++
	}
	out := &sheet{Name: fmt.Sprintf("fordelning-%d-lan-%s", t.Year, county), Header: append([]string{"Organisation", "Kod"}, t.Pots...)}
	out.Header = append(out.Header, "Summa (kr)")
	for _, row := range rows {
		for len(row.Amounts) < len(t.Pots) {
			row.Amounts = append(row.Amounts, 0)
		}
		t.Rows = append(t.Rows, *row)
	}
	// The region first, then the municipalities by code, then the rest.
	slices.SortFunc(t.Rows, func(a, b countyOrgRow) int {
		return cmp.Or(cmp.Compare(recipientGroup(a.Code), recipientGroup(b.Code)), cmp.Compare(a.Code, b.Code))
	})
	for _, row := range t.Rows {
		cells := []any{row.Name, row.Code}
		for _, a := range row.Amounts {
			cells = append(cells, a)
		}
		out.add(append(cells, row.Total)...)
	}
	return t, out, nil
}
