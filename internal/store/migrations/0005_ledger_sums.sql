-- Balances sum the ledger by kind over an agreement or a year's
-- agreements: with the amount in the index the sum reads the index alone
-- (an index-only scan, already grouped by kind) instead of one table row
-- per entry, which at national size is a million rows.
CREATE INDEX ledger_agreement_kind_amount ON ledger_entries (agreement_id, kind, amount);
DROP INDEX ledger_agreement;

-- A pot's ledger, oldest first, a page at a time: without (pot_id, id)
-- PostgreSQL walks the primary key from the first entry ever and filters,
-- which for a recent pot passes a million rows to find fifty.
CREATE INDEX ledger_pot_id ON ledger_entries (pot_id, id);
