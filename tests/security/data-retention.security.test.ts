import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { postForm, publishedCall, publishedConsultation, publishedEventWithForm, publishedPetition, rsvpPath, useTestOutbox, validRsvp } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Law 25 retention holds by dates alone: nobody has to write a consultation's results for its
 * follow-up contacts to go, and rows about an item that no longer exists (deleted in every locale)
 * go at the next run. A draft-only or unpublished item still exists: its rows stay.
 */
let app: StartedStrapi;
let strapi: Strapi;
const DAY = 86_400_000;
const hex = () => randomBytes(4).toString('hex');
const policy = {
  signatureMonthsAfterClose: 6,
  registrationDaysAfterEvent: 30,
  suspectDays: 30,
  contactRequestDays: 90,
  handRequestMonthsAfterResolved: 6,
  trainingProgressMonthsIdle: 24,
  threadMessageMonths: 12,
  peerSessionMonthsAfterEnd: 12,
  spaceResourceMonths: 24,
  spaceInactiveMemberMonths: 24,
  consultationContactDaysAfterClose: 30,
};
/** The moment `days` from now, to the millisecond: when a retention run happens (not an event's start, which `inDays` of support/participation.ts gives). */
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

const uids = {
  signature: 'api::participation.signature',
  registration: 'api::participation.registration',
  seatPool: 'api::participation.event-seat-pool',
  response: 'api::participation.consultation-response',
  interest: 'api::participation.interest',
  proposal: 'api::participation.event-proposal',
} as const;

const row = (uid: string, id: number) => strapi.db.query(uid).findOne({ where: { id } });

function signature(petitionDocumentId: string) {
  const email = `personne.${hex()}@exemple.ca`;
  return strapi.db.query(uids.signature).create({
    data: {
      petitionDocumentId,
      petitionSlug: 'x',
      name: 'Marie Tremblay',
      email,
      emailKey: `${petitionDocumentId}:${email}`,
      postalCode: 'H2R 1A1',
      signatureStatus: 'confirmed',
      language: 'fr',
      ipHash: hex().repeat(4),
      submittedAtMs: Date.now() - DAY,
    },
  });
}

const registration = (eventDocumentId: string) =>
  strapi.db.query(uids.registration).create({
    data: { eventDocumentId, eventSlug: 'x', name: 'Karim', email: `k.${hex()}@exemple.ca`, people: 1, registrationStatus: 'confirmed', language: 'fr', submittedAtMs: Date.now() - DAY },
  });

const response = (consultationDocumentId: string) =>
  strapi.db.query(uids.response).create({
    data: {
      consultationDocumentId,
      answers: [[0], 4, 0, 'Plus de bancs'],
      name: 'Awa Diallo',
      email: `awa.${hex()}@exemple.ca`,
      phone: '+15145550101',
      followUpConsent: true,
      language: 'fr',
      ipHash: hex().repeat(4),
      submittedAtMs: Date.now() - DAY,
    },
  });

const interest = (callDocumentId: string) =>
  strapi.db.query(uids.interest).create({
    data: { callDocumentId, name: 'Luc', email: `luc.${hex()}@exemple.ca`, preferredContactTime: 'Le soir', language: 'fr', submittedAtMs: Date.now() - DAY },
  });

const proposal = (proposedEventDocumentId: string) =>
  strapi.db.query(uids.proposal).create({
    data: { proposedEventDocumentId, organizationName: 'Voisins', name: 'Fatima', email: `f.${hex()}@exemple.ca`, proposalStatus: 'to-review', language: 'fr', submittedAtMs: Date.now() - DAY },
  });

/** An unpublished draft, as a proposal creates it (French only). */
async function draftOnly(uid: string): Promise<string> {
  const created = await strapi.documents(uid).create({ locale: 'fr', data: aValidDocument(uid) });
  return created.documentId as string;
}

const deleteEverywhere = (uid: string, documentId: string) => strapi.documents(uid).delete({ documentId, locale: '*' });

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  useTestOutbox();
  app = await startStrapi();
  strapi = app.strapi;
});
afterAll(async () => {
  await app?.stop();
});

describe('consultation follow-up contacts', () => {
  it('are erased a set time after the consultation closes, whether or not results were written', async () => {
    const closed = await publishedConsultation(strapi, 'closed'); // closed yesterday, no results text
    const open = await publishedConsultation(strapi); // closes in 14 days
    const closedRow = await response(closed.documentId);
    const openRow = await response(open.documentId);

    // Within the period after closing: kept, the OCs may still follow up.
    await applyRetention(strapi, new Date(), policy);
    expect(await row(uids.response, closedRow.id)).toMatchObject({ name: 'Awa Diallo', email: closedRow.email });

    // Past it: the contact goes, the anonymous answers stay for the results.
    const report = await applyRetention(strapi, daysFromNow(31), policy);
    expect(report.consultationContactsErased).toBeGreaterThanOrEqual(1);
    const after = await row(uids.response, closedRow.id);
    expect(after).toMatchObject({ name: null, email: null, phone: null, ipHash: null });
    expect(after.answers).toEqual(closedRow.answers);
    // The open one closes at +14 days, so +31 days is within its own period.
    expect(await row(uids.response, openRow.id)).toMatchObject({ name: 'Awa Diallo', email: openRow.email });
  });
});

