-- Requisitions (rekvisitioner) against a pot's decided split, and the
-- payments made on them. What is paid is the sum of the payments; what a
-- line has left to requisition is its amount less the requisitions on it
-- that were not rejected. The service checks both under the pot's lock.

CREATE TABLE requisitions (
	id {{ID}},
	pot_id BIGINT NOT NULL REFERENCES pots (id),
	run_id BIGINT NOT NULL REFERENCES allocation_runs (id),
	org_code TEXT NOT NULL REFERENCES organisations (code),
	joint BOOLEAN NOT NULL DEFAULT FALSE,
	county TEXT NOT NULL DEFAULT '',
	amount BIGINT NOT NULL CHECK (amount > 0),
	reference TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'paid', 'rejected')),
	reason TEXT NOT NULL DEFAULT '',
	submitted_at TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	decided_at TEXT,
	decided_by TEXT,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX requisitions_line ON requisitions (run_id, org_code, joint, county);
CREATE INDEX requisitions_pot ON requisitions (pot_id, status);
CREATE INDEX requisitions_org ON requisitions (org_code, status);

-- The idempotency key is unique over all payments: a retry finds the first.
CREATE TABLE payments (
	id {{ID}},
	requisition_id BIGINT NOT NULL REFERENCES requisitions (id),
	amount BIGINT NOT NULL CHECK (amount > 0),
	paid_on TEXT NOT NULL,
	idempotency_key TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);
CREATE INDEX payments_requisition ON payments (requisition_id);
