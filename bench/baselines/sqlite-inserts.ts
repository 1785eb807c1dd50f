// Baseline for B3's durability: raw better-sqlite3 inserts of the same 1 KiB JSON, WAL + synchronous=FULL (every
// COMMIT is fsynced, as in skiff's store), one insert per transaction and grouped N per transaction.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface SqliteBaseline { perTransaction: number; transactions: number; inserts: number; seconds: number; insertsPerSecond: number }

/** Inserts until `maxInserts` or `durationMs`, `perTransaction` rows per COMMIT. */
export function sqliteInserts(o: { perTransaction: number; durationMs: number; maxInserts: number; value: string }): SqliteBaseline {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-bench-sqlite-'));
  const db = new Database(join(dir, 'base.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE kv (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, value TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO kv (name, value) VALUES (?, ?)');
    const batch = db.transaction((from: number, n: number) => { for (let k = 0; k < n; k++) insert.run(`/registry/configmaps/bench/cm-${from + k}`, o.value); });
    let inserts = 0;
    let transactions = 0;
    const start = performance.now();
    while (inserts < o.maxInserts && performance.now() - start < o.durationMs) {
      batch.immediate(inserts, o.perTransaction);
      inserts += o.perTransaction;
      transactions++;
    }
    const seconds = (performance.now() - start) / 1000;
    return { perTransaction: o.perTransaction, transactions, inserts, seconds, insertsPerSecond: inserts / seconds };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
