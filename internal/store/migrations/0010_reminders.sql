-- Contact persons of an organisation per programme, and the reminders the
-- scheduler e-mails about what falls due.

-- programme is a short text key ("psykisk hälsa"): agreements carry no
-- programme of their own yet, and one organisation may name different
-- people for different programmes.
CREATE TABLE contacts (
	id {{ID}},
	org_code TEXT NOT NULL REFERENCES organisations (code),
	programme TEXT NOT NULL,
	name TEXT NOT NULL CHECK (name <> ''),
	email TEXT NOT NULL CHECK (email <> ''),
	phone TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT '',
	requirements BOOLEAN NOT NULL DEFAULT FALSE, -- answers for the national requirements
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX contacts_one ON contacts (org_code, programme, email);

-- One row per reminder to one recipient. The unique key makes each one
-- sent once: the scheduler inserts what is due with ON CONFLICT DO
-- NOTHING, claims pending rows (state sending, claimed_at), sends, and
-- marks them sent, or pending again with the error for the next tick.
-- subject_id is the condition (kind condition) or the pot (requisition,
-- report); the other facts are copied for the message and the list.
CREATE TABLE reminders (
	id {{ID}},
	kind TEXT NOT NULL CHECK (kind IN ('condition', 'requisition', 'report')),
	subject_id BIGINT NOT NULL,
	org_code TEXT NOT NULL REFERENCES organisations (code),
	stage TEXT NOT NULL CHECK (stage IN ('before', 'overdue')),
	recipient TEXT NOT NULL,
	pot_id BIGINT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	due_date TEXT NOT NULL,
	amount BIGINT NOT NULL DEFAULT 0,
	state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'cancelled')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	claimed_at TEXT NOT NULL DEFAULT '',
	sent_at TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX reminders_once ON reminders (kind, subject_id, org_code, stage, recipient);
CREATE INDEX reminders_state ON reminders (state, id);
CREATE INDEX reminders_org ON reminders (org_code, id);
