import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spacePaths, spaceSelfCheckPath, spaceTrainingDone, spaceTrainingForget, spaceTrainingPaths } from '@passerelle/shared/participation';
import { aValidDocument } from '@passerelle/shared/testing';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { retentionFromEnv } from '@passerelle/shared/privacy';
import { useTestOutbox } from '../support/participation.ts';
import { createReachableMember, hiddenFields, practitionerUid, signInByCode, SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Private training progress, attacked: a stranger, an ex-member and another member try to read,
 * change or erase someone's progress; forms without, with a wrong or with another member's CSRF
 * token; answers that are not a question's choices; a module still in draft; the type read through
 * the public REST or GraphQL API. A result is kept only when its owner ticks the box.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const progressUid = 'api::practitioners.training-progress';
const moduleUid = 'api::training-module.training-module';
const slug = 'securite-de-la-progression';
const draftSlug = 'module-encore-brouillon';

type Who = 'owner' | 'other' | 'leaver';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; browser: SpaceBrowser }>;

const listFields = async (browser: SpaceBrowser, action: string) => hiddenFields((await browser.get(spaceTrainingPaths.list)).text, action);
const checkPage = (unit = 1) => `${spaceSelfCheckPath(slug)}?unite=${unit}`;
const checkFields = async (browser: SpaceBrowser) => hiddenFields((await browser.get(checkPage())).text, spaceSelfCheckPath(slug));
const rowsOf = async (memberId: string) =>
  (await strapi.db.query(progressUid).findMany({ where: { member: { documentId: memberId } }, select: ['moduleSlug', 'unitNumber', 'done', 'checkCorrect', 'checkTotal'] })) as Array<{
    moduleSlug: string;
    unitNumber: number;
    done: boolean;
    checkCorrect: number | null;
    checkTotal: number | null;
  }>;

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  const valid = aValidDocument(moduleUid) as Record<string, unknown>;
  const published = await strapi.documents(moduleUid).create({ locale: 'fr', data: { ...valid, title: 'Progression en sécurité', slug } });
  await strapi.documents(moduleUid).publish({ documentId: published.documentId, locale: 'fr' });
  await strapi.documents(moduleUid).create({ locale: 'fr', data: { ...valid, title: 'Module encore en brouillon', slug: draftSlug } });
  const make = (name: string) => createReachableMember(strapi, name);
  const owner = await make('Odile Apprenante');
  const other = await make('Xavier Curieux');
  const leaver = await make('Léa Partie');
  for (const [key, p] of Object.entries({ owner, other, leaver })) people[key as Who] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  // The owner keeps a unit done and a self-check result (the right answer is the second choice).
  expect((await people.owner.browser.post(spaceTrainingDone(slug), { ...(await listFields(people.owner.browser, spaceTrainingDone(slug))), unit: '1', done: '1' })).status).toBe(303);
  const kept = await people.owner.browser.post(spaceSelfCheckPath(slug), { ...(await checkFields(people.owner.browser)), q1: '1', save: '1' });
  expect(kept.status).toBe(200);
  expect(kept.text).toContain('Bonnes réponses\u00a0: 1 sur 1.');
  expect(kept.text).toContain('Ce résultat est gardé dans votre progression');
  // The leaver keeps something too, then loses their place in the space.
  expect((await people.leaver.browser.post(spaceTrainingDone(slug), { ...(await listFields(people.leaver.browser, spaceTrainingDone(slug))), unit: '1', done: '1' })).status).toBe(303);
  await strapi.db.query(practitionerUid).update({ where: { documentId: leaver.documentId }, data: { active: false } });
});

afterAll(async () => {
  await app?.stop();
});

