import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participationPaths } from '../../shared/src/participation/paths.ts';
import { publishedConsultation, publishedPetition, resultsPath } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The public counters (`compte.json`, `comptes.json`, `resultats.json`) answer anyone, as often as
 * they like. A burst of identical requests must cost the database one computation, repeated
 * requests within the cache time none, and one count must read only the rows it counts: an
 * attacker who fills the table with suspect signatures, or signatures of other petitions, must not
 * make each count slower. Queries are observed on the real database through knex's `query` event.
 */
let app: StartedStrapi;
let strapi: Strapi;
const sqlLog: Array<{ sql: string; bindings: unknown[] }> = [];
const BURST = 25;
const usesPostgres = process.env.DATABASE_CLIENT === 'postgres';

const tableOf = (uid: string) => strapi.db.metadata.get(uid).tableName as string;
// PostgreSQL names the schema first (`from "public"."signatures"`), SQLite does not.
const from = (table: string) => new RegExp(`\\bfrom (?:[\`"]\\w+[\`"]\\.)?[\`"]${table}[\`"]`, 'i');
/** Queries run while `work` ran that read `table`. */
async function queriesOn(table: string, work: () => Promise<unknown>) {
  const start = sqlLog.length;
  await work();
  return sqlLog.slice(start).filter((q) => from(table).test(q.sql));
}

/**
 * `n` identical requests at once. The connections are opened first: a Node server accepts one new
 * connection per event-loop turn, so a cold burst would reach the CMS one request at a time.
 */
async function burst(path: string, n = BURST) {
  await Promise.all(Array.from({ length: n }, async () => (await fetch(`${app.baseUrl}/_health`)).arrayBuffer()));
  return Promise.all(
    Array.from({ length: n }, async () => {
      const response = await fetch(app.baseUrl + path);
      return { status: response.status, body: await response.text() };
    }),
  );
}

function signatures(petitionDocumentId: string, n: number, signatureStatus: string) {
  return strapi.db.query('api::participation.signature').createMany({
    data: Array.from({ length: n }, () => ({
      petitionDocumentId,
      petitionSlug: 'x',
      name: 'Marie',
      signatureStatus,
      language: 'fr',
      submittedAtMs: Date.now(),
      ...(signatureStatus === 'suspect' ? { suspectReason: 'rate-limit' } : {}),
    })),
  });
}

/** How the database would run a captured query: SQLite's or PostgreSQL's plan, as text. */
async function plan(query: { sql: string; bindings: unknown[] }): Promise<string> {
  const knex = strapi.db.connection;
  if (!usesPostgres) {
    const rows = (await knex.raw(`EXPLAIN QUERY PLAN ${query.sql}`, query.bindings)) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }
  // Tiny test tables make a sequential scan cheapest; ask whether an index can answer at all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the transaction of Strapi's knex, untyped in tests (see `Strapi` in support/strapi.ts)
  return knex.transaction(async (trx: any) => {
    await trx.raw('SET LOCAL enable_seqscan = off');
    // The logged SQL carries pg's numbered placeholders; knex.raw wants `?`.
    const result = await trx.raw(`EXPLAIN ${query.sql.replace(/\$\d+/g, '?')}`, query.bindings);
    return (result.rows as Array<Record<string, string>>).map((r) => r['QUERY PLAN']).join('\n');
  });
}

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  process.env.PETITION_COUNT_CACHE_SECONDS = '30';
  app = await startStrapi();
  strapi = app.strapi;
  strapi.db.connection.on('query', (q: { sql: string; bindings?: unknown[] }) => sqlLog.push({ sql: q.sql, bindings: q.bindings ?? [] }));
});

afterAll(async () => {
  delete process.env.PETITION_COUNT_CACHE_SECONDS;
  await app?.stop();
});

