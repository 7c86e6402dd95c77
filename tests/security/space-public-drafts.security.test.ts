import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicDraftRules, spaceHandPath, spaceMeetingPath, spacePaths, spacePublicDraftPath } from '@passerelle/shared/participation';
import { outboxMessages, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createMeeting, createNeighbourhoodWithOcs, createReachableMember, createRoundTable, hiddenFields, publicDraftUid, signInByCode, SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * "Proposer au site public", attacked: by a stranger, an ex-member, a member of another table and
 * with missing or wrong CSRF tokens; a form that tries to publish, to pick another neighbourhood's
 * OCs, or to carry more than was typed; past the daily limit; and the drafts and their records never
 * readable through the public REST or GraphQL API.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

type Who = 'coordinator' | 'member' | 'other' | 'leaver' | 'limited';
const people = {} as Record<Who, { documentId: string; browser: SpaceBrowser }>;
let tableA: string;
let hoodA: string;
let hoodB: string;
let meeting: string;
let hand: string;
let otherMeeting: string;

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const eventForm = (title: string, extra: Record<string, string> = {}) => ({
  kind: 'event',
  title,
  summary: 'Une fête de quartier pour tout le monde.',
  details: 'Jeux, musique et repas partagé.',
  date: inAMonth(),
  start: '13:00',
  end: '17:00',
  place: 'Parc Jarry, 285 rue Gary-Carter',
  neighbourhood: hoodA,
  ...extra,
});
const draftsTitled = async (uid: 'api::event.event' | 'api::call.call', title: string) =>
  (await strapi.db.query(uid).findMany({ where: { title }, select: ['documentId', 'publishedAt', 'reviewStatus', 'body', 'summary', 'locale'], populate: { neighbourhoods: { select: ['documentId'] } } })) as Array<{
    documentId: string;
    publishedAt: string | null;
    reviewStatus: string;
    body: string;
    summary: string;
    locale: string;
    neighbourhoods: Array<{ documentId: string }>;
  }>;

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  hoodA = await createNeighbourhoodWithOcs(strapi, { name: 'Villeray', ocEmails: ['oc.villeray@exemple.org'] });
  hoodB = await createNeighbourhoodWithOcs(strapi, { name: 'Hochelaga', ocEmails: ['oc.hochelaga@exemple.org'] });
  const make = (name: string) => createReachableMember(strapi, name);
  const coordinator = await make('Ginette Coordination');
  const member = await make('Rosalie Membre');
  const other = await make('Xavier Ailleurs');
  const leaver = await make('Élise Partante');
  const limited = await make('Lucien Limite');
  tableA = await createRoundTable(strapi, {
    name: 'Table de Villeray',
    members: [coordinator, member, leaver, limited].map((p) => p.documentId),
    coordinators: [coordinator.documentId],
    neighbourhoods: [hoodA],
  });
  const tableB = await createRoundTable(strapi, { name: 'Table Hochelaga', members: [other.documentId], neighbourhoods: [hoodB] });
  meeting = await createMeeting(strapi, tableA, {
    title: 'Réunion de février',
    startsInDays: -3,
    minutes: 'Ginette rappelle Mme Tremblay au 514 555-0199 pour la salle.',
    decisions: 'Organiser une fête de quartier au parc Jarry en juin.',
  });
  otherMeeting = await createMeeting(strapi, tableB, { title: 'Réunion secrète de Hochelaga', startsInDays: -2, decisions: 'Secret.' });
  hand = await createHandRequest(strapi, { author: member.documentId, tables: [tableA], title: 'Bénévoles pour la fête', kind: 'benevoles', details: 'Il nous faut 10 bénévoles.' });
  for (const [key, p] of Object.entries({ coordinator, member, other, leaver, limited })) {
    people[key as Who] = { documentId: p.documentId, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  }
  const leave = await people.leaver.browser.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: await csrfOf(people.leaver.browser), locale: 'fr' });
  expect(leave.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('who may propose', () => {
  it('a stranger is sent to sign in, from the page and the form', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of [spacePublicDraftPath('meeting', meeting), spacePublicDraftPath('hand', hand)]) {
      expect((await stranger.get(path)).location).toBe(spacePaths.signIn);
      const answer = await stranger.post(path, { csrf: 'a'.repeat(64), locale: 'fr', ...eventForm('Fête piratée') });
      expect(answer.status).toBe(303);
      expect(answer.location).toBe(spacePaths.signIn);
    }
    expect(await draftsTitled('api::event.event', 'Fête piratée')).toEqual([]);
  });

  it('an ex-member, a member of another table and an unknown id get the one 404, on the page and the form, and nothing is made', async () => {
    const answers = new Set<string>();
    for (const who of [people.leaver, people.other]) {
      const csrf = await csrfOf(who.browser);
      for (const path of [spacePublicDraftPath('meeting', meeting), spacePublicDraftPath('hand', hand)]) {
        const page = await who.browser.get(path);
        expect(page.status, path).toBe(404);
        expect(page.text).not.toMatch(/février|Bénévoles pour la fête|parc Jarry/);
        answers.add(page.text);
        const posted = await who.browser.post(path, { csrf, locale: 'fr', ...eventForm('Fête d’une étrangère') });
        expect(posted.status, path).toBe(404);
        answers.add(posted.text);
      }
    }
    answers.add((await people.member.browser.get(spacePublicDraftPath('meeting', 'a'.repeat(24)))).text);
    answers.add((await people.member.browser.get(spacePublicDraftPath('meeting', otherMeeting))).text);
    answers.add((await people.member.browser.get(spacePublicDraftPath('hand', 'b'.repeat(24)))).text);
    expect(answers.size).toBe(1);
    expect(await draftsTitled('api::event.event', 'Fête d’une étrangère')).toEqual([]);
    expect(await strapi.db.query(publicDraftUid).count({ where: { author: { documentId: { $in: [people.leaver.documentId, people.other.documentId] } } } })).toBe(0);
  });

  it('a form without or with a wrong CSRF token is refused (403) before anything', async () => {
    const path = spacePublicDraftPath('meeting', meeting);
    for (const csrf of [undefined, 'a'.repeat(64), await csrfOf(people.coordinator.browser)]) {
      const fields: Record<string, string> = { locale: 'fr', ...eventForm('Fête sans jeton') };
      if (csrf) fields.csrf = csrf;
      expect((await people.member.browser.post(path, fields)).status).toBe(403);
    }
    expect(await draftsTitled('api::event.event', 'Fête sans jeton')).toEqual([]);
  });
});

