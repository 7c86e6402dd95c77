import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aValidDocument } from '@passerelle/shared/testing';
import { spaceMeetingPath, spacePublicDraftPath } from '@passerelle/shared/participation';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { adminUserToken, contentManagerPath } from '../support/admin-users.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createMeeting, createMember, createNeighbourhoodWithOcs, createRoundTable, hiddenFields, newMemberEmail, newMemberPhone, publicDraftUid, signInByCode, type SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Ginette coordinates the Table de Villeray. At February's meeting the table decided a summer
 * festival; she turns that decision into a draft public event from the meeting's page (a form
 * with a mistake first, shown again with what she typed). The draft is not public anywhere; the
 * neighbourhood's OC is emailed, finds it in the review queue, adds the place's map point and
 * publishes it through the admin API as the panel does; then, and only then, it is public. On the
 * database the run is given (SQLite, or PostgreSQL with DATABASE_CLIENT=postgres).
 */
const outbox = useTestOutbox();
const OC_EMAIL = 'oc.villeray.journey@cisss.example.org';
const title = 'Fête d’été de Villeray';
const fr = 'plugins[i18n][locale]=fr';
let app: StartedStrapi;
let strapi: Strapi;
let ocToken: string;
let hood: string;
let meetingId: string;
let ginette: SpaceBrowser;
let draftId: string;
let ginettePhone: string;

const inSixWeeks = () => new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  ocToken = await adminUserToken(app, 'passerelle-community-organizer', 'oc.journey@cisss.example.org');
  hood = await createNeighbourhoodWithOcs(strapi, { name: 'Villeray', ocEmails: [OC_EMAIL] });
  const phone = newMemberPhone();
  const { documentId } = await createMember(strapi, { name: 'Ginette Coordination', phone, email: newMemberEmail('ginette'), spaceRole: 'coordination' });
  const karim = await createMember(strapi, { name: 'Karim Membre', phone: newMemberPhone(), email: newMemberEmail('karim') });
  const table = await createRoundTable(strapi, { name: 'Table de Villeray', members: [documentId, karim.documentId], coordinators: [documentId], neighbourhoods: [hood] });
  meetingId = await createMeeting(strapi, table, {
    title: 'Réunion de février',
    startsInDays: -7,
    minutes: 'Karim appellera la Ville au 514 555-0142.',
    decisions: 'Une fête d’été au parc Jarry, ouverte à tout le quartier.\n\nKarim s’occupe du permis.',
  });
  ginettePhone = phone;
  ginette = await signInByCode(app.baseUrl, outbox, phone);
});

afterAll(async () => {
  await app?.stop();
});

describe('a coordinator turns a decision into a draft public event that an OC publishes', () => {
  it('Ginette finds "Proposer au site public" under the decisions, and a form filled from them', async () => {
    const meeting = await ginette.get(spaceMeetingPath(meetingId));
    expect(meeting.status).toBe(200);
    expect(meeting.text).toContain(`href="${spacePublicDraftPath('meeting', meetingId)}">Proposer au site public</a>`);
    const form = await ginette.get(spacePublicDraftPath('meeting', meetingId));
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Réunion de février"');
    expect(form.text).toContain('value="Une fête d’été au parc Jarry, ouverte à tout le quartier."');
    // Her table's one neighbourhood is chosen for her; the minutes are not in the form.
    expect(form.text).toMatch(new RegExp(`<option value="${hood}" selected>Villeray</option>`));
    expect(form.text).not.toContain('514 555-0142');
  });

  it('a mistake comes back in French with what she typed; then the draft is made', async () => {
    const path = spacePublicDraftPath('meeting', meetingId);
    const hidden = hiddenFields((await ginette.get(path)).text, path);
    const typed = { kind: 'event', title, summary: 'Jeux, musique et repas partagé au parc Jarry.', details: 'Ouvert à tout le quartier, gratuit.', date: inSixWeeks(), start: '13:00', end: '18:00', place: '', neighbourhood: hood };
    const wrong = await ginette.post(path, { ...hidden, ...typed });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Écrivez le lieu de l’événement.');
    expect(wrong.text).toContain(`value="${title}"`);
    const done = await ginette.post(path, { ...hidden, ...typed, place: 'Parc Jarry, 285 rue Gary-Carter' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(spaceMeetingPath(meetingId));
    expect((await ginette.get(done.location!)).text).toContain('Brouillon d’événement proposé le');
    const record = await strapi.db.query(publicDraftUid).findOne({ where: { sourceKind: 'meeting', sourceDocumentId: meetingId } });
    expect(record.draftKind).toBe('event');
    draftId = record.draftDocumentId;
  });

  it('the draft is public nowhere, and the neighbourhood’s OC is told and finds it in the review queue', async () => {
    expect((await api(app.baseUrl, `/api/events/${draftId}?locale=fr`)).status).toBe(404);
    expect(JSON.stringify((await api(app.baseUrl, '/api/events?status=draft&locale=fr')).body)).not.toContain(title);
    expect((await graphql(app.baseUrl, `{ event(documentId: "${draftId}") { title } }`)).data?.event ?? null).toBeNull();
    expect(JSON.stringify((await graphql(app.baseUrl, '{ events(status: DRAFT) { title } }')).data ?? '')).not.toContain(title);
    await outboxSettled();
    const told = outboxMessages(outbox).filter((m) => m.to === OC_EMAIL);
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain(title);
    const queue = await api(app.baseUrl, '/passerelle/review-queue', { token: ocToken });
    expect(queue.status).toBe(200);
    expect(queue.body.data.find((i: { documentId: string }) => i.documentId === draftId)).toMatchObject({ type: 'event', locale: 'fr', title });
  });

  it('the OC adds the map point and publishes it through the admin; then it is public', async () => {
    // The space's form has no map: the OC places the event as for any group's draft.
    const place = (aValidDocument('api::event.event', title) as { place: unknown }).place;
    const edit = await api(app.baseUrl, contentManagerPath('api::event.event', `/${draftId}?${fr}`), { method: 'PUT', token: ocToken, body: { place } });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const publish = await api(app.baseUrl, contentManagerPath('api::event.event', `/${draftId}/actions/publish?${fr}`), { token: ocToken, body: {} });
    expect(publish.status, JSON.stringify(publish.body)).toBe(200);
    const read = await api(app.baseUrl, `/api/events/${draftId}?locale=fr`);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ title, summary: 'Jeux, musique et repas partagé au parc Jarry.' });
    expect(read.body.data.body).toBe('Ouvert à tout le quartier, gratuit.\n\nLieu\u00a0: Parc Jarry, 285 rue Gary-Carter');
    // Nothing of the meeting but what Ginette typed.
    expect(JSON.stringify(read.body.data)).not.toMatch(/Karim|514 555|Ginette|permis/);
    const published = await strapi.documents('api::event.event').findOne({ documentId: draftId, locale: 'fr', status: 'published' });
    expect(published.reviewStatus).toBe('approved');
  });

  it('Law 25: her export lists the draft she proposed; erasing her leaves the record without her and the published event as it is', async () => {
    const exported = await exportPersonData(strapi, ginettePhone);
    expect(exported.records.find((r) => r.kind === 'practitioner')!.publicDraftsProposed).toContain(`event ${draftId}`);
    await deletePersonData(strapi, ginettePhone);
    const record = await strapi.db.query(publicDraftUid).findOne({ where: { draftDocumentId: draftId }, populate: { author: true } });
    expect(record.author).toBeNull();
    expect((await api(app.baseUrl, `/api/events/${draftId}?locale=fr`)).status).toBe(200);
  });
});
