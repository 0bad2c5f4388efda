package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// CountyPopulations sums a stored population table by county: the whole
// population (every age and sex) of the municipalities of each county,
// keyed by the county's two-digit code. Population tables are published
// statistics, so everyone may read them, as PopulationTables.
func (s *Service) CountyPopulations(ctx context.Context, tableID int64) (byCounty map[string]int64, err error) {
	if tableID <= 0 {
		return nil, grant.NotFound("population table", "befolkningstabellen", tableID)
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		if _, err := tx.PopulationTable(ctx, tableID); err != nil {
			return err
		}
		rows, err := tx.PopulationRows(ctx, tableID)
		if err != nil {
			return err
		}
		byCounty = map[string]int64{}
		for _, r := range rows {
			// SCB's municipality codes begin with their county's code;
			// a table counts municipalities only.
			if len(r.Code) == 4 {
				byCounty[r.Code[:2]] += r.Count
			}
		}
		return nil
	})
	return byCounty, err
}
