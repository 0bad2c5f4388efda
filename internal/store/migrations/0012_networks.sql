-- Coordinator networks (samordnarnätverk), their members, meetings and
-- follow-up tasks (issue 7, item 3).

CREATE TABLE networks (
	id {{ID}},
	name TEXT NOT NULL CHECK (name <> ''),
	county_code TEXT NOT NULL DEFAULT '',
	run_by TEXT NOT NULL REFERENCES organisations (code),
	meetings_per_year INTEGER NOT NULL CHECK (meetings_per_year BETWEEN 1 AND 12),
	description TEXT NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX networks_county ON networks (county_code);
CREATE INDEX networks_run_by ON networks (run_by);

CREATE TABLE network_members (
	network_id BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	org_code TEXT NOT NULL REFERENCES organisations (code),
	position INTEGER NOT NULL,
	person TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (network_id, org_code)
);
CREATE INDEX network_members_org ON network_members (org_code);

-- A meeting is planned (planned_on), held (held_on), or both; year is the
-- year of held_on, else of planned_on, kept so that a year's list is one
-- indexed read.
CREATE TABLE network_meetings (
	id {{ID}},
	network_id BIGINT NOT NULL REFERENCES networks (id),
	year INTEGER NOT NULL,
	planned_on TEXT NOT NULL DEFAULT '',
	held_on TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1,
	CHECK (planned_on <> '' OR held_on <> '')
);
CREATE INDEX network_meetings_year ON network_meetings (network_id, year);

CREATE TABLE network_meeting_participants (
	meeting_id BIGINT NOT NULL REFERENCES network_meetings (id) ON DELETE CASCADE,
	org_code TEXT NOT NULL REFERENCES organisations (code),
	PRIMARY KEY (meeting_id, org_code)
);

CREATE TABLE network_meeting_decisions (
	meeting_id BIGINT NOT NULL REFERENCES network_meetings (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL CHECK (text <> ''),
	PRIMARY KEY (meeting_id, position)
);

CREATE TABLE network_tasks (
	id {{ID}},
	network_id BIGINT NOT NULL REFERENCES networks (id),
	meeting_id BIGINT REFERENCES network_meetings (id),
	owner_org TEXT NOT NULL REFERENCES organisations (code),
	owner_person TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL CHECK (description <> ''),
	due_on TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('open', 'done')),
	done_at TEXT NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX network_tasks_owner ON network_tasks (owner_org, status, due_on);
CREATE INDEX network_tasks_network ON network_tasks (network_id, status, due_on);
