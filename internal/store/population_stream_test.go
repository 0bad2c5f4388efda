package store_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// InsertPopulationTables writes streamed rows in batches (a full batch and
// a tail) and reports progress; a row the database refuses, even the last,
// rolls everything back.
func TestInsertPopulationTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 1234 // several batches and a tail
		rows := func(dupAtEnd bool) func(func(int, population.Row) bool) {
			return func(yield func(int, population.Row) bool) {
				for i := range n {
					r := population.Row{Code: "0780", Age: i % 131, Sex: population.Sex(1 + i/131%2), Count: int64(i)}
					if i/262 > 0 {
						r.Code = []string{"0780", "0781", "0760", "0761", "0763"}[i/262]
					}
					if !yield(i%2, r) {
						return
					}
				}
				if dupAtEnd {
					yield(1, population.Row{Code: "0780", Age: 1, Sex: population.Male, Count: 1})
				}
			}
		}
		count := func() (tables, rows int) {
			if err := db.Pools()[0].QueryRow(`SELECT (SELECT COUNT(*) FROM population_tables), (SELECT COUNT(*) FROM population_rows)`).Scan(&tables, &rows); err != nil {
				t.Fatal(err)
			}
			return tables, rows
		}
		tables := []*grant.PopulationTable{{Name: "a", Source: "s", ReferenceDate: "2019-12-31", CreatedAt: "2026-01-01T00:00:00Z"},
			{Name: "b", Source: "s", ReferenceDate: "2019-12-31", CreatedAt: "2026-01-01T00:00:00Z"}}
		err := db.Write(ctx, func(tx app.Tx) error { return tx.InsertPopulationTables(ctx, tables, rows(true), nil) })
		if grant.ErrorCode(err) != grant.ECONFLICT {
			t.Fatalf("a duplicate last row: %v, want a conflict", err)
		}
		if tb, r := count(); tb != 0 || r != 0 {
			t.Fatalf("after the refused write: %d tables, %d rows", tb, r)
		}
		var reports []int
		err = db.Write(ctx, func(tx app.Tx) error {
			return tx.InsertPopulationTables(ctx, tables, rows(false), func(written int) { reports = append(reports, written) })
		})
		if err != nil {
			t.Fatal(err)
		}
		if tb, r := count(); tb != 2 || r != n {
			t.Fatalf("%d tables, %d rows; want 2 and %d", tb, r, n)
		}
		if len(reports) < 2 || reports[len(reports)-1] != n || tables[0].Rows+tables[1].Rows != n || !tables[0].HasAge || !tables[1].HasSex {
			t.Errorf("progress %v, tables %+v %+v", reports, *tables[0], *tables[1])
		}
	})
}
