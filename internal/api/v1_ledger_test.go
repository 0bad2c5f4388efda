package api_test

import (
	"fmt"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/money"
)

func TestV1Ledger(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		p, run := coreDecidedRun(e)
		pot := fmt.Sprintf("pot_id=%d", p.ID)

		// The decided lines are in the ledger, oldest first, paged.
		var list api.List[api.LedgerEntry]
		r := e.do("GET", "/api/v1/ledger?kind=allocated&year=2017&limit=500&"+pot, nil)
		r.JSON(t, &list)
		if r.Status != 200 || total(list.Total) != 27 || len(list.Items) != 27 {
			t.Fatalf("ledger: %d %s", r.Status, r.Body)
		}
		var sum int64
		for _, le := range list.Items {
			sum += le.Amount.Ore
			if le.RefType != "allocation_run" || le.RefID != run.ID || le.PotID != p.ID || le.Actor != "handlaggare@example.se" {
				t.Errorf("entry %+v", le)
			}
		}
		if sum != int64(10*money.Mkr) {
			t.Errorf("the entries sum to %d öre", sum)
		}
		e.do("GET", "/api/v1/ledger?limit=5&org=0180", nil).JSON(t, &list)
		if total(list.Total) != 1 || list.Items[0].OrgCode != "0180" {
			t.Errorf("org 0180: %+v", list)
		}
		e.do("GET", "/api/v1/ledger?limit=5", nil).JSON(t, &list)
		if len(list.Items) != 5 || list.Next == "" || list.Items[0].ID > list.Items[1].ID {
			t.Errorf("page: %+v", list)
		}
		e.do("GET", fmt.Sprintf("/api/v1/ledger?agreement_id=%d&kind=paid", p.AgreementID), nil).JSON(t, &list)
		if total(list.Total) != 0 || list.Items == nil {
			t.Errorf("paid: %+v", list)
		}

		// Balances: the same filters, one sum per kind.
		var b api.Balances
		r = e.do("GET", "/api/v1/balances?"+pot, nil)
		r.JSON(t, &b)
		if r.Status != 200 || b.Allocated.Ore != int64(10*money.Mkr) || b.Allocated.Formatted != "10 000 000 kr" || b.Paid.Ore != 0 {
			t.Fatalf("balances: %d %s", r.Status, r.Body)
		}
		e.do("GET", "/api/v1/balances?org=0780", nil).JSON(t, &b)
		if b.Allocated.Ore != 0 {
			t.Errorf("Växjö has no money from a Stockholm pot: %+v", b)
		}

		// The audit log: newest first, by entity, actor and time. Eight writes so
		// far: seeding, the import, the administrator and their API token, the
		// agreement, the pot, the run, its decision.
		var audit api.List[api.AuditEntry]
		r = e.do("GET", fmt.Sprintf("/api/v1/audit?entity=allocation_run&entity_id=%d&actor=handlaggare@example.se", run.ID), nil)
		r.JSON(t, &audit)
		if r.Status != 200 || total(audit.Total) != 2 || audit.Items[0].Action != "decide" || audit.Items[1].Action != "create" ||
			audit.Items[1].Before != nil || audit.Items[0].After == nil {
			t.Fatalf("audit: %d %s", r.Status, r.Body)
		}
		if after, ok := audit.Items[0].After.(map[string]any); !ok || after["status"] != "decided" {
			t.Errorf("after: %#v", audit.Items[0].After)
		}
		for q, want := range map[string]int{
			"from=2017-02-01": 8, "to=2017-02-01": 0, "from=2017-02-01T10:00:00Z": 8, "from=2017-02-01T11:00:00%2B01:00": 8,
			"to=2017-02-02T00:00:00Z": 8, "from=2017-02-01T10:00:01Z": 0, "entity=pot": 1, "actor=someone": 0,
		} {
			e.do("GET", "/api/v1/audit?"+q, nil).JSON(t, &audit)
			if total(audit.Total) != want {
				t.Errorf("%s: %d entries, want %d", q, total(audit.Total), want)
			}
		}

		// Refused reads change nothing either.
		before := e.fingerprint()
		for _, bad := range []struct {
			path, field string
		}{
			{"/api/v1/ledger?kind=gift", "kind"},
			{"/api/v1/ledger?year=2017.5", "year"},
			{"/api/v1/ledger?limit=501", "limit"},
			{"/api/v1/ledger?status=paid", "status"},
			{"/api/v1/balances?pot_id=x", "pot_id"},
			{"/api/v1/balances?limit=5", "limit"},
			{"/api/v1/audit?from=yesterday", "from"},
			{"/api/v1/audit?to=2017-13-01", "to"},
			{"/api/v1/audit?offset=-1", "offset"},
			{"/api/v1/audit?year=2017", "year"},
		} {
			e.problem(e.bad("GET", bad.path, nil), 400, bad.field)
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("refused requests changed the database: %v → %v", before, after)
		}
	})
}
