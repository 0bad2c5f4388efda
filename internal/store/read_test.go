package store_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// A read of one statement runs once; on PostgreSQL one of more statements
// runs twice the first time (its first run, outside a transaction, is
// abandoned at the second statement) and once from then on, and both
// engines give it the same answers.
func TestReadRuns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDemo(t, ctx, db)
		db.SetRerunReadsForTest(false)
		var runs int
		page := func(tx app.Tx) ([]grant.LedgerEntry, error) { // one statement
			list, _, err := tx.ListLedger(ctx, app.ListFilter{Limit: 5})
			return list, err
		}
		one := func(tx app.Tx) error {
			runs++
			_, err := page(tx)
			return err
		}
		var first, second []grant.LedgerEntry
		two := func(tx app.Tx) (err error) {
			runs++
			if first, err = page(tx); err != nil {
				return err
			}
			second, err = page(tx)
			return err
		}
		postgres := db.Engine() == "postgres"
		for i, tc := range []struct {
			name string
			fn   func(app.Tx) error
			want int
		}{
			{"one statement", one, 1},
			{"two statements, first time", two, map[bool]int{true: 2, false: 1}[postgres]},
			{"two statements, again", two, 1},
			{"one statement, again", one, 1},
		} {
			runs = 0
			if err := db.Read(ctx, tc.fn); err != nil {
				t.Fatalf("%d %s: %v", i, tc.name, err)
			}
			if runs != tc.want {
				t.Errorf("%s: ran %d times, want %d", tc.name, runs, tc.want)
			}
		}
		if len(first) != 5 || len(second) != 5 || first[4] != second[4] {
			t.Fatalf("two statements read %v and %v", first, second)
		}
	})
}

// A read cannot write, whether the write is its first statement (outside a
// transaction on PostgreSQL) or a later one.
func TestReadCannotWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDemo(t, ctx, db)
		count := func() int {
			t.Helper()
			var n int
			if err := db.Read(ctx, func(tx app.Tx) (err error) {
				_, n, err = tx.ListAgreements(ctx, app.ListFilter{Count: true, Limit: 1})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		insert := func(tx app.Tx) error {
			a := grant.Agreement{Year: 2031, Title: "Skriven i en läsning", Total: 100}
			return tx.InsertAgreement(ctx, &a, "2031-01-01T00:00:00Z")
		}
		for _, tc := range []struct {
			name string
			fn   func(app.Tx) error
		}{
			{"first statement", insert},
			{"after a read", func(tx app.Tx) error {
				if _, _, err := tx.ListAgreements(ctx, app.ListFilter{}); err != nil {
					return err
				}
				return insert(tx)
			}},
		} {
			if err := db.Read(ctx, tc.fn); err == nil {
				t.Errorf("%s: a write in a read was accepted", tc.name)
			}
		}
		if after := count(); after != before {
			t.Errorf("%d agreements before the writing reads, %d after", before, after)
		}
	})
}

// A read of several statements sees one snapshot: a write committed
// between its statements is not in the later ones.
func TestReadSeesOneSnapshot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDemo(t, ctx, db)
		db.SetRerunReadsForTest(false)
		count := func(tx app.Tx) (int, error) {
			_, n, err := tx.ListAgreements(ctx, app.ListFilter{Count: true, Limit: 1})
			return n, err
		}
		writes := 0
		write := func() error {
			writes++
			return db.Write(ctx, func(tx app.Tx) error {
				a := grant.Agreement{Year: 2030 + writes, Title: "Skriven under en läsning", Total: 100}
				return tx.InsertAgreement(ctx, &a, "2030-01-01T00:00:00Z")
			})
		}
		var before, after int
		err := db.Read(ctx, func(tx app.Tx) (err error) {
			if before, err = count(tx); err != nil {
				return err
			}
			if err := write(); err != nil {
				return err
			}
			after, err = count(tx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var now int
		if err := db.Read(ctx, func(tx app.Tx) (err error) { now, err = count(tx); return err }); err != nil {
			t.Fatal(err)
		}
		if writes == 0 || before != after || now != before+writes {
			t.Errorf("%d agreements, then %d after %d writes within the read, %d after it; want the same twice, then %d",
				before, after, writes, now, before+writes)
		}
	})
}
