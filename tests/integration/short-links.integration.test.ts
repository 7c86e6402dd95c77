import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_CODE_PATTERN } from '@passerelle/shared/short-links';
import { aValidDocument } from '@passerelle/shared/testing';
import { cmsRequire, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Short codes (`/e/7K2`) are printed on posters: drawn by the CMS when an item is created, the same
 * on every locale and publication state of it, unchanged by edits, title or slug changes, never
 * set by a write, unique per kind of item, given at boot to items made before they existed.
 */
let app: StartedStrapi;
let strapi: Strapi;

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

const uid = 'api::event.event';
const events = () => strapi.documents(uid);
const codesOf = async (documentId: string) =>
  ((await strapi.db.query(uid).findMany({ where: { documentId }, select: ['locale', 'publishedAt', 'shortCode'] })) as { shortCode: string | null }[]).map(
    (row) => row.shortCode,
  );

describe('short codes', () => {
  it('are drawn at creation and kept on every locale, draft and published, through edits', async () => {
    const created = await events().create({ locale: 'fr', data: aValidDocument(uid) });
    const [code] = await codesOf(created.documentId);
    expect(code).toMatch(SHORT_CODE_PATTERN);
    expect(code).toHaveLength(3);

    const english = aValidDocument(uid);
    await events().update({ documentId: created.documentId, locale: 'en', data: { ...english, slug: created.slug } });
    await events().publish({ documentId: created.documentId, locale: '*' });
    await events().update({ documentId: created.documentId, locale: 'fr', data: { title: 'Un tout autre titre', slug: 'un-tout-autre-titre' } });
    await events().publish({ documentId: created.documentId, locale: 'fr' });

    const codes = await codesOf(created.documentId);
    expect(codes.length).toBe(4); // fr and en, draft and published
    expect(new Set(codes)).toEqual(new Set([code]));
  });

  it('cannot be set or changed by a write', async () => {
    const created = await events().create({ locale: 'fr', data: { ...aValidDocument(uid), shortCode: 'ZZZ' } });
    const [code] = await codesOf(created.documentId);
    expect(code).not.toBe('ZZZ');
    await events().update({ documentId: created.documentId, locale: 'fr', data: { shortCode: 'YYY' } });
    expect(await codesOf(created.documentId)).toEqual([code]);
  });

  it('are unique per kind of item', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 80; i++) {
      const created = await events().create({ locale: 'fr', data: aValidDocument(uid) });
      codes.add((await codesOf(created.documentId))[0]!);
    }
    expect(codes.size).toBe(80);
    const taken = (await strapi.db.query(uid).findMany({ select: ['documentId', 'shortCode'] })) as { documentId: string; shortCode: string }[];
    const owners = new Map<string, Set<string>>();
    for (const row of taken) owners.set(row.shortCode, (owners.get(row.shortCode) ?? new Set()).add(row.documentId));
    expect([...owners.values()].filter((docs) => docs.size > 1)).toEqual([]);
  });

  it('are given at boot to items that have none, and a row that lost its code gets the document’s own back', async () => {
    // The compiled module the running CMS uses (Strapi compiles to CommonJS in cms/dist).
    const { backfillShortCodes } = cmsRequire('./dist/src/document-middlewares/assign-short-codes.js') as {
      backfillShortCodes: (strapi: Strapi) => Promise<number>;
    };
    const bare = await events().create({ locale: 'fr', data: aValidDocument(uid) });
    const kept = await events().create({ locale: 'fr', data: aValidDocument(uid) });
    await events().publish({ documentId: kept.documentId, locale: 'fr' });
    const [keptCode] = await codesOf(kept.documentId);
    await strapi.db.query(uid).updateMany({ where: { documentId: bare.documentId }, data: { shortCode: null } });
    await strapi.db.query(uid).updateMany({ where: { documentId: kept.documentId, publishedAt: { $notNull: true } }, data: { shortCode: null } });

    expect(await backfillShortCodes(strapi)).toBe(2);
    expect((await codesOf(bare.documentId))[0]).toMatch(SHORT_CODE_PATTERN);
    expect(new Set(await codesOf(kept.documentId))).toEqual(new Set([keptCode]));
  });

  it('are public with the published item, for the site’s build', async () => {
    const created = await events().create({ locale: 'fr', data: aValidDocument(uid) });
    await events().publish({ documentId: created.documentId, locale: 'fr' });
    const [code] = await codesOf(created.documentId);
    const { data, errors } = await graphql(app.baseUrl, `query { events(filters: { documentId: { eq: "${created.documentId}" } }, locale: "fr") { shortCode } }`);
    expect(errors).toBeUndefined();
    expect(data.events).toEqual([{ shortCode: code }]);
  });
});
