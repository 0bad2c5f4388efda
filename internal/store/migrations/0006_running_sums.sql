-- Running sums of the ledger, kept by the transaction that appends the
-- entries, so that a balance reads a handful of rows instead of summing
-- the ledger (112 000 entries a year at national size). Each entry adds to
-- four rows: its pot and organisation, its pot (org_code ''), its
-- agreement and organisation (pot_id 0), and its agreement (pot_id 0,
-- org_code ''); an entry without a pot adds to the last two only. A
-- balance picks the rows of the level its filter names and sums them.
CREATE TABLE ledger_sums (
	agreement_id BIGINT NOT NULL REFERENCES agreements (id),
	pot_id BIGINT NOT NULL,
	org_code TEXT NOT NULL,
	kind TEXT NOT NULL,
	amount BIGINT NOT NULL,
	PRIMARY KEY (agreement_id, pot_id, org_code, kind)
);
CREATE INDEX ledger_sums_pot ON ledger_sums (pot_id, org_code);
CREATE INDEX ledger_sums_org ON ledger_sums (org_code, pot_id);

INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
	SELECT agreement_id, pot_id, org_code, kind, SUM(amount) FROM ledger_entries
	WHERE pot_id IS NOT NULL GROUP BY agreement_id, pot_id, org_code, kind;
INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
	SELECT agreement_id, pot_id, '', kind, SUM(amount) FROM ledger_entries
	WHERE pot_id IS NOT NULL GROUP BY agreement_id, pot_id, kind;
INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
	SELECT agreement_id, 0, org_code, kind, SUM(amount) FROM ledger_entries GROUP BY agreement_id, org_code, kind;
INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
	SELECT agreement_id, 0, '', kind, SUM(amount) FROM ledger_entries GROUP BY agreement_id, kind;

-- Lists of requisitions and payments filter by agreement, pot or
-- organisation and page in id order. With the filter column on the row and
-- an index on (filter, id), a page reads its fifty rows; before, a year's
-- requisitions were found through the pots and PostgreSQL walked the
-- primary key past hundreds of thousands of rows to fill a page. The
-- columns copy facts of the requisition that never change.
ALTER TABLE requisitions ADD COLUMN agreement_id BIGINT NOT NULL DEFAULT 0;
UPDATE requisitions SET agreement_id = (SELECT p.agreement_id FROM pots p WHERE p.id = requisitions.pot_id);
CREATE INDEX requisitions_agreement_id ON requisitions (agreement_id, id);
CREATE INDEX requisitions_pot_id ON requisitions (pot_id, id);
CREATE INDEX requisitions_org_id ON requisitions (org_code, id);
DROP INDEX requisitions_pot;
DROP INDEX requisitions_org;

ALTER TABLE payments ADD COLUMN pot_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN agreement_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN org_code TEXT NOT NULL DEFAULT '';
UPDATE payments SET
	pot_id = (SELECT r.pot_id FROM requisitions r WHERE r.id = payments.requisition_id),
	agreement_id = (SELECT r.agreement_id FROM requisitions r WHERE r.id = payments.requisition_id),
	org_code = (SELECT r.org_code FROM requisitions r WHERE r.id = payments.requisition_id);
CREATE INDEX payments_agreement_id ON payments (agreement_id, id);
CREATE INDEX payments_pot_id ON payments (pot_id, id);
CREATE INDEX payments_org_id ON payments (org_code, id);