describe("a petition's count (compte.json)", () => {
  it('is computed once for a burst of identical requests, then served from the cache', async () => {
    const petition = await publishedPetition(strapi, 'open', { paperSignatures: 4 });
    await signatures(petition.documentId, 3, 'confirmed');
    const table = tableOf('api::participation.signature');
    const path = `/participer/petitions/${petition.slug}/compte.json`;

    let answers: Array<{ status: number; body: string }> = [];
    const first = await queriesOn(table, async () => (answers = await burst(path)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.map((a) => JSON.parse(a.body))).toEqual(Array(BURST).fill({ confirmed: 3, paper: 4, total: 7 }));
    expect(first).toHaveLength(1);

    const again = await queriesOn(table, () => burst(path));
    expect(again).toHaveLength(0);
  });

  it('caches an unknown slug as a miss: a burst of them reaches the database at most once per locale tried', async () => {
    const slug = `nexiste-pas-${randomBytes(3).toString('hex')}`;
    const table = tableOf('api::petition.petition');
    let answers: Array<{ status: number }> = [];
    const first = await queriesOn(table, async () => (answers = await burst(`/participer/petitions/${slug}/compte.json`)));
    expect(answers.every((a) => a.status === 404)).toBe(true);
    expect(first.length).toBeLessThanOrEqual(2); // French, then English
    expect(await queriesOn(table, () => burst(`/participer/petitions/${slug}/compte.json`))).toHaveLength(0);
  });

  it('reads only the rows it counts: an index on (petition, status) answers, whatever else the table holds', async () => {
    const petition = await publishedPetition(strapi);
    const other = await publishedPetition(strapi);
    await signatures(petition.documentId, 5, 'confirmed');
    // What an attacker can add cheaply: suspect rows on the same petition, rows on another one.
    await signatures(petition.documentId, 300, 'suspect');
    await signatures(other.documentId, 300, 'confirmed');
    const counted = await queriesOn(tableOf('api::participation.signature'), async () => {
      const response = await fetch(`${app.baseUrl}/participer/petitions/${petition.slug}/compte.json`);
      expect(await response.json()).toMatchObject({ confirmed: 5 });
    });
    expect(counted).toHaveLength(1);
    const text = await plan(counted[0]!);
    if (usesPostgres) {
      expect(text).toMatch(/Index (Only )?Scan/);
      expect(text).toMatch(/Index Cond: .*petition_document_id.*signature_status|Index Cond: .*signature_status.*petition_document_id/);
    } else {
      expect(text).toMatch(/SEARCH \S+ USING (COVERING )?INDEX \S+ \((petition_document_id=\? AND signature_status=\?|signature_status=\? AND petition_document_id=\?)\)/);
    }
  });
});

describe('every petition count at once (comptes.json)', () => {
  it('is computed once for a burst of requests', async () => {
    const table = tableOf('api::participation.signature');
    let answers: Array<{ status: number; body: string }> = [];
    const queries = await queriesOn(table, async () => (answers = await burst(participationPaths.allCounts, 10)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(queries).toHaveLength(1);
  });
});

describe("a consultation's results (resultats.json)", () => {
  it('are computed once for a burst of identical requests, per consultation and for the bulk answer', async () => {
    const consultation = await publishedConsultation(strapi, 'closed');
    await strapi.db.query('api::participation.consultation-response').createMany({
      data: Array.from({ length: 4 }, () => ({
        consultationDocumentId: consultation.documentId,
        answers: [[0], 4, 0, null],
        language: 'fr',
        submittedAtMs: Date.now(),
      })),
    });
    const table = tableOf('api::participation.consultation-response');

    let answers: Array<{ status: number; body: string }> = [];
    const one = await queriesOn(table, async () => (answers = await burst(resultsPath(consultation.slug))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(JSON.parse(answers[0]!.body).responses).toBe(4);
    expect(one).toHaveLength(1);
    expect(await queriesOn(table, () => burst(resultsPath(consultation.slug)))).toHaveLength(0);

    const bulk = await queriesOn(table, async () => (answers = await burst(participationPaths.allResults, 10)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(JSON.parse(answers[0]!.body)[consultation.slug].responses).toBe(4);
    expect(bulk).toHaveLength(1);
  });

  it('still answers 409 before closing and the results once an OC closes it', async () => {
    const consultation = await publishedConsultation(strapi);
    expect((await fetch(app.baseUrl + resultsPath(consultation.slug))).status).toBe(409);
    const documents = strapi.documents('api::consultation.consultation');
    const closesAt = new Date(Date.now() - 60_000).toISOString();
    for (const locale of ['fr', 'en']) await documents.update({ documentId: consultation.documentId, locale, data: { closesAt } });
    await documents.publish({ documentId: consultation.documentId, locale: '*' });
    expect((await fetch(app.baseUrl + resultsPath(consultation.slug))).status).toBe(200);
  });
});