describe('only the member sees their progress', () => {
  it('the owner sees what they kept; another member sees the same module with nothing of it', async () => {
    const mine = await people.owner.browser.get(spaceTrainingPaths.list);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Progression en sécurité');
    expect(mine.text).toContain('Vérification gardée\u00a0: 1 sur 1');
    expect(mine.text).toContain('Unités faites\u00a0: 1 sur 1');
    const theirs = await people.other.browser.get(spaceTrainingPaths.list);
    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain('Progression en sécurité');
    expect(theirs.text).not.toContain('Vérification gardée');
    expect(theirs.text).toContain('Unités faites\u00a0: 0 sur 1');
    expect(theirs.text).not.toContain('Odile');
  });

  it('a stranger and an ex-member are sent to sign in, on every page and every form, and nothing changes', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const browser of [stranger, people.leaver.browser]) {
      for (const path of [spaceTrainingPaths.list, checkPage()]) {
        const answer = await browser.get(path);
        expect(answer.status, path).toBe(303);
        expect(answer.location, path).toBe(spacePaths.signIn);
      }
      for (const path of [spaceTrainingPaths.erase, spaceTrainingDone(slug), spaceTrainingForget(slug), spaceSelfCheckPath(slug)]) {
        const answer = await browser.post(path, { csrf: 'a'.repeat(64), locale: 'fr', unit: '1', done: '0', q1: '0', save: '1' });
        expect(answer.status, path).toBe(303);
        expect(answer.location, path).toBe(spacePaths.signIn);
      }
    }
    expect(await rowsOf(people.owner.documentId)).toEqual([{ moduleSlug: slug, unitNumber: 1, done: true, checkCorrect: 1, checkTotal: 1 }]);
    // The ex-member's own rows stay theirs (for an export or an erasure), untouched by their attempts.
    expect(await rowsOf(people.leaver.documentId)).toEqual([{ moduleSlug: slug, unitNumber: 1, done: true, checkCorrect: null, checkTotal: null }]);
  });

  it('another member cannot reach the owner’s rows: naming the owner in a form changes only their own', async () => {
    const owner = people.owner.documentId;
    const fields = await listFields(people.other.browser, spaceTrainingDone(slug));
    expect((await people.other.browser.post(spaceTrainingDone(slug), { ...fields, unit: '1', done: '0', member: owner, memberDocumentId: owner })).status).toBe(303);
    expect((await people.other.browser.post(spaceTrainingForget(slug), { ...fields, unit: '1', member: owner })).status).toBe(303);
    expect((await people.other.browser.post(spaceTrainingPaths.erase, { ...fields, member: owner })).status).toBe(303);
    expect(await rowsOf(owner)).toEqual([{ moduleSlug: slug, unitNumber: 1, done: true, checkCorrect: 1, checkTotal: 1 }]);
  });

  it('a forged form (no token, a wrong one, another member’s) is refused with 403 and nothing done', async () => {
    const othersToken = (await listFields(people.other.browser, spaceTrainingDone(slug))).csrf!;
    for (const csrf of [undefined, 'b'.repeat(64), othersToken]) {
      const data = { ...(csrf ? { csrf } : {}), locale: 'fr', unit: '1', done: '0', q1: '0', save: '1' };
      for (const path of [spaceTrainingPaths.erase, spaceTrainingDone(slug), spaceTrainingForget(slug), spaceSelfCheckPath(slug)]) {
        expect((await people.owner.browser.post(path, data)).status, `${path} ${csrf ?? 'none'}`).toBe(403);
      }
    }
    expect(await rowsOf(people.owner.documentId)).toEqual([{ moduleSlug: slug, unitNumber: 1, done: true, checkCorrect: 1, checkTotal: 1 }]);
  });
});