describe('rows about items that no longer exist', () => {
  it('are erased once the petition, event, consultation or call is deleted in every locale', async () => {
    const petition = await publishedPetition(strapi);
    const event = await publishedEventWithForm(strapi, 20);
    const consultation = await publishedConsultation(strapi);
    const call = await publishedCall(strapi);
    const proposedDraft = await draftOnly('api::event.event');
    const rows = {
      signature: await signature(petition.documentId),
      registration: await registration(event.documentId),
      seatPool: await strapi.db.query(uids.seatPool).create({ data: { eventDocumentId: event.documentId, capacity: 20, taken: 1 } }),
      response: await response(consultation.documentId),
      interest: await interest(call.documentId),
      proposal: await proposal(proposedDraft),
    };

    await deleteEverywhere('api::petition.petition', petition.documentId);
    await deleteEverywhere('api::event.event', event.documentId);
    await deleteEverywhere('api::consultation.consultation', consultation.documentId);
    await deleteEverywhere('api::call.call', call.documentId);
    // An OC turning a proposal down deletes its draft event.
    await deleteEverywhere('api::event.event', proposedDraft);

    const report = await applyRetention(strapi, new Date(), policy);
    for (const [kind, created] of Object.entries(rows)) {
      expect(await row(uids[kind as keyof typeof uids], created.id), `${kind} of a deleted item`).toBeNull();
    }
    expect(report.orphansErased).toBeGreaterThanOrEqual(Object.keys(rows).length);
    // Nothing left to do the second time.
    expect((await applyRetention(strapi, new Date(), policy)).orphansErased).toBe(0);
  });

  it('are kept while the item exists in some locale or status: draft-only, unpublished, one locale deleted', async () => {
    const draftPetition = await draftOnly('api::petition.petition');
    const unpublished = await publishedPetition(strapi);
    await strapi.documents('api::petition.petition').unpublish({ documentId: unpublished.documentId, locale: '*' });
    const halfDeleted = await publishedPetition(strapi); // fr and en
    await strapi.documents('api::petition.petition').delete({ documentId: halfDeleted.documentId, locale: 'fr' });
    const proposedDraft = await draftOnly('api::event.event');

    const kept = [
      [uids.signature, await signature(draftPetition)],
      [uids.signature, await signature(unpublished.documentId)],
      [uids.signature, await signature(halfDeleted.documentId)],
      [uids.proposal, await proposal(proposedDraft)],
    ] as const;
    await applyRetention(strapi, new Date(), policy);
    for (const [uid, created] of kept) expect(await row(uid, created.id), `${uid} ${created.id}`).not.toBeNull();

    // Deleting the last locale deletes the petition: its signatures go at the next run.
    await strapi.documents('api::petition.petition').delete({ documentId: halfDeleted.documentId, locale: 'en' });
    await applyRetention(strapi, new Date(), policy);
    expect(await row(uids.signature, kept[2][1].id)).toBeNull();
    expect(await row(uids.signature, kept[0][1].id)).not.toBeNull();
  });
});

describe('a repeated registration', () => {
  it('keeps only what the rate limits read, and goes with suspect submissions', async () => {
    const event = await publishedEventWithForm(strapi, 20);
    const email = `karim.${hex()}@exemple.ca`;
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email }))).status).toBe(303);
    // Someone else types the same email with their own phone and name.
    const repeat = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email, phone: '514 555-0199', name: 'Inconnu', accessibilityNeeds: 'Rampe' }));
    expect(repeat.status).toBe(303);
    const [kept] = await strapi.db.query(uids.registration).findMany({ where: { eventDocumentId: event.documentId, registrationStatus: 'duplicate' } });
    expect(kept).toMatchObject({ name: null, email: null, phone: null, accessibilityNeeds: null });
    expect(kept.ipHash).toMatch(/^[0-9a-f]{32}$/);

    await applyRetention(strapi, new Date(Date.now() + 29 * DAY), { ...policy, registrationDaysAfterEvent: 365 });
    expect(await row(uids.registration, kept.id)).not.toBeNull();
    const report = await applyRetention(strapi, new Date(Date.now() + 31 * DAY), { ...policy, registrationDaysAfterEvent: 365 });
    expect(report.suspectsErased).toBeGreaterThanOrEqual(1);
    expect(await row(uids.registration, kept.id)).toBeNull();
    // The registration itself is the event's business: it stays until its own period.
    expect(await strapi.db.query(uids.registration).count({ where: { eventDocumentId: event.documentId, registrationStatus: 'confirmed' } })).toBe(1);
  });
});