describe('what a proposal makes', () => {
  it('a plain member makes a draft event "to review" that nothing can publish from the form, with only what was typed', async () => {
    const page = await people.member.browser.get(spacePublicDraftPath('meeting', meeting));
    expect(page.status).toBe(200);
    // Prefilled from the meeting's decisions, never from its minutes.
    expect(page.text).toContain('Organiser une fête de quartier au parc Jarry en juin.');
    expect(page.text).not.toContain('514 555-0199');
    const answer = await people.member.browser.post(spacePublicDraftPath('meeting', meeting), {
      ...hiddenFields(page.text, spacePublicDraftPath('meeting', meeting)),
      ...eventForm('Fête de quartier au parc Jarry'),
      // Attempts to publish, or to skip the review, or to add fields the form does not have.
      status: 'published',
      publishedAt: new Date().toISOString(),
      reviewStatus: 'approved',
      registrationMode: 'internal',
      organization: '1',
    });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(spaceMeetingPath(meeting));
    const drafts = await draftsTitled('api::event.event', 'Fête de quartier au parc Jarry');
    expect(drafts.map((d) => ({ publishedAt: d.publishedAt, reviewStatus: d.reviewStatus, locale: d.locale }))).toEqual([{ publishedAt: null, reviewStatus: 'to_review', locale: 'fr' }]);
    expect(drafts[0]!.neighbourhoods.map((n) => n.documentId)).toEqual([hoodA]);
    expect(drafts[0]!.body).toBe('Jeux, musique et repas partagé.\n\nLieu\u00a0: Parc Jarry, 285 rue Gary-Carter');
    const full = await strapi.db.query('api::event.event').findOne({ where: { documentId: drafts[0]!.documentId }, select: ['registrationMode'], populate: { organization: true } });
    expect(full.registrationMode).toBe('none');
    expect(full.organization).toBeNull();
    // The review flow's email went to the neighbourhood's OC, and to nobody else.
    const review = outboxMessages(outbox).filter((m) => m.subject?.includes('Fête de quartier au parc Jarry'));
    expect(review.map((m) => m.to)).toEqual(['oc.villeray@exemple.org']);
    expect(review[0]!.text).not.toMatch(/Rosalie|Ginette|514/);
    // The meeting's page says so, for every member of the table.
    const meetingPage = await people.coordinator.browser.get(spaceMeetingPath(meeting));
    expect(meetingPage.text).toContain('Brouillon d’événement proposé le');
  });

  it('a neighbourhood outside the table’s is refused with the form kept, and nothing is made', async () => {
    const answer = await people.member.browser.post(spacePublicDraftPath('meeting', meeting), { csrf: await csrfOf(people.member.browser), locale: 'fr', ...eventForm('Fête chez les voisins', { neighbourhood: hoodB }) });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Choisissez un des quartiers de la liste.');
    expect(answer.text).toContain('value="Fête chez les voisins"');
    expect(answer.text).not.toContain('Hochelaga');
    expect(await draftsTitled('api::event.event', 'Fête chez les voisins')).toEqual([]);
  });

  it('mistakes come back in French or English with what was typed, never a 500', async () => {
    const csrf = await csrfOf(people.member.browser);
    const fr = await people.member.browser.post(spacePublicDraftPath('hand', hand), { csrf, locale: 'fr', ...eventForm('', { place: '', date: '2020-01-01', summary: 'Un résumé gardé' }) });
    expect(fr.status).toBe(422);
    expect(fr.text).toContain('Écrivez le lieu de l’événement.');
    expect(fr.text).toContain('value="Un résumé gardé"');
    const en = await people.member.browser.post(spacePublicDraftPath('hand', hand), { csrf, locale: 'en', ...eventForm('A title kept', { kind: 'meeting', date: 'not-a-date' }) });
    expect(en.status).toBe(422);
    expect(en.text).toContain('Choose an event or a call to participate.');
    expect(en.text).toContain('value="A title kept"');
    const past = await people.member.browser.post(spacePublicDraftPath('hand', hand), { csrf, locale: 'fr', ...eventForm('Une date passée', { date: '2020-01-01' }) });
    expect(past.status).toBe(422);
    expect(past.text).toContain('Cette date est passée.');
  });

  it('a partner who writes in English makes the English draft; a neighbourhood not yet in English is left for the OC', async () => {
    const form = await people.coordinator.browser.get(`${spacePublicDraftPath('meeting', meeting)}?locale=en`);
    // The page's language is checked first, each language named in itself.
    expect(form.text).toMatch(/<input[^>]*value="en"[^>]*checked/);
    expect(form.text).toContain('<label for="brouillon-language-fr" lang="fr-CA">Français</label>');
    const answer = await people.coordinator.browser.post(spacePublicDraftPath('meeting', meeting), {
      csrf: await csrfOf(people.coordinator.browser),
      locale: 'en',
      ...eventForm('Block party in Villeray', { language: 'en', summary: 'A block party for everyone.', details: 'Games and a shared meal.' }),
    });
    expect(answer.status).toBe(303);
    const [draft] = await draftsTitled('api::event.event', 'Block party in Villeray');
    expect({ locale: draft!.locale, publishedAt: draft!.publishedAt, reviewStatus: draft!.reviewStatus, body: draft!.body }).toEqual({
      locale: 'en',
      publishedAt: null,
      reviewStatus: 'to_review',
      body: 'Games and a shared meal.\n\nPlace: Parc Jarry, 285 rue Gary-Carter',
    });
    expect(draft!.neighbourhoods.map((n) => n.documentId)).toEqual([hoodA]);
    // No French version was made behind the member's back.
    expect((await draftsTitled('api::event.event', 'Block party in Villeray')).map((d) => d.locale)).toEqual(['en']);

    // A neighbourhood published only in French: the English draft is made without it.
    const frenchOnly = (await strapi.documents('api::neighbourhood.neighbourhood').create({ locale: 'fr', data: { name: 'Saint-Michel', slug: `saint-michel-${process.pid}`, lat: 45.57, lng: -73.62, fsas: [], ocEmails: [] } as never })) as { documentId: string };
    await strapi.documents('api::neighbourhood.neighbourhood').publish({ documentId: frenchOnly.documentId, locale: 'fr' });
    const tableC = await createRoundTable(strapi, { name: 'Table Saint-Michel', members: [people.other.documentId], neighbourhoods: [frenchOnly.documentId] });
    const meetingC = await createMeeting(strapi, tableC, { title: 'Meeting in Saint-Michel', startsInDays: -1, decisions: 'Hold a clean-up day.' });
    const fromOther = await people.other.browser.post(spacePublicDraftPath('meeting', meetingC), {
      csrf: await csrfOf(people.other.browser),
      locale: 'en',
      ...eventForm('Clean-up day in Saint-Michel', { language: 'en', neighbourhood: frenchOnly.documentId }),
    });
    expect(fromOther.status).toBe(303);
    const [cleanUp] = await draftsTitled('api::event.event', 'Clean-up day in Saint-Michel');
    expect({ locale: cleanUp!.locale, neighbourhoods: cleanUp!.neighbourhoods }).toEqual({ locale: 'en', neighbourhoods: [] });
  });

  it('a title or summary of emoji past what the event type holds is refused (422), never a 500', async () => {
    // 101 emoji are 202 UTF-16 units: the event's title holds 200 of them (Strapi's maxLength).
    for (const extra of [{ title: '🎉'.repeat(101) }, { summary: '🎉'.repeat(141) }] as Array<Record<string, string>>) {
      const answer = await people.member.browser.post(spacePublicDraftPath('meeting', meeting), { csrf: await csrfOf(people.member.browser), locale: 'fr', ...eventForm('Fête aux emoji', extra) });
      expect(answer.status, Object.keys(extra)[0]).toBe(422);
    }
  });

  it('a language other than French or English is refused with the form kept', async () => {
    const answer = await people.member.browser.post(spacePublicDraftPath('meeting', meeting), { csrf: await csrfOf(people.member.browser), locale: 'fr', ...eventForm('Fête en allemand', { language: 'de' }) });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Choisissez la langue dans laquelle vous avez écrit : français ou anglais.');
    expect(answer.text).toContain('value="Fête en allemand"');
    expect(await draftsTitled('api::event.event', 'Fête en allemand')).toEqual([]);
  });

  it('a request becomes a call to participate, seen as proposed on the request’s page', async () => {
    const csrf = await csrfOf(people.coordinator.browser);
    const answer = await people.coordinator.browser.post(spacePublicDraftPath('hand', hand), {
      csrf,
      locale: 'fr',
      kind: 'call',
      title: 'Bénévoles recherchés pour la fête de Villeray',
      summary: 'Donnez deux heures pour la fête de quartier.',
      details: '',
      date: inAMonth(),
      start: '',
      end: '',
      place: '',
      neighbourhood: hoodA,
    });
    expect(answer.status).toBe(303);
    const drafts = (await strapi.db.query('api::call.call').findMany({ where: { title: 'Bénévoles recherchés pour la fête de Villeray' } })) as Array<{ publishedAt: string | null; kind: string; deadline: string; reviewStatus: string }>;
    expect(drafts.map((d) => ({ publishedAt: d.publishedAt, kind: d.kind, reviewStatus: d.reviewStatus, deadline: String(d.deadline).slice(0, 10) }))).toEqual([
      { publishedAt: null, kind: 'volunteering', reviewStatus: 'to_review', deadline: inAMonth() },
    ]);
    expect((await people.member.browser.get(spaceHandPath(hand))).text).toContain('Brouillon d’appel à participation proposé le');
  });

  it(`a member makes at most ${publicDraftRules.draftsPerDay} drafts in 24 hours (429 past it, nothing stored)`, async () => {
    const csrf = await csrfOf(people.limited.browser);
    for (let i = 0; i < publicDraftRules.draftsPerDay; i += 1) {
      expect((await people.limited.browser.post(spacePublicDraftPath('meeting', meeting), { csrf, locale: 'fr', ...eventForm(`Fête numéro ${i}`) })).status).toBe(303);
    }
    const refused = await people.limited.browser.post(spacePublicDraftPath('meeting', meeting), { csrf, locale: 'fr', ...eventForm('Fête de trop') });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Réessayez demain');
    expect(await draftsTitled('api::event.event', 'Fête de trop')).toEqual([]);
  });
});

