import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aValidDocument } from '@passerelle/shared/testing';
import { getLanding, interestPath, outboxMessages, postForm, publishedCall, useTestOutbox, validInterest } from '../support/participation.ts';
import { rereadCmsEnvironment, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * "I'm interested" on a call to participate: stored, then forwarded by email to the call's contact
 * person (or the organization); every error re-shows the form with what was typed; ended calls
 * refuse; bots are stored as suspect and never forwarded. Runs on SQLite and on PostgreSQL.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const interests = (callDocumentId: string) => strapi.db.query('api::participation.interest').findMany({ where: { callDocumentId }, orderBy: { id: 'asc' } });
const messagesTo = (to: string) => outboxMessages(outbox).filter((m) => m.to === to);
const yesterday = () => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe("I'm interested", () => {
  it('stores the interest, tells the contact person, and sends the person to the thank-you page', async () => {
    const call = await publishedCall(strapi);
    const sent = await postForm(app.baseUrl, interestPath(call.slug), validInterest({ email: '', phone: '(514) 555-0142', name: 'Luc <b>Nguyen</b>' }));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/participer/appels/${call.slug}/merci?locale=fr`);
    const landing = await getLanding(app.baseUrl, sent.location);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain(`<h1>Merci, votre message est envoyé</h1><p class="lead">${call.title}</p>`);
    expect(landing.text).toContain(`<a href="/appels/${call.slug}/">Retour à l’appel</a>`);
    const [row] = await interests(call.documentId);
    expect(row).toMatchObject({ name: 'Luc <b>Nguyen</b>', email: null, phone: '+15145550142', preferredContactTime: 'Le soir après 18 h', language: 'fr', suspectReason: null });
    const [message] = messagesTo(call.contactEmail);
    expect(message?.subject).toBe(`Une personne est intéressée : ${call.title}`);
    expect(message?.text).toContain('Nom : Luc <b>Nguyen</b>');
    expect(message?.text).toContain('Téléphone : 514 555-0142');
    expect(message?.text).toContain('Meilleur moment : Le soir après 18 h');

    const english = await postForm(app.baseUrl, interestPath(call.slug), validInterest({ locale: 'en' }));
    expect(english.location).toBe(`/participer/appels/${call.slug}/merci?locale=en`);
    expect((await getLanding(app.baseUrl, english.location)).text).toContain(`<h1>Thank you, your message is sent</h1><p class="lead">EN ${call.title}</p>`);
    expect(messagesTo(call.contactEmail)[1]?.text).toContain('Langue : anglais');
  });

  it("writes to the organization when the call names no contact email", async () => {
    const orgEmail = `org.${Date.now()}@organisme.ca`;
    const org = await strapi.documents('api::organization.organization').create({ locale: 'fr', data: { ...aValidDocument('api::organization.organization'), email: orgEmail } });
    await strapi.documents('api::organization.organization').update({ documentId: org.documentId, locale: 'en', data: { ...aValidDocument('api::organization.organization'), email: orgEmail } });
    await strapi.documents('api::organization.organization').publish({ documentId: org.documentId, locale: '*' });
    const call = await publishedCall(strapi, { contact: { name: 'Sans courriel', phone: '514 555-0100' }, organization: org.documentId });
    expect((await postForm(app.baseUrl, interestPath(call.slug), validInterest())).status).toBe(303);
    expect(messagesTo(orgEmail)).toHaveLength(1);
  });

  it('writes to the OC team when neither the call nor its organization has an email', async () => {
    const team = `equipe.${Date.now()}@ciusss.ca`;
    process.env.PROPOSALS_NOTIFY_EMAIL = team;
    rereadCmsEnvironment();
    try {
      const call = await publishedCall(strapi, { contact: { name: 'Sans courriel', phone: '514 555-0100' } });
      expect((await postForm(app.baseUrl, interestPath(call.slug), validInterest())).status).toBe(303);
      expect(messagesTo(team)).toHaveLength(1);
      expect(messagesTo(team)[0]?.subject).toBe(`Une personne est intéressée : ${call.title}`);
    } finally {
      delete process.env.PROPOSALS_NOTIFY_EMAIL;
      rereadCmsEnvironment();
    }
  });

  const invalid: Array<[string, Record<string, string>, string, string]> = [
    ['no name', { name: '' }, 'name', 'Écrivez votre nom.'],
    ['a formula as name', { name: '=1+1' }, 'name', 'Votre nom ne peut pas commencer'],
    ['neither email nor phone', { email: '', phone: '' }, 'email', 'Donnez un courriel ou un numéro'],
    ['an invalid email', { email: 'luc@' }, 'email', 'Écrivez un courriel valide'],
    ['an invalid phone', { phone: '555' }, 'phone', 'Écrivez un numéro à 10 chiffres'],
    ['a contact time over 200 characters', { preferredContactTime: 'x'.repeat(201) }, 'preferredContactTime', 'Écrivez 200 caractères ou moins.'],
  ];
  it.each(invalid)('re-shows the form with the values kept (422) for %s', async (_case, overrides, field, message) => {
    const call = await publishedCall(strapi);
    const typed = validInterest({ preferredContactTime: 'Midi <i>ou</i> soir', ...overrides });
    const answer = await postForm(app.baseUrl, interestPath(call.slug), typed);
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('<title>Erreur : ');
    expect(answer.text).toContain(message);
    expect(answer.text).toMatch(new RegExp(`id="interet-${field}"[^>]*aria-invalid="true"`));
    if (!overrides.preferredContactTime) expect(answer.text).toContain('value="Midi &lt;i&gt;ou&lt;/i&gt; soir"');
    if (overrides.email) expect(answer.text).toContain(`value="${overrides.email}"`);
    expect(await interests(call.documentId)).toHaveLength(0);
    expect(messagesTo(call.contactEmail)).toHaveLength(0);
  });

  it('refuses ended calls with a clear page, and unknown ones', async () => {
    const call = await publishedCall(strapi, { deadline: yesterday() });
    const answer = await postForm(app.baseUrl, interestPath(call.slug), validInterest());
    expect(answer.status).toBe(409);
    expect(answer.text).toContain('Cet appel est terminé');
    expect(await interests(call.documentId)).toHaveLength(0);
    const unknown = await postForm(app.baseUrl, interestPath('nexiste-pas'), validInterest());
    expect(unknown.status).toBe(404);
  });

  it('stores bots and floods as suspect and forwards nothing', async () => {
    const call = await publishedCall(strapi);
    expect((await postForm(app.baseUrl, interestPath(call.slug), validInterest({ website: 'x' }))).location).toBe(`/participer/appels/${call.slug}/merci?locale=fr`);
    const ip = '10.251.0.7';
    await postForm(app.baseUrl, interestPath(call.slug), validInterest(), { ip });
    await postForm(app.baseUrl, interestPath(call.slug), validInterest(), { ip });
    expect((await interests(call.documentId)).map((r: { suspectReason: string | null }) => r.suspectReason)).toEqual(['honeypot', null, 'rate-limit']);
    expect(messagesTo(call.contactEmail)).toHaveLength(1);
  });
});
