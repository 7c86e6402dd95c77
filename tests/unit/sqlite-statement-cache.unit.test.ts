import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cachePreparedStatements } from '../../cms/src/lib/sqlite-statement-cache.ts';

const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');
type Database = {
  prepare(sql: string): { reader: boolean; run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
  close(): void;
};
const BetterSqlite = createRequire(path.join(cmsDir, 'package.json'))('better-sqlite3') as new (file: string) => Database;

function database() {
  const db = cachePreparedStatements(new BetterSqlite(':memory:'));
  db.prepare('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)').run();
  return db;
}

describe('SQLite prepared-statement cache (cms/src/lib/sqlite-statement-cache.ts)', () => {
  it('hands out the same statement for the same SQL, and it keeps working', () => {
    const db = database();
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    expect(db.prepare('INSERT INTO t (name) VALUES (?)')).toBe(insert);
    insert.run('a');
    db.prepare('INSERT INTO t (name) VALUES (?)').run('b');
    expect(db.prepare('SELECT name FROM t ORDER BY id').all()).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(db.prepare('BEGIN')).toBe(db.prepare('BEGIN'));
    db.close();
  });

  it('forgets every statement when the schema changes, so none sees an old table', () => {
    const db = database();
    const select = db.prepare('SELECT * FROM t');
    db.prepare('ALTER TABLE t ADD COLUMN extra TEXT').run();
    expect(db.prepare('SELECT * FROM t')).not.toBe(select);
    db.prepare('INSERT INTO t (name, extra) VALUES (?, ?)').run('x', 'y');
    expect(db.prepare('SELECT * FROM t').all()).toEqual([{ id: 1, name: 'x', extra: 'y' }]);
    db.close();
  });

  it('does not keep PRAGMAs or savepoints, and keeps at most maxEntries statements', () => {
    const db = cachePreparedStatements(new BetterSqlite(':memory:'), 2);
    expect(db.prepare('PRAGMA user_version')).not.toBe(db.prepare('PRAGMA user_version'));
    expect(db.prepare('SAVEPOINT trx1')).not.toBe(db.prepare('SAVEPOINT trx1'));
    const first = db.prepare('SELECT 1');
    db.prepare('SELECT 2');
    db.prepare('SELECT 3');
    expect(db.prepare('SELECT 1')).not.toBe(first);
    db.close();
  });
});
