// Every statement the SQLite backend runs, prepared once per connection.
import type { Database, Statement } from 'better-sqlite3';
import { COMPACT_REV_KEY, ROW_COLUMNS } from './schema.js';
import type { Row } from './rows.js';

const NOT_BOOKKEEPING = `name != '${COMPACT_REV_KEY}'`;

/** Rows of a prefix range that are live and newest as of @rev (no successor at or below it). */
function listSql(strict: boolean, bounded: boolean): string {
  return `SELECT ${ROW_COLUMNS} FROM kine AS kv
    WHERE kv.name ${strict ? '>' : '>='} @lo ${bounded ? 'AND kv.name < @hi' : ''}
      AND kv.id <= @rev AND kv.deleted = 0 AND kv.${NOT_BOOKKEEPING}
      AND NOT EXISTS (SELECT 1 FROM kine AS n WHERE n.name = kv.name AND n.prev_revision = kv.id AND n.id <= @rev)
    ORDER BY kv.name LIMIT @limit`;
}

function countSql(bounded: boolean): string {
  return `SELECT COUNT(*) FROM kine AS kv
    WHERE kv.name >= @lo ${bounded ? 'AND kv.name < @hi' : ''} AND kv.deleted = 0 AND kv.${NOT_BOOKKEEPING}
      AND NOT EXISTS (SELECT 1 FROM kine AS n WHERE n.name = kv.name AND n.prev_revision = kv.id)`;
}

function sinceSql(bounded: boolean): string {
  return `SELECT ${ROW_COLUMNS} FROM kine
    WHERE id > @after AND id <= @upto AND name >= @lo ${bounded ? 'AND name < @hi' : ''} AND ${NOT_BOOKKEEPING}
    ORDER BY id`;
}

export interface ListParams { lo: string; hi?: string; rev: number; limit: number }
export interface SinceParams { after: number; upto: number; lo: string; hi?: string }

export interface Queries {
  latest: Statement<[string], Row>;
  at: Statement<[string, number], Row>;
  insert: Statement<[string, number, number, number, number, string | null, string | null]>;
  /** Four variants: [strict lower bound][has upper bound]. */
  list: Statement<[ListParams], Row>[][];
  count: Statement<[{ lo: string; hi?: string }], number>[];
  since: Statement<[SinceParams], Row>[];
  /** Rows after a revision, in order, at most @limit: what the poller and the post-commit path publish. */
  after: Statement<[number, number], Row>;
  currentRevision: Statement<[], number | undefined>;
  compactRevision: Statement<[], number | undefined>;
  setCompactRevision: Statement<[number]>;
  /** Deletes rows superseded by, and tombstones at, revisions in (@lo, @hi]. */
  compactDelete: Statement<[{ lo: number; hi: number }]>;
  dataVersion: Statement<[], number>;
}

export function prepareQueries(db: Database): Queries {
  const p = <A extends unknown[], R = unknown>(sql: string) => db.prepare<A, R>(sql);
  return {
    latest: p(`SELECT ${ROW_COLUMNS} FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1`),
    at: p(`SELECT ${ROW_COLUMNS} FROM kine WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`),
    insert: p(`INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value, old_value) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    list: [false, true].map((strict) => [false, true].map((bounded) => p<[ListParams], Row>(listSql(strict, bounded)))),
    count: [false, true].map((bounded) => p<[{ lo: string; hi?: string }], number>(countSql(bounded)).pluck()),
    since: [false, true].map((bounded) => p<[SinceParams], Row>(sinceSql(bounded))),
    after: p(`SELECT ${ROW_COLUMNS} FROM kine WHERE id > ? AND ${NOT_BOOKKEEPING} ORDER BY id LIMIT ?`),
    currentRevision: p<[], number | undefined>(`SELECT seq FROM sqlite_sequence WHERE name = 'kine'`).pluck(),
    compactRevision: p<[], number | undefined>(`SELECT prev_revision FROM kine WHERE name = '${COMPACT_REV_KEY}'`).pluck(),
    setCompactRevision: p(`UPDATE kine SET prev_revision = ? WHERE name = '${COMPACT_REV_KEY}'`),
    compactDelete: p(`DELETE FROM kine WHERE id IN (
        SELECT prev_revision FROM kine WHERE id > @lo AND id <= @hi AND prev_revision != 0 AND ${NOT_BOOKKEEPING}
        UNION ALL
        SELECT id FROM kine WHERE id > @lo AND id <= @hi AND deleted != 0)`),
    dataVersion: p<[], number>('PRAGMA data_version').pluck(),
  };
}
