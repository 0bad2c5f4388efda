-- Accounts: users with their roles, browser sessions, API tokens and the
-- failed logins that throttle guessing. Tokens are stored only as hex
-- SHA-256 hashes and passwords only as argon2id PHC strings, so a copy of
-- the database lets no one in.

CREATE TABLE users (
	id {{ID}},
	email TEXT NOT NULL UNIQUE, -- normalised: trimmed, lower case
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TEXT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);

-- org_code is '' for the roles not tied to an organisation rather than
-- NULL, because NULLs are distinct in a UNIQUE constraint on both engines
-- and would let one user hold "admin" twice. A foreign key cannot allow
-- '' portably, so the application checks a coordinator's organisation.
CREATE TABLE user_roles (
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('admin', 'coordinator', 'auditor')),
	org_code TEXT NOT NULL DEFAULT '',
	CHECK ((kind = 'coordinator') = (org_code <> '')),
	UNIQUE (user_id, kind, org_code)
);

CREATE TABLE sessions (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	prefix TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One row per failed login under each key it counts against
-- ("account:EMAIL", "ip:ADDRESS"). In the database, not in memory, so that
-- several servers on one PostgreSQL share the count.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);
