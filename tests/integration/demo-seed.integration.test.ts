import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionQuery, contentTypes, itemCollections, locales, type CollectionName } from '@passerelle/shared';
import { e2eFixtures } from '../support/e2e-fixtures.ts';
import { cmsRequire, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The demo data (cms/data/*.json) seeds cleanly and idempotently, then the browser journeys' named
 * items as `npm test` seeds them (SEED_FIXTURES_DIR, written by support/write-e2e-fixtures.ts), and
 * what the public GraphQL API then serves parses with the site's own zod schemas, in both locales.
 */
let app: StartedStrapi;
let strapi: Strapi;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CMS's compiled seed module, required from cms/dist at run time
let seedModule: any;
const dataDir = path.join(path.dirname(cmsRequire.resolve('./package.json')), 'data');
const testsDir = fileURLToPath(new URL('..', import.meta.url));
let fixturesDir: string;

async function countRows(uid: string, status: 'published' | 'draft', locale = 'fr'): Promise<number> {
  return strapi.db.query(uid).count({ where: { locale, publishedAt: status === 'published' ? { $notNull: true } : null } });
}

/** Documents that exist only as drafts (never published) in French. */
async function draftOnlyCount(uid: string): Promise<number> {
  const drafts = await strapi.db.query(uid).findMany({ where: { locale: 'fr', publishedAt: null }, select: ['documentId'] });
  const published = await strapi.db.query(uid).findMany({ where: { locale: 'fr', publishedAt: { $notNull: true } }, select: ['documentId'] });
  const publishedIds = new Set(published.map((p: { documentId: string }) => p.documentId));
  return drafts.filter((d: { documentId: string }) => !publishedIds.has(d.documentId)).length;
}

async function snapshot(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, def] of Object.entries(contentTypes)) {
    for (const locale of locales) counts[`${name}:${locale}:all`] = await strapi.db.query(def.uid).count({ where: { locale } });
  }
  return counts;
}

async function fetchAll(name: CollectionName, locale: string): Promise<unknown[]> {
  const nodes: unknown[] = [];
  const pageSize = 100;
  for (let page = 1; ; page += 1) {
    const { data, errors } = await graphql(app.baseUrl, collectionQuery(name), { locale, page, pageSize });
    expect(errors, `${name} ${locale} page ${page}`).toBeUndefined();
    const batch = data[contentTypes[name].query] as unknown[];
    nodes.push(...batch);
    if (batch.length < pageSize) return nodes;
  }
}

beforeAll(async () => {
  fixturesDir = mkdtempSync(path.join(tmpdir(), 'passerelle-fixtures-'));
  execFileSync(path.join(testsDir, 'node_modules/.bin/tsx'), ['support/write-e2e-fixtures.ts', fixturesDir], { cwd: testsDir });
  app = await startStrapi({ seed: true, env: { SEED_FIXTURES_DIR: fixturesDir } });
  strapi = app.strapi;
  seedModule = cmsRequire('./dist/src/bootstrap/seed.js');
  // The whole demo seed, balado episodes included (spoken, then transcoded by ffmpeg): about two
  // minutes on two busy cores, more than the project's three-minute hook budget leaves to spare.
}, 360_000);

afterAll(async () => {
  await app?.stop();
  delete process.env.SEED_FIXTURES_DIR;
  if (fixturesDir) rmSync(fixturesDir, { recursive: true, force: true });
});

describe('demo seed', () => {
  it('seeds at least what cms/data/README.md promises', async () => {
    expect(await countRows('api::neighbourhood.neighbourhood', 'published')).toBeGreaterThanOrEqual(12);
    expect(await countRows('api::organization.organization', 'published')).toBeGreaterThanOrEqual(20);
    let publishedItems = 0;
    for (const name of itemCollections) publishedItems += await countRows(contentTypes[name].uid, 'published');
    expect(publishedItems).toBeGreaterThanOrEqual(100);
  });

  it.each(Object.keys(contentTypes) as Array<keyof typeof contentTypes>)('keeps at least one %s as a never-published draft', async (name) => {
    expect(await draftOnlyCount(contentTypes[name].uid)).toBeGreaterThanOrEqual(1);
  });

  it('gives every published neighbourhood its private OC list (review e-mails), in every locale', async () => {
    const rows = await strapi.db.query('api::neighbourhood.neighbourhood').findMany({ where: { publishedAt: { $notNull: true } }, select: ['slug', 'locale', 'ocEmails'] });
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const row of rows) expect(row.ocEmails, `${row.slug} ${row.locale}`).toEqual([expect.stringMatching(/^oc\.[a-z-]+@cisss\.example\.org$/)]);
  });

  it('creates nothing the second time, and refuses no entry', async () => {
    const before = await snapshot();
    const counts = await seedModule.seedDemoData(strapi, seedModule.readDemoDataFiles(dataDir));
    for (const [collection, count] of Object.entries(counts as Record<string, { created: number; failed: number }>)) {
      expect(count.created, collection).toBe(0);
      expect(count.failed, `${collection}: entries refused by the CMS (see log)`).toBe(0);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the journeys’ named items', () => {
  it.each(Object.entries(e2eFixtures))('%s is seeded in both locales, published unless it is a draft', async (_name, fixture) => {
    const rows: Array<{ locale: string; publishedAt: string | null }> = await strapi.db
      .query(contentTypes[fixture.collection].uid)
      .findMany({ where: { slug: fixture.slug }, select: ['locale', 'publishedAt'] });
    const versions = rows.map((row) => `${row.locale} ${row.publishedAt === null ? 'draft' : 'published'}`).sort();
    expect(versions).toEqual(fixture.draft ? ['en draft', 'fr draft'] : ['en draft', 'en published', 'fr draft', 'fr published']);
  });
});

describe('public GraphQL answers parse with the site schemas', () => {
  it.each(Object.keys(contentTypes) as CollectionName[])('%s, in French and English', async (name) => {
    const byLocale: Record<string, Set<string>> = {};
    for (const locale of locales) {
      const nodes = await fetchAll(name, locale);
      const failures = nodes
        .map((node) => ({ node, result: contentTypes[name].schema.safeParse(node) }))
        .filter(({ result }) => !result.success)
        .map(({ node, result }) => `${(node as { slug?: string }).slug}: ${result.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      expect(failures, `${name} ${locale}`).toEqual([]);
      byLocale[locale] = new Set(nodes.map((n) => (n as { documentId: string }).documentId));
      // Only published versions, and every one of them.
      expect(nodes.length).toBe(await countRows(contentTypes[name].uid, 'published', locale));
    }
    const missingInEnglish = [...byLocale.fr!].filter((id) => !byLocale.en!.has(id));
    expect(missingInEnglish, `${name}: French entries without English`).toEqual([]);
  });
});
