import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceResourcePaths } from '@passerelle/shared/participation';
import { useTestOutbox } from '../support/participation.ts';
import { createReachableMember, createRoundTable, hiddenFields, signInByCode, type MultipartPart, type SpaceBrowser } from '../support/space.ts';
import { pdf } from '../support/documents.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The storage quotas of shared resources' documents, attacked: a member who keeps uploading past
 * their quota, members filling one table past its quota, and bursts of simultaneous uploads that
 * would each fit alone (the quota is read and the row written under one lock, so they count one
 * after the other). Refusals are French, keep the form's values, and leave no file behind.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const resourceUid = 'api::practitioners.resource';
const filesDir = mkdtempSync(path.join(tmpdir(), 'passerelle-space-quota-'));
/** Small quotas, so that a few small PDFs fill them. */
const memberQuota = 10_000;
const tableQuota = 16_000;
const memberRefusal = 'Vous avez déjà partagé beaucoup de documents';
const tableRefusal = 'Cette table a déjà beaucoup de documents';

/** A harmless PDF of about `bytes` bytes (a padding string in an unused object). */
/** Padded in the catalog: the stored PDF is rewritten with only the objects its catalog reaches (decision 0057). */
const pdfOf = (bytes: number) => pdf({ catalogExtra: `/Padding (${'x'.repeat(Math.max(0, bytes - 400))})` });

const storedFiles = () => readdirSync(filesDir).filter((name) => name !== 'incoming');
const incomingFiles = () => readdirSync(path.join(filesDir, 'incoming'));

async function upload(browser: SpaceBrowser, title: string, data: Buffer, table = '') {
  const csrf = hiddenFields((await browser.get(spaceResourcePaths.create)).text, spaceResourcePaths.create).csrf!;
  const fields: Record<string, string> = { csrf, locale: 'fr', title, url: '', description: 'Gardé tel quel', 'theme-guides': '1', table };
  const parts: MultipartPart[] = Object.entries(fields).map(([name, value]) => ({ name, value }));
  return browser.postMultipart(spaceResourcePaths.create, [...parts, { name: 'file', filename: `${title}.pdf`, type: 'application/pdf', data }]);
}

async function bytesKept(where: Record<string, unknown>): Promise<number> {
  const rows = (await strapi.db.query(resourceUid).findMany({ where: { ...where, fileKey: { $notNull: true } }, select: ['id', 'fileSize'] })) as Array<{ fileSize: number | string }>;
  return rows.reduce((sum, row) => sum + Number(row.fileSize), 0);
}

async function member(name: string): Promise<{ documentId: string; browser: SpaceBrowser }> {
  const person = await createReachableMember(strapi, name);
  return { documentId: person.documentId, browser: await signInByCode(app.baseUrl, outbox, person.phone) };
}

beforeAll(async () => {
  app = await startStrapi({
    env: { SPACE_FILES_DIR: filesDir, SPACE_UPLOAD_QUOTA_MEMBER_BYTES: String(memberQuota), SPACE_UPLOAD_QUOTA_TABLE_BYTES: String(tableQuota) },
  });
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe('storage quotas', () => {
  it('a member past their quota is refused in French with the values kept and nothing stored; a link still passes', async () => {
    const aline = await member('Aline Quota');
    expect((await upload(aline.browser, 'Premier', pdfOf(4_000))).status).toBe(303);
    expect((await upload(aline.browser, 'Deuxième', pdfOf(4_000))).status).toBe(303);
    const filesBefore = storedFiles().length;
    const refused = await upload(aline.browser, 'Troisième', pdfOf(4_000));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(memberRefusal);
    expect(refused.text).toContain('value="Troisième"');
    expect(refused.text).toContain('Gardé tel quel');
    expect(storedFiles().length).toBe(filesBefore);
    expect(incomingFiles()).toEqual([]);
    expect(await bytesKept({ author: { documentId: aline.documentId } })).toBeLessThanOrEqual(memberQuota);
    // A link takes no room.
    const csrf = hiddenFields((await aline.browser.get(spaceResourcePaths.create)).text, spaceResourcePaths.create).csrf!;
    const link = await aline.browser.post(spaceResourcePaths.create, { csrf, locale: 'fr', title: 'Un lien', url: 'https://exemple.org/guide', description: '', 'theme-guides': '1', table: '' });
    expect(link.status).toBe(303);
  });

  it('a table past its quota refuses the next document for it, whoever sends it; the same document for every member passes', async () => {
    const people = [await member('Bruno Table'), await member('Chloé Table'), await member('Denis Table')];
    const table = await createRoundTable(strapi, { name: 'Table pleine', members: people.map((p) => p.documentId) });
    expect((await upload(people[0]!.browser, 'Procès-verbal 1', pdfOf(6_000), table)).status).toBe(303);
    expect((await upload(people[1]!.browser, 'Procès-verbal 2', pdfOf(6_000), table)).status).toBe(303);
    const refused = await upload(people[2]!.browser, 'Procès-verbal 3', pdfOf(6_000), table);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(tableRefusal);
    expect(refused.text).toContain('value="Procès-verbal 3"');
    expect(refused.text).toMatch(new RegExp(`<option value="${table}" selected>`));
    expect(await bytesKept({ roundTable: { documentId: table } })).toBeLessThanOrEqual(tableQuota);
    expect((await upload(people[2]!.browser, 'Procès-verbal 3 pour tous', pdfOf(6_000))).status).toBe(303);
  });

  it('a burst of simultaneous uploads by one member cannot pass the member quota', async () => {
    const eve = await member('Ève Rafale');
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(eve.browser, `Rafale ${i}`, pdfOf(3_000))));
    const accepted = answers.filter((a) => a.status === 303).length;
    expect(answers.map((a) => a.status).sort()).toEqual([...Array<number>(accepted).fill(303), ...Array<number>(6 - accepted).fill(422)]);
    expect(accepted).toBe(3);
    expect(await bytesKept({ author: { documentId: eve.documentId } })).toBeLessThanOrEqual(memberQuota);
    for (const refused of answers.filter((a) => a.status === 422)) expect(refused.text).toContain(memberRefusal);
  });

  it('a burst of simultaneous uploads by several members cannot pass the table quota, and no refused file stays on disk', async () => {
    const people = await Promise.all(['Félix', 'Gaëlle', 'Hugo', 'Inès'].map((name) => member(`${name} Rafale`)));
    const table = await createRoundTable(strapi, { name: 'Table rafale', members: people.map((p) => p.documentId) });
    const answers = await Promise.all(people.map((p, i) => upload(p.browser, `Table rafale ${i}`, pdfOf(6_000), table)));
    expect(answers.filter((a) => a.status === 303)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 422 && a.text.includes(tableRefusal))).toHaveLength(2);
    expect(await bytesKept({ roundTable: { documentId: table } })).toBeLessThanOrEqual(tableQuota);
    const keys = ((await strapi.db.query(resourceUid).findMany({ where: { fileKey: { $notNull: true } }, select: ['fileKey'] })) as Array<{ fileKey: string }>).map((row) => row.fileKey);
    expect(storedFiles().sort()).toEqual(keys.sort());
    expect(incomingFiles()).toEqual([]);
  });
});
