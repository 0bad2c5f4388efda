package app

import (
	"context"
	"io"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/population"
)

// ImportPopulation reads a population table in the documented CSV format
// and stores it with its source and reference date, all or nothing.
func (s *Service) ImportPopulation(ctx context.Context, meta grant.PopulationTable, r io.Reader) (grant.PopulationTable, error) {
	if err := requireAdmin(ctx); err != nil {
		return meta, err
	}
	meta.Name = strings.TrimSpace(meta.Name)
	if meta.Name == "" {
		return meta, grant.Errorf(grant.EINVALID, "name", "a name is required", "namn krävs")
	}
	if meta.ReferenceDate == "" {
		return meta, grant.Errorf(grant.EINVALID, "reference_date", "the reference date is required (the day the table counts)", "referensdatum krävs (dagen tabellen räknar)")
	}
	if _, err := grant.ParseDate("reference_date", string(meta.ReferenceDate)); err != nil {
		return meta, err
	}
	t, err := population.ReadCSV(r, meta.Source, s.reg)
	if err != nil {
		return meta, userError(grant.EINVALID, "file", err)
	}
	rows := t.Rows()
	meta.HasAge, meta.HasSex, meta.Rows, meta.Total = t.HasAge(), t.HasSex(), len(rows), t.Total(population.Filter{})
	meta.CreatedAt = s.stamp()
	err = s.store.Write(ctx, func(tx Tx) error {
		if err := tx.InsertPopulationTable(ctx, &meta, rows); err != nil {
			return err
		}
		return s.audit(ctx, tx, "import", "population_table", meta.ID, nil, meta)
	})
	return meta, err
}

// PopulationTables lists the stored tables.
func (s *Service) PopulationTables(ctx context.Context) (list []grant.PopulationTable, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		list, err = tx.ListPopulationTables(ctx)
		return err
	})
	return list, err
}

// loadPopulation rebuilds a stored table for the engine.
func (s *Service) loadPopulation(ctx context.Context, tx Tx, id int64) (grant.PopulationTable, *population.Table, error) {
	meta, err := tx.PopulationTable(ctx, id)
	if err != nil {
		return meta, nil, err
	}
	rows, err := tx.PopulationRows(ctx, id)
	if err != nil {
		return meta, nil, err
	}
	t, err := population.FromRows(meta.Name, rows, s.reg)
	return meta, t, err
}
