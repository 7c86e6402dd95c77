import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { publishedPetition } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Law 25 retention: what the privacy page promises is what the job does. Signatures of petitions
 * closed long ago lose everything that identifies a person but still count; registrations go a
 * month after their event; suspect submissions go after 30 days; recent data is left alone.
 */
let app: StartedStrapi;
let strapi: Strapi;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const hex = () => randomBytes(4).toString('hex');

async function signature(petitionDocumentId: string, extra: Record<string, unknown> = {}) {
  const email = `personne.${hex()}@exemple.ca`;
  return strapi.db.query('api::participation.signature').create({
    data: {
      petitionDocumentId,
      petitionSlug: 'x',
      name: 'Marie Tremblay',
      email,
      emailKey: `${petitionDocumentId}:${email}`,
      phone: null,
      postalCode: 'H2R 1A1',
      signatureStatus: 'confirmed',
      confirmedAt: daysAgo(300),
      language: 'fr',
      ipHash: hex().repeat(4),
      submittedAtMs: Date.now() - 300 * DAY,
      ...extra,
    },
  });
}

async function publishedEvent(startsDaysAgo: number) {
  const documents = strapi.documents('api::event.event');
  const data = { ...aValidDocument('api::event.event'), startsAt: daysAgo(startsDaysAgo), endsAt: daysAgo(startsDaysAgo - 0.1) };
  const created = await documents.create({ locale: 'fr', data });
  await documents.publish({ documentId: created.documentId, locale: 'fr' });
  return created.documentId as string;
}

const registration = (eventDocumentId: string, extra: Record<string, unknown> = {}) =>
  strapi.db.query('api::participation.registration').create({
    data: { eventDocumentId, eventSlug: 'x', name: 'Karim', email: `k.${hex()}@exemple.ca`, people: 1, registrationStatus: 'confirmed', language: 'fr', submittedAtMs: Date.now() - 50 * DAY, ...extra },
  });

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});
afterAll(async () => {
  await app?.stop();
});

describe('retention job', () => {
  it('anonymises signatures six months after the petition closed, keeping the count and the FSA', async () => {
    const old = await publishedPetition(strapi, 'open', { petitionStatus: 'closed', opensAt: daysAgo(300), closesAt: daysAgo(200) });
    const recent = await publishedPetition(strapi, 'closed');
    const oldRows = [await signature(old.documentId), await signature(old.documentId), await signature(old.documentId, { signatureStatus: 'pending', confirmedAt: null })];
    const recentRow = await signature(recent.documentId);
    const confirmed = (documentId: string) =>
      strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: documentId, signatureStatus: 'confirmed' } });
    const before = await confirmed(old.documentId);

    const report = await applyRetention(strapi);
    expect(report.signaturesAnonymised).toBe(oldRows.length);

    for (const row of oldRows) {
      const after = await strapi.db.query('api::participation.signature').findOne({ where: { id: row.id } });
      expect(after).toMatchObject({ name: null, email: null, phone: null, emailKey: null, phoneKey: null, ipHash: null, postalCode: 'H2R' });
      expect(after.signatureStatus).toBe(row.signatureStatus);
    }
    expect(await confirmed(old.documentId)).toBe(before);
    const untouched = await strapi.db.query('api::participation.signature').findOne({ where: { id: recentRow.id } });
    expect(untouched).toMatchObject({ name: 'Marie Tremblay', email: recentRow.email, postalCode: 'H2R 1A1' });

    // Running again changes nothing: the job is idempotent.
    expect((await applyRetention(strapi)).signaturesAnonymised).toBe(0);
  });

  it('erases registrations a month after the event, not before', async () => {
    const longPast = await publishedEvent(45);
    const lastWeek = await publishedEvent(7);
    const gone = await registration(longPast);
    const kept = await registration(lastWeek);
    const report = await applyRetention(strapi);
    expect(report.registrationsErased).toBeGreaterThanOrEqual(1);
    expect(await strapi.db.query('api::participation.registration').findOne({ where: { id: gone.id } })).toBeNull();
    expect(await strapi.db.query('api::participation.registration').findOne({ where: { id: kept.id } })).not.toBeNull();
  });

  it('erases suspect submissions after 30 days and follows a configured period', async () => {
    const open = await publishedPetition(strapi, 'open');
    const oldSuspect = await signature(open.documentId, { signatureStatus: 'suspect', suspectReason: 'rate-limit', submittedAtMs: Date.now() - 31 * DAY });
    const newSuspect = await signature(open.documentId, { signatureStatus: 'suspect', suspectReason: 'honeypot', submittedAtMs: Date.now() - 2 * DAY });
    const report = await applyRetention(strapi);
    expect(report.suspectsErased).toBe(1);
    expect(await strapi.db.query('api::participation.signature').findOne({ where: { id: oldSuspect.id } })).toBeNull();
    expect(await strapi.db.query('api::participation.signature').findOne({ where: { id: newSuspect.id } })).not.toBeNull();

    // A shorter configured period reaches the newer one too.
    const shorter = await applyRetention(strapi, new Date(), { signatureMonthsAfterClose: 6, consultationContactDaysAfterClose: 30, registrationDaysAfterEvent: 30, suspectDays: 1, contactRequestDays: 90, handRequestMonthsAfterResolved: 6, trainingProgressMonthsIdle: 24, threadMessageMonths: 12, peerSessionMonthsAfterEnd: 12, spaceResourceMonths: 24, spaceInactiveMemberMonths: 24 });
    expect(shorter.suspectsErased).toBe(1);
  });
});

describe('one person asks for their data, then for its deletion', () => {
  it('exports every record under any spelling of their email, as JSON and formula-safe CSV, then erases them', async () => {
    const { deletePersonData, exportPersonData } = await import('../../cms/src/participation/person-data.ts');
    const petition = await publishedPetition(strapi, 'open');
    const event = await publishedEvent(-5); // in five days
    await signature(petition.documentId, { name: '=HYPERLINK("x")', email: 'jean.gagnon@gmail.com', emailKey: `${petition.documentId}:jeangagnon@gmail.com` });
    await registration(event, { email: 'jean.gagnon@gmail.com', people: 2 });
    await strapi.db.query('api::participation.event-seat-pool').create({ data: { eventDocumentId: event, taken: 2, capacity: 10 } });

    const exported = await exportPersonData(strapi, 'Jean.Gagnon+petitions@GMAIL.com');
    expect(exported.records.map((r) => r.kind).sort()).toEqual(['registration', 'signature']);
    expect(JSON.parse(exported.json).records).toHaveLength(2);
    expect(exported.csv.startsWith('\uFEFFkind,id,')).toBe(true);
    expect(exported.csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(exported.csv).not.toMatch(/ipHash|emailKey|TokenHash/);

    const erased = await deletePersonData(strapi, 'jean.gagnon@gmail.com');
    expect(erased).toMatchObject({ signature: 1, registration: 1 });
    const pool = await strapi.db.query('api::participation.event-seat-pool').findOne({ where: { eventDocumentId: event } });
    expect(pool.taken).toBe(0); // the two seats are free again
    expect((await exportPersonData(strapi, 'jean.gagnon@gmail.com')).records).toHaveLength(0);
  });

  it('refuses what is neither an email nor a phone number', async () => {
    const { exportPersonData } = await import('../../cms/src/participation/person-data.ts');
    await expect(exportPersonData(strapi, 'Marie')).rejects.toThrow(/ni un courriel ni un numéro/);
  });
});
