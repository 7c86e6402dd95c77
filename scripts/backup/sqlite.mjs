/**
 * SQLite: a consistent copy of a database the CMS is writing to, and its restore.
 *
 * `VACUUM INTO` reads the whole database inside one read transaction: under WAL it sees one
 * snapshot and never blocks the CMS's writers. (The online backup API, `db.backup()`, restarts
 * from the beginning whenever another connection writes, so under a steady stream of signatures
 * it may never finish.) A plain file copy of a live WAL database is not a backup at all.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { cmsRequire } from './settings.mjs';

/** @type {typeof import('better-sqlite3')} */
const Database = cmsRequire('better-sqlite3');

/** Strapi's own bookkeeping: which schema and internal migrations the database has seen. */
function migrationMarker(db) {
  const has = (table) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  const schema = has('strapi_database_schema') ? db.prepare('SELECT hash, time FROM strapi_database_schema ORDER BY id DESC LIMIT 1').get() : undefined;
  const migration = has('strapi_migrations_internal') ? db.prepare('SELECT name FROM strapi_migrations_internal ORDER BY id DESC LIMIT 1').get() : undefined;
  return { schemaHash: schema?.hash ?? null, lastMigration: migration?.name ?? null };
}

/** The space's stored file keys a database names (none when it has no such table yet). */
export function sqliteFileKeys(file, table, column) {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (!has) return [];
    return db.prepare(`SELECT "${column}" AS k FROM "${table}" WHERE "${column}" IS NOT NULL`).all().map((row) => String(row.k));
  } finally {
    db.close();
  }
}

/** Writes a self-contained copy of `sourceFile` (no WAL) to `targetFile`; returns its migration marker. */
export function dumpSqlite(sourceFile, targetFile) {
  if (!existsSync(sourceFile)) throw new Error(`no SQLite database at ${sourceFile} (DATABASE_FILENAME)`);
  const source = new Database(sourceFile, { readonly: true, fileMustExist: true, timeout: 30_000 });
  try {
    source.prepare('VACUUM INTO ?').run(targetFile);
  } finally {
    source.close();
  }
  const copy = new Database(targetFile, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy fails SQLite's quick_check: ${String(check)}`);
    return migrationMarker(copy);
  } finally {
    copy.close();
  }
}

/** Empty means no file, a zero-byte file, or a database without a single table. */
export function sqliteIsEmpty(file) {
  if (!existsSync(file) || statSync(file).size === 0) return true;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    return db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get().n === 0;
  } finally {
    db.close();
  }
}

/**
 * Puts `dumpFile` in place of `targetFile` (the CMS must be stopped). Copied next to the target
 * first and renamed, so a failure halfway leaves the old file; the old WAL and shared-memory files
 * go too, or SQLite would replay the old database's WAL into the restored one.
 */
export function restoreSqlite(dumpFile, targetFile) {
  mkdirSync(path.dirname(targetFile), { recursive: true });
  const staging = path.join(path.dirname(targetFile), `.${path.basename(targetFile)}.restoring-${randomBytes(4).toString('hex')}`);
  try {
    const source = new Database(dumpFile, { readonly: true, fileMustExist: true });
    try {
      source.prepare('VACUUM INTO ?').run(staging);
    } finally {
      source.close();
    }
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(targetFile + suffix, { force: true });
    renameSync(staging, targetFile);
  } finally {
    rmSync(staging, { force: true });
  }
}
