import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quebecLocalToIso } from '@passerelle/shared/participation/index';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { montrealPlace } from '@passerelle/shared/testing';
import { outboxMessages, outboxSettled, postForm, proposePath, useTestOutbox, validProposal } from '../support/participation.ts';

/** What the dev outbox holds once the outbox has sent what was queued (publishing queues messages too). */
const settledMessages = async () => {
  await outboxSettled();
  return outboxMessages(outbox);
};

/**
 * A community group without an account proposes an activity: it becomes an unpublished draft event
 * (never on the public API) plus a private "to-review" proposal with the contact, and the OCs at
 * PROPOSALS_NOTIFY_EMAIL are told. Errors re-show the form with what was typed. SQLite and PostgreSQL.
 */
const outbox = useTestOutbox();
const notify = `oc.${Date.now()}@cisss.exemple.ca`;
process.env.PROPOSALS_NOTIFY_EMAIL = notify;
let app: StartedStrapi;
let strapi: Strapi;

const proposals = () => strapi.db.query('api::participation.event-proposal').findMany({ orderBy: { id: 'asc' } });

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
  delete process.env.PROPOSALS_NOTIFY_EMAIL;
});

describe('proposing an activity', () => {
  it('creates a draft event and a proposal to review, tells the OCs, and thanks the group', async () => {
    const typed = validProposal({ title: 'Soupe <b>populaire</b> du jeudi', time: '17 h 30' });
    const sent = await postForm(app.baseUrl, proposePath, typed);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/proposer-une-activite/merci/');

    const [proposal] = (await proposals()).filter((p: { email: string }) => p.email === typed.email);
    expect(proposal).toMatchObject({ organizationName: 'Les Voisins solidaires', name: 'Fatima Benali', proposalStatus: 'to-review', suspectReason: null, language: 'fr' });
    const draft = await strapi.documents('api::event.event').findOne({ documentId: proposal.proposedEventDocumentId, locale: 'fr', status: 'draft' });
    expect(draft).toMatchObject({ title: 'Soupe <b>populaire</b> du jeudi', publishedAt: null });
    expect(new Date(String(draft!.startsAt)).toISOString()).toBe(quebecLocalToIso(typed.date!, '17:30'));
    expect(String(draft!.body)).toContain('4270, boulevard Henri-Bourassa Est');
    const published = await strapi.documents('api::event.event').findOne({ documentId: proposal.proposedEventDocumentId, locale: 'fr', status: 'published' });
    expect(published).toBeNull();
    // Not on the public API either.
    const publicList = await api(app.baseUrl, `/api/events?filters[slug][$eq]=${encodeURIComponent(String(draft!.slug))}`);
    expect(JSON.stringify(publicList.body)).not.toContain('Soupe');

    const message = (await settledMessages()).find((m) => m.to === notify && m.text.includes(typed.email!));
    expect(message?.subject).toBe('Activité à vérifier : Soupe <b>populaire</b> du jeudi');
    expect(message?.text).toContain('Groupe : Les Voisins solidaires');

    const english = await postForm(app.baseUrl, proposePath, validProposal({ locale: 'en' }));
    expect(english.location).toBe('/en/propose-an-activity/thanks/');
  });

  it('tells the group, in its language, once the OC publishes the draft — once only', async () => {
    const byEmail = validProposal({ locale: 'en', title: `Community supper ${Date.now()}`, phone: '' });
    const byPhone = validProposal({ title: `Corvée de ruelle ${Date.now()}`, email: '', phone: '514 555-0199' });
    for (const typed of [byEmail, byPhone]) expect((await postForm(app.baseUrl, proposePath, typed)).status).toBe(303);
    const [emailRow, phoneRow] = (await proposals()).slice(-2) as Array<{ proposedEventDocumentId: string; proposalStatus: string }>;
    expect(emailRow!.proposalStatus).toBe('to-review');

    // The OC adds the place (a proposal has none: coordinates are needed for the map) and publishes.
    for (const row of [emailRow!, phoneRow!]) {
      await strapi.documents('api::event.event').update({ documentId: row.proposedEventDocumentId, locale: 'fr', data: { place: montrealPlace } });
      await strapi.documents('api::event.event').publish({ documentId: row.proposedEventDocumentId, locale: 'fr' });
    }
    const published = await strapi.documents('api::event.event').findOne({ documentId: emailRow!.proposedEventDocumentId, locale: 'fr', status: 'published' });
    const toGroup = (await settledMessages()).filter((m) => m.to === byEmail.email);
    expect(toGroup.map((m) => m.subject)).toContain(`Your activity is published: ${byEmail.title}`);
    const mail = toGroup.find((m) => m.subject?.startsWith('Your activity is published'))!;
    // The event exists in French only, so the link goes to the French page.
    expect(mail.text).toContain(`/evenements/${String(published!.slug)}/`);
    const text = (await settledMessages()).filter((m) => m.channel === 'sms' && m.text.includes(byPhone.title!));
    expect(text).toHaveLength(1);
    expect(text[0]!.text).toContain('est publiée');

    const after = (await proposals()).slice(-2) as Array<{ proposalStatus: string }>;
    expect(after.map((p) => p.proposalStatus)).toEqual(['published', 'published']);

    // Published again after an edit: no second message.
    await strapi.documents('api::event.event').publish({ documentId: emailRow!.proposedEventDocumentId, locale: 'fr' });
    expect((await settledMessages()).filter((m) => m.to === byEmail.email && m.subject?.startsWith('Your activity'))).toHaveLength(1);
  });

  it('converts Québec local time to UTC across daylight saving time', () => {
    expect(quebecLocalToIso('2027-01-15', '18:30')).toBe('2027-01-15T23:30:00.000Z');
    expect(quebecLocalToIso('2027-07-15', '18:30')).toBe('2027-07-15T22:30:00.000Z');
  });

  const invalid: Array<[string, Record<string, string>, string, string]> = [
    ['no title', { title: '' }, 'title', 'Remplissez ce champ.'],
    ['a formula as title', { title: '=HYPERLINK("x")' }, 'title', 'caractères non permis'],
    ['a summary over 280 characters', { summary: 'a'.repeat(281) }, 'summary', 'Écrivez 280 caractères ou moins.'],
    ['no date', { date: '' }, 'date', 'Écrivez la date de l’activité.'],
    ['an impossible date', { date: '2027-02-30' }, 'date', 'Écrivez une date réelle'],
    ['a past date', { date: '2020-01-01' }, 'date', 'Cette date est passée.'],
    ['a wrong time', { time: '25:00' }, 'time', 'Écrivez une heure'],
    ['no place', { venueName: '', address: '' }, 'venueName', 'Remplissez ce champ.'],
    ['no group name', { organizationName: '' }, 'organizationName', 'Remplissez ce champ.'],
    ['no way to reach the group', { email: '', phone: '' }, 'email', 'Donnez un courriel ou un numéro'],
    ['an invalid phone', { phone: '12' }, 'phone', 'Écrivez un numéro à 10 chiffres'],
  ];
  it.each(invalid)('re-shows the form with the values kept (422) for %s', async (_case, overrides, field, message) => {
    const before = (await proposals()).length;
    const typed = validProposal({ venueName: 'Salle <i>Saint-Vincent</i>', ...overrides });
    const answer = await postForm(app.baseUrl, proposePath, typed);
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('<title>Erreur : ');
    expect(answer.text).toContain(message);
    expect(answer.text).toMatch(new RegExp(`id="proposer-${field}"[^>]*aria-invalid="true"`));
    if (!('venueName' in overrides)) expect(answer.text).toContain('value="Salle &lt;i&gt;Saint-Vincent&lt;/i&gt;"');
    expect((await proposals()).length).toBe(before);
  });

  it('stores a filled honeypot as suspect, with no draft event and no message', async () => {
    const typed = validProposal({ website: 'spam' });
    const sent = await postForm(app.baseUrl, proposePath, typed);
    expect(sent.location).toBe('/proposer-une-activite/merci/');
    const [row] = (await proposals()).filter((p: { email: string }) => p.email === typed.email);
    expect(row).toMatchObject({ suspectReason: 'honeypot', proposedEventDocumentId: null });
    expect((await settledMessages()).some((m) => m.text.includes(typed.email!))).toBe(false);
  });
});
