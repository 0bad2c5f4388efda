package grant

import (
	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/money"
)

// RunStatus is the state of an allocation run.
type RunStatus string

// A draft run can be recomputed; a decided one is frozen for good.
const (
	RunDraft   RunStatus = "draft"
	RunDecided RunStatus = "decided"
)

// AllocationRun is one computation of a pot's split. It stores its whole
// input so that a decided run can be recomputed bit for bit.
type AllocationRun struct {
	ID                int64            `json:"id"`
	PotID             int64            `json:"pot_id"`
	Status            RunStatus        `json:"status"`
	Method            string           `json:"method"`
	Inputs            allocate.Request `json:"inputs"`
	PopulationTableID int64            `json:"population_table_id,omitempty"`
	Total             money.Amount     `json:"total"`
	Lines             []allocate.Line  `json:"lines,omitempty"`
	CreatedAt         string           `json:"created_at"`
	CreatedBy         string           `json:"created_by"`
	DecidedAt         string           `json:"decided_at,omitempty"`
	DecidedBy         string           `json:"decided_by,omitempty"`
	Version           int64            `json:"version"`
}

// EntryKind names a money movement in the ledger.
type EntryKind string

// The movements of money. Balances are sums of entries by kind.
const (
	EntryAllocated     EntryKind = "allocated"     // a decided run gave a recipient its line
	EntryRequisitioned EntryKind = "requisitioned" // a recipient asked for money
	EntryApproved      EntryKind = "approved"      // an administrator approved a requisition
	EntryRejected      EntryKind = "rejected"      // … or rejected it (the amount becomes requisitionable again)
	EntryPaid          EntryKind = "paid"          // money was paid out
	EntryUsed          EntryKind = "used"          // a report of use: money used
	EntryUnused        EntryKind = "unused"        // a report of use: money not used
	EntryClaimed       EntryKind = "claimed"       // a repayment claim (återkrav) for unused money
	EntryRepaid        EntryKind = "repaid"        // money paid back
	EntrySubAllocated  EntryKind = "sub_allocated" // a recipient spread money inside its organisation
	EntrySubReleased   EntryKind = "sub_released"  // a sub-allocation was withdrawn
)

// LedgerEntry is one immutable money movement.
type LedgerEntry struct {
	ID          int64        `json:"id"`
	At          string       `json:"at"`
	Kind        EntryKind    `json:"kind"`
	AgreementID int64        `json:"agreement_id"`
	PotID       int64        `json:"pot_id,omitempty"`
	OrgCode     string       `json:"org_code"`
	Amount      money.Amount `json:"amount"`
	RefType     string       `json:"ref_type"` // the record that caused it: "allocation_run", "requisition", …
	RefID       int64        `json:"ref_id"`
	Actor       string       `json:"actor"`
}

// AuditEntry records one write: who, when, what, and the record before and
// after as JSON ("" when there was none).
type AuditEntry struct {
	ID        int64  `json:"id"`
	At        string `json:"at"`
	Actor     string `json:"actor"`
	ActingFor string `json:"acting_for,omitempty"`
	Action    string `json:"action"` // "create", "update", "decide", …
	Entity    string `json:"entity"` // "agreement", "pot", …
	EntityID  string `json:"entity_id"`
	Before    string `json:"before,omitempty"`
	After     string `json:"after,omitempty"`
}

// PopulationTable describes a stored population table: where it came from
// and which date it counts. Example tables are labelled so wherever used.
type PopulationTable struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Source        string `json:"source"`
	ReferenceDate Date   `json:"reference_date"`
	IsExample     bool   `json:"is_example"`
	HasAge        bool   `json:"has_age"`
	HasSex        bool   `json:"has_sex"`
	Rows          int    `json:"rows"`
	Total         int64  `json:"total"`
	CreatedAt     string `json:"created_at"`
}

// OrgLine is an organisation's line in a decided run: what the pot gave it,
// or, for a county-joint set-aside, the line it holds for its county.
type OrgLine struct {
	RunID  int64             `json:"run_id"`
	PotID  int64             `json:"pot_id"`
	Kind   allocate.LineKind `json:"kind"`
	County string            `json:"county"`
	Amount money.Amount      `json:"amount"`
}
