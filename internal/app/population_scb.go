package app

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
	"github.com/anslag/anslag/internal/population"
)

// SCBImport says how to store a file downloaded from SCB's
// Statistikdatabasen (PxWeb CSV or JSON-stat 2.0).
type SCBImport struct {
	// Name names the table; "" gives "SCB folkmängd YEAR". With several
	// years each table's name ends with its year.
	Name string
	// Source says where the figures come from; "" means "SCB". It also
	// labels errors, so the file name is a good choice.
	Source string
	// Year picks the period column: "" for the only one, a label such as
	// "2016" or "2016M10", or "all" for a table per period.
	Year string
	// ReferenceDate overrides the day a single chosen period counts
	// (31 December of a year, the last day of a month).
	ReferenceDate grant.Date
	IsExample     bool
	// Size is the file's length in bytes, if known, for Progress.
	Size int64
	// Progress, if not nil, hears the bytes read after each written batch.
	Progress func(read, size int64)
}

// InspectSCB reads the head of an SCB file: its format, periods and
// dimensions, so that a user can choose the year before importing.
func (s *Service) InspectSCB(ctx context.Context, name string, r io.Reader) (importer.SCBInfo, error) {
	if err := requireAdmin(ctx); err != nil {
		return importer.SCBInfo{}, err
	}
	rd, err := importer.OpenSCB(r, name, s.reg)
	if err != nil {
		return importer.SCBInfo{}, userError(grant.EINVALID, "file", err)
	}
	return rd.Info(), nil
}

// ImportSCB streams an SCB population file into one population table per
// chosen period, all in one transaction with its audit entries: any fault
// in the file, failed write or cancelled ctx stores nothing. The file is
// never held whole in memory.
func (s *Service) ImportSCB(ctx context.Context, in SCBImport, r io.Reader) ([]grant.PopulationTable, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	in.Name, in.Source = strings.TrimSpace(in.Name), strings.TrimSpace(in.Source)
	if in.Source == "" {
		in.Source = "SCB"
	}
	cr := &importer.CountingReader{R: r}
	rd, err := importer.OpenSCB(cr, in.Source, s.reg)
	if err != nil {
		return nil, userError(grant.EINVALID, "file", err)
	}
	info := rd.Info()
	sel, err := importer.ChoosePeriods(info, in.Year)
	if err != nil {
		return nil, userError(grant.EINVALID, "year", err)
	}
	if in.ReferenceDate != "" {
		if len(sel) > 1 {
			return nil, grant.Errorf(grant.EINVALID, "reference_date", "a reference date can be given for one year only, not for all",
				"referensdatum kan bara anges för ett år, inte för alla")
		}
		if _, err := grant.ParseDate("reference_date", string(in.ReferenceDate)); err != nil {
			return nil, err
		}
	}
	tables := make([]*grant.PopulationTable, len(sel))
	at := s.stamp()
	for i, p := range sel {
		period := info.Periods[p]
		t := &grant.PopulationTable{Name: in.Name, Source: in.Source, ReferenceDate: grant.Date(period.ReferenceDate()),
			IsExample: in.IsExample, CreatedAt: at}
		switch {
		case t.Name == "":
			t.Name = "SCB folkmängd " + period.Label
		case len(sel) > 1:
			t.Name += " " + period.Label
		}
		if in.ReferenceDate != "" {
			t.ReferenceDate = in.ReferenceDate
		}
		tables[i] = t
	}
	var progress func(int)
	if in.Progress != nil {
		progress = func(int) { in.Progress(cr.N(), in.Size) }
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		var readErr error
		rows := func(yield func(int, population.Row) bool) {
			readErr = rd.Read(ctx, sel, func(t int, r population.Row) error {
				if !yield(t, r) {
					return errStopped
				}
				return nil
			})
		}
		if err := tx.InsertPopulationTables(ctx, tables, rows, progress); err != nil {
			return err
		}
		if readErr != nil {
			if errors.Is(readErr, context.Canceled) || errors.Is(readErr, context.DeadlineExceeded) {
				return readErr
			}
			return userError(grant.EINVALID, "file", readErr)
		}
		for i, t := range tables {
			_, _, _, t.Total = rd.Summary(i)
			if err := s.audit(ctx, tx, "import", "population_table", t.ID, nil, *t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]grant.PopulationTable, len(tables))
	for i, t := range tables {
		out[i] = *t
	}
	return out, nil
}

// errStopped ends a read whose consumer stopped early (a failed insert,
// whose own error is the one returned).
var errStopped = errors.New("population import stopped")
