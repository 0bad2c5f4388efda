package app

import (
	"context"
	"iter"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/population"
)

// Store runs transactions. Write transactions are serialised per pot by
// LockPot; Read transactions see one consistent snapshot. A Read's fn may
// run more than once (a store may first try it without a transaction), so
// it must leave nothing behind from one run for the next: assign what it
// reads to outer variables, never append to them or count into them.
type Store interface {
	Write(ctx context.Context, fn func(Tx) error) error
	Read(ctx context.Context, fn func(Tx) error) error
}

// Tx is what a use case may do inside one transaction, grouped by record.
type Tx interface {
	OrgRepo
	PopulationRepo
	AgreementRepo
	PotRepo
	RunRepo
	LedgerRepo
	AuditRepo
	RequisitionRepo  // requisitions.go
	FollowUpRepo     // followup.go
	LocalRepo        // local.go
	CollabRepo       // collab_access.go
	UserRepo         // accounts_store.go
	SessionRepo      // accounts_store.go
	LoginFailureRepo // accounts_store.go
	KoladaRepo
	ContactRepo  // contacts.go
	ReminderRepo // reminders.go
	NetworkRepo  // networks_store.go
}

// ListFilter narrows a list. Zero fields do not filter.
type ListFilter struct {
	Year        int
	AgreementID int64
	PotID       int64
	OrgCode     string
	County      string
	Kind        string
	Status      string
	Limit       int // 0: no limit
	Offset      int
	// Count asks a paged list for its total even when more rows follow the
	// page; without it such a list reports TotalUnknown.
	Count bool
	// AsOf asks for the records as they stood at the end of that day, where
	// a read offers it (requisitions, sub-allocations, balances).
	AsOf grant.Date
}

// TotalUnknown is the total a list reports when more rows follow its page
// and counting them was not asked for.
const TotalUnknown = -1

// OrgRepo stores organisations.
type OrgRepo interface {
	InsertOrganisation(ctx context.Context, o grant.Organisation, at string) error
	Organisation(ctx context.Context, code string) (grant.Organisation, error)
	ListOrganisations(ctx context.Context, f ListFilter) ([]grant.Organisation, int, error)
	// UpdateOrganisation writes o if the stored version is still o.Version,
	// and bumps it; a stale version is EPRECONDITION.
	UpdateOrganisation(ctx context.Context, o grant.Organisation) (int64, error)
}

// PopulationRepo stores population tables.
type PopulationRepo interface {
	InsertPopulationTable(ctx context.Context, t *grant.PopulationTable, rows []population.Row) error
	// InsertPopulationTables inserts tables and streams their rows in
	// batches (the int is the index of a row's table), setting each table's
	// ID, HasAge, HasSex and Rows; progress hears the rows written so far.
	InsertPopulationTables(ctx context.Context, tables []*grant.PopulationTable, rows iter.Seq2[int, population.Row], progress func(rows int)) error
	PopulationTable(ctx context.Context, id int64) (grant.PopulationTable, error)
	PopulationRows(ctx context.Context, id int64) ([]population.Row, error)
	ListPopulationTables(ctx context.Context) ([]grant.PopulationTable, error)
}

// AgreementRepo stores agreements.
type AgreementRepo interface {
	InsertAgreement(ctx context.Context, a *grant.Agreement, at string) error
	Agreement(ctx context.Context, id int64) (grant.Agreement, error)
	ListAgreements(ctx context.Context, f ListFilter) ([]grant.Agreement, int, error)
	UpdateAgreement(ctx context.Context, a grant.Agreement, at string) (int64, error)
}

// PotRepo stores pots with their bounds, set-asides and conditions.
type PotRepo interface {
	InsertPot(ctx context.Context, p *grant.Pot, at string) error
	Pot(ctx context.Context, id int64) (grant.Pot, error)
	ListPots(ctx context.Context, f ListFilter) ([]grant.Pot, int, error)
	UpdatePot(ctx context.Context, p grant.Pot, at string) (int64, error)
	// SumPots adds the amounts of an agreement's pots, leaving one out (0: none).
	SumPots(ctx context.Context, agreementID, except int64) (money.Amount, error)
	// LockPot holds the pot until commit, so that concurrent writers to its
	// money queue instead of over-drawing it.
	LockPot(ctx context.Context, id int64) error
}

// RunRepo stores allocation runs and their lines.
type RunRepo interface {
	InsertRun(ctx context.Context, r *grant.AllocationRun) error
	Run(ctx context.Context, id int64) (grant.AllocationRun, error) // with lines
	ListRuns(ctx context.Context, f ListFilter) ([]grant.AllocationRun, int, error)
	// ReplaceDraftRun overwrites a draft's inputs and lines if its version is
	// still r.Version; a decided or stale run is not touched.
	ReplaceDraftRun(ctx context.Context, r grant.AllocationRun) (int64, error)
	DecideRun(ctx context.Context, id, version int64, at, by string) (int64, error)
	DecidedRun(ctx context.Context, potID int64) (grant.AllocationRun, error)
	// OrgLines is an organisation's lines with money in the decided runs,
	// of one pot if potID is not 0.
	OrgLines(ctx context.Context, org string, potID int64) ([]grant.OrgLine, error)
	// DecidedRecipients is, for every decided run, how many lines give money.
	DecidedRecipients(ctx context.Context) (map[int64]int, error)
}

// LedgerRepo appends and sums money movements.
type LedgerRepo interface {
	AppendLedger(ctx context.Context, entries []grant.LedgerEntry) error
	// Balances sums the entries matching f by kind.
	Balances(ctx context.Context, f ListFilter) (map[grant.EntryKind]money.Amount, error)
	ListLedger(ctx context.Context, f ListFilter) ([]grant.LedgerEntry, int, error)
	// BalancesBefore is Balances over the entries before an instant.
	BalancesBefore(ctx context.Context, f ListFilter, before string) (map[grant.EntryKind]money.Amount, error)
}

// AuditRepo appends to and reads the audit log. There is no way to change
// or remove an entry.
type AuditRepo interface {
	AppendAudit(ctx context.Context, e grant.AuditEntry) error
	ListAudit(ctx context.Context, f AuditFilter) ([]grant.AuditEntry, int, error)
	// AuditStates returns, for each record of an entity, its last entry
	// before an instant.
	AuditStates(ctx context.Context, entity, before string) ([]grant.AuditEntry, error)
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Entity, EntityID, Actor string
	Action, ActingFor       string // "" does not filter
	From, To                string // timestamps, inclusive from, exclusive to
	Limit, Offset           int
	Count                   bool // as in ListFilter
}

// KoladaRepo stores imported Kolada key figures and the imports.
type KoladaRepo interface {
	InsertKoladaImport(ctx context.Context, im *grant.KoladaImport) error
	// UpsertKoladaValues stores values, replacing any stored for the same
	// key figure, organisation, period and gender.
	UpsertKoladaValues(ctx context.Context, importID int64, values []grant.KoladaValue) error
	KoladaValues(ctx context.Context, f KoladaFilter) ([]grant.KoladaValue, error)
	KoladaImports(ctx context.Context, limit int) ([]grant.KoladaImport, error)
}

// KoladaFilter narrows the stored Kolada values; zero fields do not filter.
type KoladaFilter struct {
	KPI     string
	OrgCode string
	Gender  string // T, K or M
	Limit   int
}
