package app_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// The public reads a table's population by municipality and county: the
// counties' sums add up to the table's total, Kronoberg (07) counts its eight municipalities,
// and an unknown table is not found.
func TestPopulations(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		public := app.WithActor(context.Background(), app.PublicActor())
		got, err := f.svc.Populations(public, f.table.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 21+290 {
			t.Errorf("%d codes, want 21 counties and 290 municipalities", len(got))
		}
		var sum, municipalities int64
		for code, n := range got {
			if len(code) == 2 {
				sum += n
			} else {
				municipalities += n
			}
		}
		if municipalities != sum {
			t.Errorf("the municipalities sum to %d, the counties to %d", municipalities, sum)
		}
		if sum != f.table.Total {
			t.Errorf("the counties sum to %d, the table to %d", sum, f.table.Total)
		}
		// The example file: the eight municipalities of Kronoberg sum to 197 519.
		if got["07"] != 197_519 {
			t.Errorf("Kronoberg %d, want 197 519", got["07"])
		}
		for _, id := range []int64{0, f.table.ID + 100} {
			if _, err := f.svc.Populations(public, id); grant.ErrorCode(err) != grant.ENOTFOUND {
				t.Errorf("table %d: %v, want not found", id, err)
			}
		}
	})
}
