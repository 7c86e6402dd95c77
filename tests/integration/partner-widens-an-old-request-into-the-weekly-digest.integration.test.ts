import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceHandActions } from '@passerelle/shared/participation';
import { sendHandDigests } from '../../cms/src/participation/space/hands-notices.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createMember, createRoundTable, handRequestUid, hiddenFields, newMemberEmail, newMemberPhone, signInByCode, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Rosalie asked her Limoilou table for a room ten days ago: Paul, at that table, read it in an
 * earlier weekly digest. Nobody answered, so today she adds her Vanier table. Léa, at Vanier, chose
 * the weekly digest: the next one lists the request, although it was posted more than a week ago;
 * Paul's does not list it again; Marc, at a table it does not name, never gets it. An old request
 * left as it was is in nobody's digest. A second widening the same week keeps the audience before
 * the first one, so Léa is still counted as newly reached. On the database the run is given.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const person = (label: string) => ({ phone: newMemberPhone(), email: newMemberEmail(label), id: '' });
const rosalie = person('rosalie');
const paul = person('paul');
const lea = person('lea');
const marc = person('marc');
let rosalieBrowser: SpaceBrowser;
let limoilou: string;
let vanier: string;
let duberger: string;
let handId: string;
const title = 'Une salle pour la soirée des familles';
const untouched = 'Des chaises pour la fête des voisins';
const digestSubject = 'Coups de main : votre résumé de la semaine';
const digestOf = (email: string) => outboxMessages(outbox).filter((m) => m.to === email && m.subject === digestSubject);

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  for (const p of [rosalie, paul, lea, marc]) p.id = (await createMember(strapi, { name: `Membre ${p.email.split('.')[0]}`, phone: p.phone, email: p.email })).documentId;
  limoilou = await createRoundTable(strapi, { name: 'Table Limoilou', members: [rosalie.id, paul.id] });
  vanier = await createRoundTable(strapi, { name: 'Table Vanier', members: [rosalie.id, lea.id] });
  duberger = await createRoundTable(strapi, { name: 'Table Duberger', members: [rosalie.id, marc.id] });
  handId = await createHandRequest(strapi, { author: rosalie.id, tables: [limoilou], title, ageDays: 10 });
  await createHandRequest(strapi, { author: rosalie.id, tables: [limoilou, vanier, duberger], title: untouched, ageDays: 10 });
  rosalieBrowser = await signInByCode(app.baseUrl, outbox, rosalie.phone);
});

afterAll(async () => {
  await app?.stop();
});

async function editTables(tables: string[]): Promise<void> {
  const form = await rosalieBrowser.get(spaceHandActions.edit(handId));
  expect(form.status).toBe(200);
  const saved = await rosalieBrowser.post(spaceHandActions.edit(handId), {
    ...hiddenFields(form.text, spaceHandActions.edit(handId)),
    kind: 'salle',
    title,
    details: 'Pour une trentaine de personnes, en après-midi.',
    neededBy: '',
    ...Object.fromEntries(tables.map((id) => [`table-${id}`, '1'])),
  });
  expect(saved.status).toBe(303);
}

describe('a request widened after its first week', () => {
  it('keeps the audience it had before the widening, and keeps the first one’s on a second widening within the week', async () => {
    await editTables([limoilou, vanier]);
    const row = (await strapi.db.query(handRequestUid).findOne({ where: { documentId: handId } })) as { widenedAtMs: string | number; widenedFrom: unknown };
    expect(Number(row.widenedAtMs)).toBeGreaterThan(Date.now() - 60_000);
    expect(row.widenedFrom).toEqual({ tableIds: [limoilou], neighbourhoodIds: [] });
    // Widened again, then back: the audience before this week's first widening stays the reference.
    await editTables([limoilou, vanier, duberger]);
    await editTables([limoilou, vanier]);
    const again = (await strapi.db.query(handRequestUid).findOne({ where: { documentId: handId } })) as { widenedFrom: unknown };
    expect(again.widenedFrom).toEqual({ tableIds: [limoilou], neighbourhoodIds: [] });
  });

  it('is in the next weekly digest of the member it newly reaches, and of nobody else', async () => {
    const report = await sendHandDigests(strapi, new Date());
    await outboxSettled();
    expect(report.queued).toBeGreaterThanOrEqual(1);
    const leas = digestOf(lea.email);
    expect(leas).toHaveLength(1);
    expect(leas[0]!.text).toContain(title);
    expect(leas[0]!.text).not.toContain(untouched);
    for (const other of [paul, marc, rosalie]) {
      for (const message of digestOf(other.email)) {
        expect(message.text, other.email).not.toContain(title);
        expect(message.text, other.email).not.toContain(untouched);
      }
    }
  });
});
