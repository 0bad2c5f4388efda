-- Core records: organisations, population tables, agreements, pots,
-- allocation runs, the money ledger and the audit log.
-- Portable SQL: {{ID}} becomes each engine's identity primary key; money is
-- BIGINT öre; dates are TEXT YYYY-MM-DD and instants fixed-width UTC TEXT,
-- so text order is time order on both engines.

CREATE TABLE organisations (
	code TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('region', 'municipality', 'committee', 'unit', 'partner', 'state', 'association')),
	name TEXT NOT NULL,
	county_code TEXT NOT NULL DEFAULT '',
	parent_code TEXT REFERENCES organisations (code),
	org_number TEXT,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_org_number ON organisations (org_number) WHERE org_number IS NOT NULL;
CREATE INDEX organisations_parent ON organisations (parent_code);
CREATE INDEX organisations_county ON organisations (county_code, kind);

CREATE TABLE population_tables (
	id {{ID}},
	name TEXT NOT NULL,
	source TEXT NOT NULL,
	reference_date TEXT NOT NULL,
	is_example BOOLEAN NOT NULL DEFAULT FALSE,
	has_age BOOLEAN NOT NULL DEFAULT FALSE,
	has_sex BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TEXT NOT NULL
);

-- age -1: the row is not split by age; sex 0: not split by sex.
CREATE TABLE population_rows (
	table_id BIGINT NOT NULL REFERENCES population_tables (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	age INTEGER NOT NULL DEFAULT -1,
	sex INTEGER NOT NULL DEFAULT 0,
	count BIGINT NOT NULL CHECK (count >= 0),
	PRIMARY KEY (table_id, code, age, sex)
);

CREATE TABLE agreements (
	id {{ID}},
	year INTEGER NOT NULL,
	title TEXT NOT NULL,
	dnr TEXT NOT NULL DEFAULT '',
	total BIGINT NOT NULL CHECK (total > 0),
	decision_date TEXT NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX agreements_year ON agreements (year);

CREATE TABLE agreement_parties (
	agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	org_code TEXT NOT NULL REFERENCES organisations (code),
	PRIMARY KEY (agreement_id, position)
);

CREATE TABLE pots (
	id {{ID}},
	agreement_id BIGINT NOT NULL REFERENCES agreements (id),
	name TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	amount BIGINT NOT NULL CHECK (amount > 0),
	recipients TEXT NOT NULL DEFAULT '',
	key_kind TEXT NOT NULL,
	population_table_id BIGINT REFERENCES population_tables (id),
	ages TEXT NOT NULL DEFAULT '',
	sex TEXT NOT NULL DEFAULT '',
	reference_date TEXT NOT NULL DEFAULT '',
	unit BIGINT NOT NULL CHECK (unit > 0),
	requisition_deadline TEXT NOT NULL DEFAULT '',
	use_by TEXT NOT NULL DEFAULT '',
	report_due TEXT NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX pots_agreement ON pots (agreement_id);

CREATE TABLE pot_bounds (
	pot_id BIGINT NOT NULL REFERENCES pots (id) ON DELETE CASCADE,
	org_code TEXT NOT NULL REFERENCES organisations (code),
	floor BIGINT NOT NULL DEFAULT 0 CHECK (floor >= 0),
	cap BIGINT NOT NULL DEFAULT 0 CHECK (cap >= 0),
	PRIMARY KEY (pot_id, org_code)
);

CREATE TABLE pot_set_asides (
	pot_id BIGINT NOT NULL REFERENCES pots (id) ON DELETE CASCADE,
	county TEXT NOT NULL,
	rate_num BIGINT NOT NULL,
	rate_den BIGINT NOT NULL,
	holder_code TEXT NOT NULL REFERENCES organisations (code),
	PRIMARY KEY (pot_id, county)
);

CREATE TABLE pot_conditions (
	id {{ID}},
	pot_id BIGINT NOT NULL REFERENCES pots (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('analysis', 'action_plan', 'report', 'other')),
	title TEXT NOT NULL DEFAULT '',
	due_date TEXT NOT NULL
);
CREATE INDEX pot_conditions_pot ON pot_conditions (pot_id);

-- A run's inputs are stored whole (the allocate.Request as JSON) so that a
-- decided run can be recomputed bit for bit; its lines are stored as rows.
CREATE TABLE allocation_runs (
	id {{ID}},
	pot_id BIGINT NOT NULL REFERENCES pots (id),
	status TEXT NOT NULL CHECK (status IN ('draft', 'decided')),
	method TEXT NOT NULL,
	inputs TEXT NOT NULL,
	population_table_id BIGINT REFERENCES population_tables (id),
	total BIGINT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	decided_at TEXT,
	decided_by TEXT,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX allocation_runs_pot ON allocation_runs (pot_id);
CREATE UNIQUE INDEX allocation_runs_one_decided ON allocation_runs (pot_id) WHERE status = 'decided';

CREATE TABLE allocation_lines (
	run_id BIGINT NOT NULL REFERENCES allocation_runs (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	org_code TEXT NOT NULL REFERENCES organisations (code),
	name TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('recipient', 'set_aside')),
	county TEXT NOT NULL DEFAULT '',
	weight BIGINT NOT NULL,
	quota_whole BIGINT NOT NULL,
	quota_remainder BIGINT NOT NULL,
	quota_denominator BIGINT NOT NULL,
	floor BIGINT NOT NULL DEFAULT 0,
	cap BIGINT NOT NULL DEFAULT 0,
	bound TEXT NOT NULL DEFAULT '',
	remainder_rank INTEGER NOT NULL DEFAULT 0,
	extra_unit BOOLEAN NOT NULL DEFAULT FALSE,
	allocated BIGINT NOT NULL,
	set_aside BIGINT NOT NULL DEFAULT 0,
	amount BIGINT NOT NULL,
	contributors INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (run_id, position)
);
CREATE INDEX allocation_lines_org ON allocation_lines (org_code);

-- Every money movement, never updated or deleted; balances are sums over it.
CREATE TABLE ledger_entries (
	id {{ID}},
	at TEXT NOT NULL,
	kind TEXT NOT NULL,
	agreement_id BIGINT NOT NULL REFERENCES agreements (id),
	pot_id BIGINT REFERENCES pots (id),
	org_code TEXT NOT NULL REFERENCES organisations (code),
	amount BIGINT NOT NULL,
	ref_type TEXT NOT NULL,
	ref_id BIGINT NOT NULL,
	actor TEXT NOT NULL
);
CREATE INDEX ledger_pot_org ON ledger_entries (pot_id, org_code, kind);
CREATE INDEX ledger_org ON ledger_entries (org_code, kind);
CREATE INDEX ledger_agreement ON ledger_entries (agreement_id, kind);

-- Every write: who, when, what, before and after, in the writing transaction.
CREATE TABLE audit_log (
	id {{ID}},
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	acting_for TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_at ON audit_log (at);

-- A retried POST with the same Idempotency-Key gets the first answer again.
CREATE TABLE idempotency_keys (
	actor TEXT NOT NULL,
	key TEXT NOT NULL,
	method TEXT NOT NULL,
	path TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (actor, key)
);
