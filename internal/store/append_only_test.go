package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// TestAppendOnly proves that the audit log and the ledger only grow: the
// application's transactions offer no way to change or remove their rows,
// and a statement that tries it directly in the database is refused on
// both engines, leaving every row as it was.
func TestAppendOnly(t *testing.T) {
	tx := reflect.TypeFor[app.Tx]()
	for i := range tx.NumMethod() {
		name := tx.Method(i).Name
		if (strings.Contains(name, "Audit") || strings.Contains(name, "Ledger")) && !strings.HasPrefix(name, "Append") &&
			!strings.HasPrefix(name, "List") && name != "AuditStates" {
			t.Errorf("app.Tx.%s may change the audit log or ledger; only Append*, List* and AuditStates may touch them", name)
		}
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Write(ctx, func(tx app.Tx) error {
			if err := tx.InsertOrganisation(ctx, grant.Organisation{Code: "0780", Kind: grant.OrgMunicipality, Name: "Växjö kommun", CountyCode: "07"}, "2017-01-01T00:00:00Z"); err != nil {
				return err
			}
			a := grant.Agreement{Year: 2017, Title: "Psykisk hälsa", Total: 100, Version: 1}
			if err := tx.InsertAgreement(ctx, &a, "2017-01-01T00:00:00Z"); err != nil {
				return err
			}
			if err := tx.AppendLedger(ctx, []grant.LedgerEntry{{At: "2017-01-01T00:00:00Z", Kind: grant.EntryAllocated, AgreementID: a.ID,
				OrgCode: "0780", Amount: 100, RefType: "test", RefID: 1, Actor: "revisor"}}); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, grant.AuditEntry{At: "2017-01-01T00:00:00Z", Actor: "revisor", Action: "create", Entity: "agreement", EntityID: "1"})
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`UPDATE audit_log SET actor = 'someone else'`,
			`DELETE FROM audit_log`,
			`UPDATE ledger_entries SET amount = 1`,
			`DELETE FROM ledger_entries`,
		} {
			if err := db.ExecForTest(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want it refused as append-only", q, err)
			}
		}
		if db.Engine() == "postgres" {
			for _, q := range []string{`TRUNCATE audit_log`, `TRUNCATE ledger_entries CASCADE`} {
				if err := db.ExecForTest(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: %v, want it refused as append-only", q, err)
				}
			}
		}
		err = db.Read(ctx, func(tx app.Tx) error {
			audit, _, err := tx.ListAudit(ctx, app.AuditFilter{})
			if err != nil {
				return err
			}
			ledger, _, err := tx.ListLedger(ctx, app.ListFilter{})
			if err != nil {
				return err
			}
			if len(audit) != 1 || audit[0].Actor != "revisor" || len(ledger) != 1 || ledger[0].Amount != 100 {
				t.Errorf("the rows changed: audit %+v, ledger %+v", audit, ledger)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