describe('drafts are not public', () => {
  it('neither the draft event nor the records of who proposed it can be read through REST or GraphQL', async () => {
    for (const path of ['/api/events?status=draft', '/api/events?filters[title][$contains]=Jarry&status=draft', '/api/calls?status=draft', '/api/events?publicationState=preview']) {
      const { body } = await api(app.baseUrl, path);
      expect(JSON.stringify(body ?? ''), path).not.toMatch(/parc Jarry|Bénévoles recherchés/);
    }
    for (const path of ['/api/public-drafts', '/api/public-drafts/1', '/api/public-drafts?populate=*']) expect((await api(app.baseUrl, path)).status, path).toBe(404);
    for (const query of ['{ events(status: DRAFT) { title summary } }', '{ calls(status: DRAFT) { title } }']) {
      const { data } = await graphql(app.baseUrl, query);
      expect(JSON.stringify(data ?? ''), query).not.toMatch(/parc Jarry|Bénévoles recherchés/);
    }
    const { errors } = await graphql(app.baseUrl, '{ publicDrafts { sourceDocumentId draftDocumentId } }');
    expect(errors?.length ?? 0).toBeGreaterThan(0);
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /publicdraft/i.test(n))).toEqual([]);
    const attributes = strapi.contentType(publicDraftUid).attributes as Record<string, { private?: boolean }>;
    const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
    expect(own.length).toBeGreaterThan(0);
    for (const [name, attribute] of own) expect({ name, private: attribute.private }).toEqual({ name, private: true });
  });
});
