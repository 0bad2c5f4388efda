package app_test

import (
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/money"
)

// The audit log narrows to an action and to the organisation a write was
// for, so that an auditor can follow one organisation's requisitions.
func TestAuditFiltersByActionAndOrganisation(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, pots := f.agreement2017(t)
		pot := pots["Analys och handlingsplaner"]
		f.reqDecide(t, pot.ID)
		if _, err := f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "07", Amount: 1 * money.Mkr}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			f    app.AuditFilter
			want func(n int) bool
		}{
			{"decisions", app.AuditFilter{Action: "decide"}, func(n int) bool { return n >= 1 }},
			{"no such action", app.AuditFilter{Action: "nonsense"}, func(n int) bool { return n == 0 }},
			{"for Kronoberg", app.AuditFilter{ActingFor: "07", Entity: "requisition"}, func(n int) bool { return n == 1 }},
			{"for Växjö", app.AuditFilter{ActingFor: "0780"}, func(n int) bool { return n == 0 }},
		} {
			list, total, err := f.svc.Audit(f.ctx, app.AuditFilter{Action: tt.f.Action, ActingFor: tt.f.ActingFor, Entity: tt.f.Entity, Count: true})
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(total) || len(list) != total {
				t.Errorf("%s: %d entries (total %d)", tt.name, len(list), total)
			}
			for _, e := range list {
				if (tt.f.Action != "" && e.Action != tt.f.Action) || (tt.f.ActingFor != "" && e.ActingFor != tt.f.ActingFor) {
					t.Errorf("%s: entry %+v does not match", tt.name, e)
				}
			}
		}
	})
}
