package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// A pot's ledger is read straight from its (pot_id, id) index and every
// other filter pages the ids first; both must give the same pages: in id
// order, the pages of any size together the whole list, the last one
// telling the total and the others not.
func TestLedgerPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDemo(t, ctx, db)
		list := func(f app.ListFilter) (out []grant.LedgerEntry, total int) {
			t.Helper()
			err := db.Read(ctx, func(tx app.Tx) (err error) {
				out, total, err = tx.ListLedger(ctx, f)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return out, total
		}
		all, _ := list(app.ListFilter{})
		pots := map[int64]bool{}
		for _, e := range all {
			if e.PotID != 0 {
				pots[e.PotID] = true
			}
		}
		if len(pots) < 2 {
			t.Fatalf("the demo's ledger has %d pots; the test needs more", len(pots))
		}
		for pot := range pots {
			whole, total := list(app.ListFilter{PotID: pot})
			if total != len(whole) || len(whole) < 3 {
				t.Fatalf("pot %d: %d entries, total %d", pot, len(whole), total)
			}
			if !slices.IsSortedFunc(whole, func(a, b grant.LedgerEntry) int { return int(a.ID - b.ID) }) {
				t.Errorf("pot %d: entries not in id order", pot)
			}
			kinds := map[grant.EntryKind]int{}
			for _, e := range whole {
				kinds[e.Kind]++
				if e.PotID != pot {
					t.Fatalf("pot %d: entry %d of pot %d", pot, e.ID, e.PotID)
				}
			}
			for _, size := range []int{1, 2, len(whole) - 1, len(whole), len(whole) + 5} {
				var got []grant.LedgerEntry
				for offset := 0; offset < len(whole); offset += size {
					page, total := list(app.ListFilter{PotID: pot, Limit: size, Offset: offset})
					last := offset+size >= len(whole)
					if last && total != len(whole) || !last && total != app.TotalUnknown {
						t.Errorf("pot %d, page of %d at %d: total %d (last page: %v)", pot, size, offset, total, last)
					}
					got = append(got, page...)
				}
				if !slices.Equal(got, whole) {
					t.Errorf("pot %d: pages of %d differ from the whole list", pot, size)
				}
			}
			// With a second filter the ids are paged first: same rows.
			for kind, n := range kinds {
				page, _ := list(app.ListFilter{PotID: pot, Kind: string(kind), Limit: n + 1})
				want := slices.DeleteFunc(slices.Clone(whole), func(e grant.LedgerEntry) bool { return e.Kind != kind })
				if !slices.Equal(page, want) {
					t.Errorf("pot %d, kind %s: %d entries, want %d", pot, kind, len(page), len(want))
				}
			}
		}
	})
}
