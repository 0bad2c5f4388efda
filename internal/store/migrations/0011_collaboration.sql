-- Collaboration between organisations: agreements (samverkansöverenskommelser)
-- approved by each party, and leadership groups of an organisation or a
-- county. An action plan may now be owned by an organisation, a group or a
-- whole county: exactly one of the three.

-- status is draft until every party approved; expiry follows from valid_to.
CREATE TABLE collaboration_agreements (
	id {{ID}},
	subject TEXT NOT NULL,
	target_group TEXT NOT NULL CHECK (target_group IN ('barn_och_unga', 'vuxna', 'aldre', 'alla')),
	valid_from TEXT NOT NULL,
	valid_to TEXT NOT NULL,
	document_ref TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (valid_to >= valid_from)
);
CREATE INDEX collaboration_agreements_valid_to ON collaboration_agreements (valid_to);

-- approved_at '' while the party has not approved.
CREATE TABLE collaboration_parties (
	agreement_id BIGINT NOT NULL REFERENCES collaboration_agreements (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	org_code TEXT NOT NULL REFERENCES organisations (code),
	approved_by TEXT NOT NULL DEFAULT '',
	approved_at TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (agreement_id, org_code)
);
CREATE INDEX collaboration_parties_org ON collaboration_parties (org_code);

CREATE TABLE collaboration_groups (
	id {{ID}},
	kind TEXT NOT NULL CHECK (kind IN ('children_youth', 'adults', 'other')),
	name TEXT NOT NULL,
	org_code TEXT REFERENCES organisations (code),
	county_code TEXT,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK ((org_code IS NULL) <> (county_code IS NULL))
);
CREATE INDEX collaboration_groups_org ON collaboration_groups (org_code);
CREATE INDEX collaboration_groups_county ON collaboration_groups (county_code);

CREATE TABLE collaboration_group_members (
	group_id BIGINT NOT NULL REFERENCES collaboration_groups (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('social_services', 'school', 'psychiatry', 'primary_care', 'user_organisation', 'other')),
	org_code TEXT NOT NULL REFERENCES organisations (code),
	person_name TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (group_id, position)
);
CREATE INDEX collaboration_group_members_org ON collaboration_group_members (org_code);

-- engine: postgres
ALTER TABLE action_plans ALTER COLUMN owner_org DROP NOT NULL;
ALTER TABLE action_plans ADD COLUMN owner_group BIGINT REFERENCES collaboration_groups (id);
ALTER TABLE action_plans ADD COLUMN owner_county TEXT;
ALTER TABLE action_plans ADD CONSTRAINT action_plans_one_owner CHECK (
	(CASE WHEN owner_org IS NULL THEN 0 ELSE 1 END) + (CASE WHEN owner_group IS NULL THEN 0 ELSE 1 END)
	+ (CASE WHEN owner_county IS NULL THEN 0 ELSE 1 END) = 1);
CREATE INDEX action_plans_owner_group ON action_plans (owner_group);
CREATE INDEX action_plans_owner_county ON action_plans (owner_county);

-- engine: sqlite
-- SQLite cannot drop a NOT NULL constraint, so the plan tables are built
-- anew and filled. Children go first when dropping, so that no drop
-- cascades; renaming a new table rewrites the references to it.
CREATE TABLE action_plans_new (
	id {{ID}},
	owner_org TEXT REFERENCES organisations (code),
	owner_group BIGINT REFERENCES collaboration_groups (id),
	owner_county TEXT,
	title TEXT NOT NULL,
	from_year INTEGER NOT NULL,
	to_year INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'adopted')),
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (to_year >= from_year),
	CHECK ((owner_org IS NOT NULL) + (owner_group IS NOT NULL) + (owner_county IS NOT NULL) = 1)
);
INSERT INTO action_plans_new (id, owner_org, title, from_year, to_year, status, version, created_at, updated_at)
	SELECT id, owner_org, title, from_year, to_year, status, version, created_at, updated_at FROM action_plans;
CREATE TABLE action_plan_goals_new (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans_new (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	horizon TEXT NOT NULL CHECK (horizon IN ('short', 'long')),
	text TEXT NOT NULL
);
INSERT INTO action_plan_goals_new SELECT id, plan_id, position, horizon, text FROM action_plan_goals;
CREATE TABLE action_plan_measures_new (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans_new (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	goal_id BIGINT NOT NULL REFERENCES action_plan_goals_new (id),
	text TEXT NOT NULL,
	initiative_id BIGINT REFERENCES initiatives (id),
	target_group TEXT NOT NULL CHECK (target_group IN ('barn_och_unga', 'vuxna', 'aldre', 'alla'))
);
INSERT INTO action_plan_measures_new SELECT id, plan_id, position, goal_id, text, initiative_id, target_group FROM action_plan_measures;
CREATE TABLE action_plan_indicators_new (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans_new (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	unit TEXT NOT NULL DEFAULT '',
	kolada_kpi TEXT NOT NULL DEFAULT '',
	target DOUBLE PRECISION
);
INSERT INTO action_plan_indicators_new SELECT id, plan_id, position, name, unit, kolada_kpi, target FROM action_plan_indicators;
CREATE TABLE action_plan_follow_ups_new (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES action_plans_new (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	year INTEGER NOT NULL,
	measure_id BIGINT REFERENCES action_plan_measures_new (id),
	indicator_id BIGINT REFERENCES action_plan_indicators_new (id),
	status TEXT NOT NULL CHECK (status IN ('not_started', 'ongoing', 'done', 'delayed')),
	value DOUBLE PRECISION,
	comment TEXT NOT NULL DEFAULT '',
	CHECK ((measure_id IS NOT NULL AND indicator_id IS NULL) OR (measure_id IS NULL AND indicator_id IS NOT NULL))
);
INSERT INTO action_plan_follow_ups_new SELECT id, plan_id, position, year, measure_id, indicator_id, status, value, comment FROM action_plan_follow_ups;
DROP TABLE action_plan_follow_ups;
DROP TABLE action_plan_measures;
DROP TABLE action_plan_indicators;
DROP TABLE action_plan_goals;
DROP TABLE action_plans;
ALTER TABLE action_plans_new RENAME TO action_plans;
ALTER TABLE action_plan_goals_new RENAME TO action_plan_goals;
ALTER TABLE action_plan_measures_new RENAME TO action_plan_measures;
ALTER TABLE action_plan_indicators_new RENAME TO action_plan_indicators;
ALTER TABLE action_plan_follow_ups_new RENAME TO action_plan_follow_ups;
CREATE INDEX action_plans_owner ON action_plans (owner_org);
CREATE INDEX action_plans_owner_group ON action_plans (owner_group);
CREATE INDEX action_plans_owner_county ON action_plans (owner_county);
CREATE INDEX action_plan_goals_plan ON action_plan_goals (plan_id);
CREATE INDEX action_plan_measures_plan ON action_plan_measures (plan_id);
CREATE INDEX action_plan_indicators_plan ON action_plan_indicators (plan_id);
CREATE INDEX action_plan_follow_ups_plan ON action_plan_follow_ups (plan_id);
