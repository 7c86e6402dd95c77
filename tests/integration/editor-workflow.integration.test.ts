import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aValidDocument } from '@passerelle/shared/testing';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The editor workflow on Community Edition: a community group drafts, cannot publish, asks for a
 * review; the neighbourhood's OCs are e-mailed and see it in the review queue; an OC publishes.
 * Everything goes through the admin API with real admin JWTs, as the admin panel would.
 */
const PASSWORD = 'Editor-test-2026!';
const OC_EMAIL = 'oc.ahuntsic.test@cisss.example.org';
const FALLBACK_EMAIL = 'revision@cisss.example.org';
const GROUP = { email: 'groupe.test@example.org', firstname: 'Groupe', lastname: 'Entraide' };

let app: StartedStrapi;
let strapi: Strapi;
let outbox: string;
let ocToken: string;
let groupToken: string;
let coveredNeighbourhood: string;
let uncoveredNeighbourhood: string;

async function adminUser(roleCode: string, user: { email: string; firstname: string; lastname: string }): Promise<string> {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  await strapi.service('admin::user').create({ ...user, password: PASSWORD, isActive: true, registrationToken: null, roles: [role.id] });
  const { status, body } = await api(app.baseUrl, '/admin/login', { body: { email: user.email, password: PASSWORD } });
  expect(status, `login ${user.email}`).toBe(200);
  return body.data.token as string;
}

async function neighbourhood(label: string, ocEmails: string[] | null): Promise<string> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const created = await documents.create({ locale: 'fr', data: { ...aValidDocument('api::neighbourhood.neighbourhood', label), ocEmails } });
  await documents.publish({ documentId: created.documentId, locale: 'fr' });
  return created.documentId;
}

const cm = (uid: string, rest = '') => `/content-manager/collection-types/${uid}${rest}`;
const fr = 'plugins[i18n][locale]=fr';

/** What the admin panel sends when a group creates an event draft in one neighbourhood. */
async function groupDraftsEvent(title: string, neighbourhoodId: string): Promise<string> {
  const data = { ...aValidDocument('api::event.event', title), title, neighbourhoods: { connect: [{ documentId: neighbourhoodId, locale: 'fr' }] } };
  const { status, body } = await api(app.baseUrl, cm('api::event.event', `?${fr}`), { token: groupToken, body: data });
  expect(status, JSON.stringify(body)).toBe(201);
  expect(body.data.reviewStatus).toBe('draft');
  return body.data.documentId as string;
}

const setReviewStatus = (token: string, uid: string, documentId: string, reviewStatus: string) =>
  api(app.baseUrl, cm(uid, `/${documentId}?${fr}`), { method: 'PUT', token, body: { reviewStatus } });

/** After the outbox's fence: review e-mails leave a moment after the save that queued them. */
const mailsTo = async (to: string) => {
  await outboxSettled();
  return outboxMessages(outbox).filter((m) => m.to === to);
};

beforeAll(async () => {
  outbox = useTestOutbox();
  process.env.REVIEW_NOTIFY_EMAIL = FALLBACK_EMAIL;
  app = await startStrapi();
  strapi = app.strapi;
  ocToken = await adminUser('passerelle-community-organizer', { email: 'oc.test@cisss.example.org', firstname: 'Odile', lastname: 'OC' });
  groupToken = await adminUser('passerelle-community-group', GROUP);
  coveredNeighbourhood = await neighbourhood('Ahuntsic test', [OC_EMAIL]);
  uncoveredNeighbourhood = await neighbourhood('Sans OC', null);
});

afterAll(async () => {
  delete process.env.REVIEW_NOTIFY_EMAIL;
  await app?.stop();
});

