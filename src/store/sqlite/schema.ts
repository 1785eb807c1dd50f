// The one table, shaped like kine's. `id` is the revision. Every write appends a row; the newest row of a name is
// its current state (a `deleted` row is a tombstone). `created` rows store create_revision 0, meaning "= id".
// `prev_revision` chains a key's rows (the unique index makes a lost compare-and-swap impossible even across
// processes); `old_value` carries the previous value so a watch event needs no second read.
// The row named `compact_rev_key` is bookkeeping: its prev_revision is the compact revision (survives restart).

export const COMPACT_REV_KEY = 'compact_rev_key';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS kine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT,
  old_value TEXT
);
CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id);
CREATE INDEX IF NOT EXISTS kine_id_deleted_index ON kine (id, deleted);
CREATE INDEX IF NOT EXISTS kine_prev_revision_index ON kine (prev_revision);
CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision);
INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value, old_value)
  SELECT '${COMPACT_REV_KEY}', 0, 0, 0, 0, NULL, NULL
  WHERE NOT EXISTS (SELECT 1 FROM kine WHERE name = '${COMPACT_REV_KEY}');
`;

/** Columns every read selects, in this order; see rows.ts. */
export const ROW_COLUMNS = 'id, name, created, deleted, create_revision, prev_revision, value, old_value';
