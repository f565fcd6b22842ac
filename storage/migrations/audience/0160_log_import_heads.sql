-- Digest (BLAKE3) of the first 4,096 bytes of each imported log: an earlier file whose start differs
-- cannot be a prefix of a new one, so a daily import does not read the new file against each of them.
-- NULL for imports before this column: those are compared in full.
ALTER TABLE log_imports ADD COLUMN head_digest VARCHAR;
