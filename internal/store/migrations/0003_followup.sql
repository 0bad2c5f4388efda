-- Fulfilment of conditions, reports of use, repayment claims and repayments.
-- The money itself is in ledger_entries (used, unused, claimed, repaid);
-- these tables hold the records that caused those entries.

-- One row per (condition, recipient) once something is submitted; no row
-- means not submitted. No ON DELETE CASCADE: a condition that recipients
-- have answered cannot be removed from its pot.
CREATE TABLE condition_fulfilments (
	id {{ID}},
	condition_id BIGINT NOT NULL REFERENCES pot_conditions (id),
	org_code TEXT NOT NULL REFERENCES organisations (code),
	status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
	document TEXT NOT NULL CHECK (document <> ''),
	submitted_at TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	decided_at TEXT NOT NULL DEFAULT '',
	decided_by TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1,
	CHECK (status <> 'rejected' OR reason <> '')
);
CREATE UNIQUE INDEX condition_fulfilments_one ON condition_fulfilments (condition_id, org_code);
CREATE INDEX condition_fulfilments_org ON condition_fulfilments (org_code);

-- One report of use per (pot, recipient); paid is what had been paid when
-- it was reported, and the report accounts for all of it.
CREATE TABLE use_reports (
	id {{ID}},
	pot_id BIGINT NOT NULL REFERENCES pots (id),
	org_code TEXT NOT NULL REFERENCES organisations (code),
	paid BIGINT NOT NULL CHECK (paid > 0),
	used BIGINT NOT NULL CHECK (used >= 0),
	unused BIGINT NOT NULL CHECK (unused >= 0),
	comment TEXT NOT NULL DEFAULT '',
	submitted_at TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	CHECK (used + unused = paid)
);
CREATE UNIQUE INDEX use_reports_one ON use_reports (pot_id, org_code);
CREATE INDEX use_reports_org ON use_reports (org_code);

-- A claim (återkrav) for the unused money of one report.
CREATE TABLE repayment_claims (
	id {{ID}},
	report_id BIGINT NOT NULL REFERENCES use_reports (id),
	pot_id BIGINT NOT NULL REFERENCES pots (id),
	org_code TEXT NOT NULL REFERENCES organisations (code),
	amount BIGINT NOT NULL CHECK (amount > 0),
	status TEXT NOT NULL CHECK (status IN ('open', 'settled')),
	created_at TEXT NOT NULL,
	settled_at TEXT NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX repayment_claims_report ON repayment_claims (report_id);
CREATE INDEX repayment_claims_pot_org ON repayment_claims (pot_id, org_code);

-- Money paid back against a claim. A non-empty idempotency key is unique,
-- so that a retried request cannot record the same payment twice.
CREATE TABLE repayments (
	id {{ID}},
	claim_id BIGINT NOT NULL REFERENCES repayment_claims (id),
	amount BIGINT NOT NULL CHECK (amount > 0),
	paid_on TEXT NOT NULL,
	idempotency_key TEXT NOT NULL DEFAULT '',
	recorded_at TEXT NOT NULL,
	recorded_by TEXT NOT NULL
);
CREATE INDEX repayments_claim ON repayments (claim_id);
CREATE UNIQUE INDEX repayments_idempotency ON repayments (idempotency_key) WHERE idempotency_key <> '';
