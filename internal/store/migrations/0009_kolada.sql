-- Kolada key figures imported from saved answers of Kolada's API. Each
-- import is recorded; a value imported again is updated in place and
-- remembers the import that last wrote it.
CREATE TABLE kolada_imports (
	id {{ID}},
	files TEXT NOT NULL,            -- JSON array of the file (or page) names
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL,
	value_count INTEGER NOT NULL,
	kpis INTEGER NOT NULL,
	organisations INTEGER NOT NULL,
	periods INTEGER NOT NULL,
	pages INTEGER NOT NULL,
	incomplete BOOLEAN NOT NULL DEFAULT FALSE
);

-- org_code is anslag's code: a municipality (0780), a region's county code
-- (07) or 00 for the whole country. No foreign key: Riket is not an
-- organisation, and the importer checks codes against the register.
-- value is a float: these are statistics, not money. NULL: Kolada has none.
CREATE TABLE kolada_values (
	kpi TEXT NOT NULL,
	org_code TEXT NOT NULL,
	period INTEGER NOT NULL,
	gender TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
	value DOUBLE PRECISION,
	status TEXT NOT NULL DEFAULT '',
	import_id BIGINT NOT NULL REFERENCES kolada_imports (id),
	PRIMARY KEY (kpi, org_code, period, gender)
);
CREATE INDEX kolada_values_org ON kolada_values (org_code, kpi);
