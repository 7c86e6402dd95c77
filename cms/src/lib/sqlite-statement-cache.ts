/**
 * Knex's better-sqlite3 dialect prepares every query again, each time it runs it: SQLite parses
 * and plans the same few statements thousands of times (a tenth of the CMS's CPU time under the
 * signature benchmark). This keeps prepared statements per connection, keyed by their SQL.
 *
 * Safe because knex only ever calls `.all()` or `.run()` on a statement, both synchronous, so a
 * statement is never in use when it is handed out again. Data statements and BEGIN/COMMIT/ROLLBACK
 * are kept; a schema change (Strapi's DDL at boot) empties the cache, so no statement outlives
 * one; anything else (PRAGMA, savepoints with their generated names) is prepared as before.
 */
interface Statement {
  reader: boolean;
}
export interface PreparingConnection {
  prepare(sql: string): Statement;
}

const cacheable = /^\s*(select|insert|update|delete|with|begin|commit|rollback;?\s*$)/i;
const changesSchema = /^\s*(create|alter|drop)\b/i;

export function cachePreparedStatements<C extends PreparingConnection>(connection: C, maxEntries = 500): C {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, Statement>();
  connection.prepare = (sql: string) => {
    const hit = statements.get(sql);
    if (hit) return hit;
    if (changesSchema.test(sql)) statements.clear();
    if (!cacheable.test(sql)) return prepare(sql);
    const statement = prepare(sql);
    // Queries with variable-length IN lists make many distinct strings: forget the oldest.
    if (statements.size >= maxEntries) statements.delete(statements.keys().next().value as string);
    statements.set(sql, statement);
    return statement;
  };
  return connection;
}