describe('what a form may carry', () => {
  it('a self-check answered without ticking the box keeps nothing', async () => {
    const answer = await people.other.browser.post(spaceSelfCheckPath(slug), { ...(await checkFields(people.other.browser)), q1: '0' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Pas tout à fait.');
    expect(answer.text).toContain('Ce résultat n’est pas enregistré.');
    expect(await rowsOf(people.other.documentId)).toEqual([]);
  });

  it('an unanswered question or a choice that does not exist is refused in French, the form shown again with the box kept', async () => {
    const fields = await checkFields(people.other.browser);
    for (const q1 of ['', '3', '-1', '1.5', 'abc', '99999']) {
      const answer = await people.other.browser.post(spaceSelfCheckPath(slug), { ...fields, q1, save: '1' });
      expect(answer.status, q1).toBe(422);
      expect(answer.text, q1).toContain('Choisissez une réponse à cette question.');
      expect(answer.text, q1).toMatch(/id="verification-garder" name="save" value="1" checked/);
    }
    expect(await rowsOf(people.other.documentId)).toEqual([]);
  });

  it('a module in draft, an unknown module, a unit that does not exist and a malformed slug answer 404 and keep nothing', async () => {
    const fields = await listFields(people.other.browser, spaceTrainingDone(slug));
    const answers = new Set<number>();
    for (const [target, unit] of [
      [draftSlug, '1'],
      ['inconnu', '1'],
      [slug, '2'],
      [slug, '0'],
      [slug, 'x'],
      ['..%2F..%2Fadmin', '1'],
    ] as const) {
      answers.add((await people.other.browser.post(spaceTrainingDone(target), { ...fields, unit, done: '1' })).status);
      answers.add((await people.other.browser.get(`${spaceSelfCheckPath(target)}?unite=${unit}`)).status);
      answers.add((await people.other.browser.post(spaceSelfCheckPath(target), { ...fields, unit, q1: '1', save: '1' })).status);
    }
    expect([...answers]).toEqual([404]);
    expect(await rowsOf(people.other.documentId)).toEqual([]);
  });

  it('the self-check page tells nothing of the answers before they are given', async () => {
    const page = await people.other.browser.get(checkPage());
    expect(page.status).toBe(200);
    expect(page.text).toContain('<input type="radio" id="verification-q1-1" name="q1" value="1">');
    expect(page.text).not.toContain('Un texto arrive sans forfait');
    expect(page.text).not.toContain('Bonne réponse');
  });
});

describe('erasing, Law 25 and the public API', () => {
  it('the owner erases one unit, then everything; nothing of theirs remains', async () => {
    const owner = people.owner.browser;
    expect((await owner.post(spaceTrainingForget(slug), { ...(await listFields(owner, spaceTrainingForget(slug))), unit: '1' })).status).toBe(303);
    expect(await rowsOf(people.owner.documentId)).toEqual([]);
    expect((await owner.post(spaceTrainingDone(slug), { ...(await listFields(owner, spaceTrainingDone(slug))), unit: '1', done: '1' })).status).toBe(303);
    const erased = await owner.post(spaceTrainingPaths.erase, await listFields(owner, spaceTrainingPaths.erase));
    expect(erased.status).toBe(303);
    expect((await owner.get(erased.location!)).text).toContain('Votre progression est effacée.');
    expect(await rowsOf(people.owner.documentId)).toEqual([]);
  });

  it('the export lists a member’s progress; their erasure deletes it; retention deletes progress left untouched', async () => {
    const other = people.other.browser;
    expect((await other.post(spaceTrainingDone(slug), { ...(await listFields(other, spaceTrainingDone(slug))), unit: '1', done: '1' })).status).toBe(303);
    const { csv } = await exportPersonData(strapi, people.other.email);
    expect(csv).toContain(`${slug} #1 done`);
    await deletePersonData(strapi, people.other.email);
    expect(await strapi.db.query(progressUid).count({ where: { moduleSlug: slug, member: { id: { $null: true } } } })).toBe(0);
    expect(await rowsOf(people.other.documentId)).toEqual([]);
    // The ex-member's row, untouched: gone once the period is past, kept before.
    const policy = retentionFromEnv({ RETENTION_TRAINING_PROGRESS_MONTHS_IDLE: '3' });
    expect((await applyRetention(strapi, new Date(Date.now() + 60 * 86_400_000), policy)).trainingProgressErased).toBe(0);
    expect(await rowsOf(people.leaver.documentId)).toHaveLength(1);
    expect((await applyRetention(strapi, new Date(Date.now() + 100 * 86_400_000), policy)).trainingProgressErased).toBe(1);
    expect(await rowsOf(people.leaver.documentId)).toEqual([]);
  });

  it('has no REST route and no GraphQL type, and every attribute is private', async () => {
    for (const path of ['/api/training-progresses', '/api/training-progresses?populate=*', '/api/training-progress']) {
      const { status } = await api(app.baseUrl, path);
      expect(status, path).toBe(404);
    }
    for (const query of ['{ trainingProgresses { moduleSlug checkCorrect } }', 'mutation { createTrainingProgress(data: { moduleSlug: "x" }) { documentId } }']) {
      const { status, errors } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
    }
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /^trainingprogress/i.test(n))).toEqual([]);
    const attributes = strapi.contentType(progressUid).attributes as Record<string, { private?: boolean }>;
    const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
    expect(own.length).toBeGreaterThan(0);
    for (const [name, attribute] of own) expect({ name, private: attribute.private }).toEqual({ name, private: true });
  });
});
