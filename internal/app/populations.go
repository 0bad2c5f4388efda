package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// Populations sums a stored population table by organisation: the whole
// population (every age and sex) of each municipality under its code, and
// of each county (region) as the sum of its municipalities under the
// county's two-digit code. Population tables are published
// statistics, so everyone may read them, as PopulationTables.
func (s *Service) Populations(ctx context.Context, tableID int64) (byCode map[string]int64, err error) {
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
		byCode = map[string]int64{}
		for _, r := range rows {
			// SCB's municipality codes begin with their county's code;
			// a table counts municipalities only.
			if len(r.Code) == 4 {
				byCode[r.Code[:2]] += r.Count
				byCode[r.Code] += r.Count
			}
		}
		return nil
	})
	return byCode, err
}
