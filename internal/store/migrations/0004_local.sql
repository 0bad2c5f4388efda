-- Sub-allocations, initiatives and action plans: how a recipient spreads
-- and uses its money inside its own organisation.

-- end_year 0: open-ended (recurring) or none (one-off).
CREATE TABLE initiatives (
	id {{ID}},
	org_code TEXT NOT NULL REFERENCES organisations (code),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('one_off', 'recurring')),
	amount BIGINT NOT NULL CHECK (amount > 0),
	start_year INTEGER NOT NULL,
	end_year INTEGER NOT NULL DEFAULT 0,
	target_group TEXT NOT NULL CHECK (target_group IN ('barn_och_unga', 'vuxna', 'aldre', 'alla')),
	partner_code TEXT REFERENCES organisations (code),
	agreement_id BIGINT REFERENCES agreements (id),
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (end_year = 0 OR end_year >= start_year)
);
CREATE INDEX initiatives_org ON initiatives (org_code);

-- A sub-allocation goes to a committee or unit, or to an initiative.
CREATE TABLE sub_allocations (
	id {{ID}},
	agreement_id BIGINT NOT NULL REFERENCES agreements (id),
	from_org TEXT NOT NULL REFERENCES organisations (code),
	to_org TEXT REFERENCES organisations (code),
	initiative_id BIGINT REFERENCES initiatives (id),
	amount BIGINT NOT NULL CHECK (amount > 0),
	decision_ref TEXT NOT NULL DEFAULT '',
	decided_on TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK ((to_org IS NOT NULL AND initiative_id IS NULL) OR (to_org IS NULL AND initiative_id IS NOT NULL))
);
CREATE INDEX sub_allocations_from ON sub_allocations (from_org, agreement_id, status);

-- One row per (organisation, agreement) that has sub-allocated. Bumping it
-- first serialises concurrent sub-allocations of the same money: a row lock
-- on PostgreSQL, and SQLite has a single writer anyway.
CREATE TABLE sub_allocation_locks (
	org_code TEXT NOT NULL REFERENCES organisations (code),
	agreement_id BIGINT NOT NULL REFERENCES agreements (id),
	version BIGINT NOT NULL DEFAULT 1,
	PRIMARY KEY (org_code, agreement_id)
);

CREATE TABLE action_plans (
	id {{ID}},
	owner_org TEXT NOT NULL REFERENCES organisations (code),
	title TEXT NOT NULL,
	from_year INTEGER NOT NULL,
	to_year INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'adopted')),
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (to_year >= from_year)
);
CREATE INDEX action_plans_owner ON action_plans (owner_org);

-- A plan's children keep their ids across updates; position keeps their order.
CREATE TABLE action_plan_goals (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	horizon TEXT NOT NULL CHECK (horizon IN ('short', 'long')),
	text TEXT NOT NULL
);
CREATE INDEX action_plan_goals_plan ON action_plan_goals (plan_id);

CREATE TABLE action_plan_measures (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	goal_id BIGINT NOT NULL REFERENCES action_plan_goals (id),
	text TEXT NOT NULL,
	initiative_id BIGINT REFERENCES initiatives (id),
	target_group TEXT NOT NULL CHECK (target_group IN ('barn_och_unga', 'vuxna', 'aldre', 'alla'))
);
CREATE INDEX action_plan_measures_plan ON action_plan_measures (plan_id);

CREATE TABLE action_plan_indicators (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	unit TEXT NOT NULL DEFAULT '',
	kolada_kpi TEXT NOT NULL DEFAULT '',
	target DOUBLE PRECISION
);
CREATE INDEX action_plan_indicators_plan ON action_plan_indicators (plan_id);

-- A follow-up is of exactly one measure or one indicator.
CREATE TABLE action_plan_follow_ups (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	year INTEGER NOT NULL,
	measure_id BIGINT REFERENCES action_plan_measures (id),
	indicator_id BIGINT REFERENCES action_plan_indicators (id),
	status TEXT NOT NULL CHECK (status IN ('not_started', 'ongoing', 'done', 'delayed')),
	value DOUBLE PRECISION,
	comment TEXT NOT NULL DEFAULT '',
	CHECK ((measure_id IS NOT NULL AND indicator_id IS NULL) OR (measure_id IS NULL AND indicator_id IS NOT NULL))
);
CREATE INDEX action_plan_follow_ups_plan ON action_plan_follow_ups (plan_id);