describe('a community group drafts, an OC reviews and publishes', () => {
  let documentId: string;
  const title = 'Corvée de nettoyage du parc';

  it('lets the group create a draft but not publish it (403)', async () => {
    documentId = await groupDraftsEvent(title, coveredNeighbourhood);
    const publish = await api(app.baseUrl, cm('api::event.event', `/${documentId}/actions/publish?${fr}`), { token: groupToken, body: {} });
    expect(publish.status).toBe(403);
    const stored = await strapi.documents('api::event.event').findOne({ documentId, locale: 'fr', status: 'published' });
    expect(stored).toBeNull();
  });

  it('refuses an OC decision from the group, in French', async () => {
    const { status, body } = await setReviewStatus(groupToken, 'api::event.event', documentId, 'approved');
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/Seule une organisatrice ou un organisateur communautaire/);
  });

  it('e-mails the OC of the neighbourhood once when the group asks for a review', async () => {
    expect((await mailsTo(OC_EMAIL))).toHaveLength(0);
    const { status, body } = await setReviewStatus(groupToken, 'api::event.event', documentId, 'to_review');
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.data.reviewStatus).toBe('to_review');

    const mails = (await mailsTo(OC_EMAIL));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`À réviser : ${title} (to review)`);
    expect(mails[0]!.text).toContain(`« ${title} »`);
    expect(mails[0]!.text).toContain('Ahuntsic test');
    expect(mails[0]!.text).toContain('Proposé par : Groupe Entraide');
    expect(mails[0]!.text).toMatch(new RegExp(`/admin/content-manager/collection-types/api::event\\.event/${documentId}\\?plugins\\[i18n\\]\\[locale\\]=fr`));
    expect(mails[0]!.text).toMatch(/English: the event .* is waiting for your review/);
    expect(mails[0]!.text).toMatch(/Ouvrir dans l’administration : http:\/\/[^/]+\/admin\/content-manager\//);
    // Nobody else: the neighbourhood has its own OC, so the fallback address is not used.
    expect((await mailsTo(FALLBACK_EMAIL))).toHaveLength(0);

    // Saving again while already waiting does not mail again.
    await setReviewStatus(groupToken, 'api::event.event', documentId, 'to_review');
    expect((await mailsTo(OC_EMAIL))).toHaveLength(1);
  });

  it('lists it in the OC review queue, which groups and strangers cannot read', async () => {
    const { status, body } = await api(app.baseUrl, '/passerelle/review-queue', { token: ocToken });
    expect(status).toBe(200);
    const item = body.data.find((i: { documentId: string }) => i.documentId === documentId);
    expect(item).toMatchObject({
      type: 'event',
      locale: 'fr',
      title,
      neighbourhoods: [expect.stringMatching(/^Ahuntsic test /)],
      author: { name: 'Groupe Entraide', email: GROUP.email },
    });
    expect(Date.parse(item.updatedAt)).not.toBeNaN();
    expect(item.adminUrl).toContain(`/content-manager/collection-types/api::event.event/${documentId}`);

    expect((await api(app.baseUrl, '/passerelle/review-queue', { token: groupToken })).status).toBe(403);
    expect((await api(app.baseUrl, '/passerelle/review-queue')).status).toBe(401);
  });

  it('finds it with the bookmarkable Content Manager filter too', async () => {
    const { status, body } = await api(
      app.baseUrl,
      cm('api::event.event', `?page=1&pageSize=50&filters[$and][0][reviewStatus][$eq]=to_review&${fr}`),
      { token: ocToken },
    );
    expect(status).toBe(200);
    expect(body.results.map((r: { documentId: string }) => r.documentId)).toEqual([documentId]);
  });

  it('lets the OC ask for changes, which e-mails the group; the group asks again, the OC is told again', async () => {
    const asked = await setReviewStatus(ocToken, 'api::event.event', documentId, 'changes_requested');
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const toGroup = (await mailsTo(GROUP.email));
    expect(toGroup).toHaveLength(1);
    expect(toGroup[0]!.subject).toBe(`Changements demandés : ${title} (changes requested)`);
    expect(toGroup[0]!.text).toContain('Odile OC demande des changements à votre événement');
    expect(toGroup[0]!.text).toContain('Pour en parler : oc.test@cisss.example.org');
    const queue = await api(app.baseUrl, '/passerelle/review-queue', { token: ocToken });
    expect(queue.body.data.map((i: { documentId: string }) => i.documentId)).not.toContain(documentId);

    await setReviewStatus(groupToken, 'api::event.event', documentId, 'to_review');
    expect((await mailsTo(OC_EMAIL))).toHaveLength(2);
  });

  it('lets the OC publish it, which approves it and empties the queue', async () => {
    const { status, body } = await api(app.baseUrl, cm('api::event.event', `/${documentId}/actions/publish?${fr}`), { token: ocToken, body: {} });
    expect(status, JSON.stringify(body)).toBe(200);
    const published = await strapi.documents('api::event.event').findOne({ documentId, locale: 'fr', status: 'published' });
    expect(published.reviewStatus).toBe('approved');
    const queue = await api(app.baseUrl, '/passerelle/review-queue', { token: ocToken });
    expect(queue.body.data.map((i: { documentId: string }) => i.documentId)).not.toContain(documentId);
    const publicRead = await api(app.baseUrl, `/api/events/${documentId}?locale=fr`);
    expect(publicRead.body.data.title).toBe(title);
    // Workflow state is editors' business: private, like ocEmails.
    expect(publicRead.body.data).not.toHaveProperty('reviewStatus');
    const query = await graphql(app.baseUrl, `{ events(locale: "fr") { documentId reviewStatus } }`);
    expect(query.errors?.[0]?.message).toMatch(/Cannot query field "reviewStatus"/);
  });

  it('falls back to REVIEW_NOTIFY_EMAIL when the neighbourhood has no OC, for calls too', async () => {
    const data = {
      ...aValidDocument('api::call.call', 'Appel sans OC'),
      neighbourhoods: { connect: [{ documentId: uncoveredNeighbourhood, locale: 'fr' }] },
    };
    const created = await api(app.baseUrl, cm('api::call.call', `?${fr}`), { token: groupToken, body: data });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await setReviewStatus(groupToken, 'api::call.call', created.body.data.documentId, 'to_review');
    const mails = (await mailsTo(FALLBACK_EMAIL));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Un appel à participation attend votre révision');
    const queue = await api(app.baseUrl, '/passerelle/review-queue', { token: ocToken });
    expect(queue.body.data.find((i: { documentId: string }) => i.documentId === created.body.data.documentId)?.type).toBe('call');
  });
});

