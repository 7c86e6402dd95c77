/**
 * Whether a failure means "the database is not answering right now" — restarting, shut down, out
 * of reach, or every pooled connection busy — rather than a fault in our code. Such a request did
 * not commit (a transaction that lost its connection is rolled back by the server), so the resident
 * is told to try again in a minute (503 with Retry-After) instead of "something went wrong" (500).
 *
 * Recognised by codes, never by message text alone where a code exists:
 * - Node socket errors from the driver: the server refused, reset or never answered;
 * - PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (admin/crash shutdown,
 *   cannot connect now: the server is starting or stopping), 53300 (too many connections);
 * - knex's pool: no connection free within acquireConnectionTimeout (`KnexTimeoutError`);
 * - node-postgres's own errors for a connection that ended under it (no code, fixed messages);
 * - SQLite: the file locked by another writer longer than the busy timeout.
 * Wrapped errors are followed through `cause` (Strapi's database layer wraps driver errors).
 */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const postgresStates = new Set(['57P01', '57P02', '57P03', '53300']);
const sqliteCodes = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
// Not anchored: knex prefixes a failed query's message with its SQL.
const lostConnection = /(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Knex: Timeout acquiring a connection)/;

function isUnavailableOne(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (socketCodes.has(code) || postgresStates.has(code) || sqliteCodes.has(code) || code.startsWith('08')) return true;
  }
  return error.name === 'KnexTimeoutError' || lostConnection.test(error.message);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    if (isUnavailableOne(current)) return true;
  }
  return false;
}

/** Seconds a resident (or a client honouring Retry-After) should wait: a restart takes well under a minute. */
export const DATABASE_RETRY_AFTER_SECONDS = 60;
