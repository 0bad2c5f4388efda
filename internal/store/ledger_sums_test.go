package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// loadDemo seeds the organisations and loads the demo's year of activity
// (allocations, requisitions, payments, reports of use, sub-allocations).
func loadDemo(t *testing.T, ctx context.Context, db *store.DB) {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := app.Config{Store: db, Register: reg, Now: func() time.Time { return time.Date(2019, 1, 15, 9, 0, 0, 0, time.UTC) }}
	if _, err := app.New(cfg).SeedOrganisations(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := demo.Load(ctx, cfg); err != nil || !ok {
		t.Fatalf("demo: %v %v", ok, err)
	}
}

// The running sums the writes keep are exactly the sums of the entries,
// at every level: the demo's year of activity (allocations, requisitions,
// payments, reports of use, sub-allocations) keeps them incrementally, and
// recomputing them from the ledger must give the same rows.
func TestLedgerSumsMatchTheEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDemo(t, ctx, db)
		kept, err := db.LedgerSumsForTest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RebuildLedgerSums(ctx); err != nil {
			t.Fatal(err)
		}
		rebuilt, err := db.LedgerSumsForTest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept) < 1000 || !maps.Equal(kept, rebuilt) {
			for k, v := range rebuilt {
				if kept[k] != v {
					t.Errorf("%s: kept %d, rebuilt %d", k, kept[k], v)
				}
			}
			t.Fatalf("%d rows kept by the writes, %d rebuilt from the ledger", len(kept), len(rebuilt))
		}
	})
}