describe('the OC e-mail list stays private', () => {
  it('never reaches the public REST API or GraphQL', async () => {
    const rest = await api(app.baseUrl, `/api/neighbourhoods/${coveredNeighbourhood}?locale=fr`);
    expect(rest.status).toBe(200);
    expect(rest.body.data.name).toMatch(/Ahuntsic test/);
    expect(JSON.stringify(rest.body)).not.toContain(OC_EMAIL);
    const filtered = await api(app.baseUrl, `/api/neighbourhoods?filters[ocEmails][$contains]=ahuntsic`);
    expect(JSON.stringify(filtered.body)).not.toContain(OC_EMAIL);

    const query = await graphql(app.baseUrl, `{ neighbourhoods(locale: "fr") { documentId ocEmails } }`);
    expect(query.errors?.[0]?.message).toMatch(/Cannot query field "ocEmails"/);
  });

  it('is still readable and editable by OCs in the Content Manager', async () => {
    const read = await api(app.baseUrl, cm('api::neighbourhood.neighbourhood', `/${coveredNeighbourhood}?${fr}`), { token: ocToken });
    expect(read.status).toBe(200);
    expect(read.body.data.ocEmails).toEqual([OC_EMAIL]);
  });

  it('refuses a malformed list, in French', async () => {
    const error = await strapi
      .documents('api::neighbourhood.neighbourhood')
      .create({ locale: 'fr', data: { ...aValidDocument('api::neighbourhood.neighbourhood'), ocEmails: ['pas-un-courriel'] } })
      .then(() => undefined, (e: Error) => e);
    expect(error?.name).toBe('ValidationError');
    expect(error?.message).toMatch(/Les courriels des OC \(ocEmails\) doivent être une liste JSON/);
  });
});

describe('plain-language help', () => {
  const events = () => strapi.documents('api::event.event');
  const refusal = (data: Record<string, unknown>) =>
    events()
      .create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), ...data } })
      .then(() => undefined, (e: Error) => e);

  it('refuses a summary made of one very long sentence, and says how to fix it', async () => {
    const summary =
      'Le comité de quartier organise une grande rencontre ouverte à toutes les personnes qui habitent le secteur et qui veulent ' +
      'parler des travaux de la rue, du parc, de la circulation et des projets de la ville pour les prochaines années.';
    const error = await refusal({ summary });
    expect(error?.name).toBe('ValidationError');
    expect(error?.message).toMatch(/Le résumé a des phrases trop longues \(\d+ mots en moyenne, 25 au plus\) : coupez-les/);
  });

  it('refuses a summary full of long words, and suggests plain ones', async () => {
    const summary =
      'Accompagnement intersectoriel personnalisé. Concertation communautaire multidisciplinaire. ' +
      'Réaménagement environnemental. Revitalisation urbaine intégrée pour tous.';
    const error = await refusal({ summary });
    expect(error?.message).toMatch(/Le résumé a trop de mots longs \(\d+ % des mots ont 13 lettres ou plus, 20 % au plus\)/);
  });

  it('accepts a demo-like summary', async () => {
    const summary =
      'Venez planter des fleurs avec vos voisins. Nous fournissons les gants et les outils. ' +
      'Une collation est offerte. Apportez une bouteille d’eau.';
    const created = await events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), summary } });
    expect(created.summary).toBe(summary);
  });

  it('requires accessibility notes on an event’s place, in French', async () => {
    const place = { ...(aValidDocument('api::event.event').place as Record<string, unknown>), accessibilityNotes: '  ' };
    const error = await refusal({ place });
    expect(error?.name).toBe('ValidationError');
    expect(error?.message).toMatch(/Indiquez l’accessibilité du lieu \(place\.accessibilityNotes\)/);
    // Calls may name a place without it (often "online" or to be decided).
    const call = await strapi
      .documents('api::call.call')
      .create({ locale: 'fr', data: { ...aValidDocument('api::call.call'), place: { ...place, accessibilityNotes: null } } });
    expect(call.documentId).toBeTruthy();
  });

  it('shows plain-language hints under the fields in the Content Manager', async () => {
    const { status, body } = await api(app.baseUrl, '/content-manager/content-types/api::event.event/configuration', { token: ocToken });
    expect(status).toBe(200);
    const metadatas = body.data.contentType.metadatas;
    expect(metadatas.summary.edit.description).toMatch(/^280 caractères au plus ; phrases courtes/);
    expect(metadatas.reviewStatus.edit.description).toMatch(/to_review/);
    expect(body.data.contentType.layouts.list).toContain('reviewStatus');
    const place = body.data.components['shared.place'].metadatas;
    expect(place.accessibilityNotes.edit.description).toMatch(/Obligatoire pour un événement/);
  });
});
