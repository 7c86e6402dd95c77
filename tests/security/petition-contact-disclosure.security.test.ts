import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLanding, getPage, publishedPetition } from '../support/participation.ts';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { privateContentTypes } from '../../cms/src/participation/private-content-types.ts';
import { e164, messagesTo, newEmail, newPhone, petitionTestEnvironment, sign } from './petition-support.ts';

/**
 * Typing someone else's email or phone on a petition form must teach nothing about them: no page
 * shows a contact detail the person did not type in that very request, or tells whether an email
 * or phone is already known, and messages go only to the contact on file that was typed.
 */
const outbox = petitionTestEnvironment();
let app: StartedStrapi;
let strapi: Strapi;
let petition: { documentId: string; slug: string; title: string };

/** Every way a page could write a number: E.164, 514 555-0123, 5145550123, and its last four digits. */
function phoneShapes(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  return [e164(phone), digits, `${digits.slice(0, 3)} ${digits.slice(3, 6)}-${digits.slice(6)}`, `${digits.slice(3, 6)}-${digits.slice(6)}`];
}

const thanksPath = () => `/participer/petitions/${petition.slug}/merci?locale=fr`;
const emailSentence = 'Vous avez aussi donné un courriel';

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  petition = await publishedPetition(strapi, 'open');
});

afterAll(async () => {
  await app?.stop();
});

describe('a returning signer sees what a new signer sees', () => {
  it('sends someone who typed only a known email to the “check your messages” page, never to a code page with the phone on file', async () => {
    const victim = { email: newEmail('victime'), phone: newPhone() };
    await sign(app.baseUrl, petition.slug, victim);
    const probe = await sign(app.baseUrl, petition.slug, { email: victim.email, name: 'Curieux Voisin' });
    expect(probe.status).toBe(303);
    expect(probe.location).toBe(thanksPath());
    const page = await getLanding(app.baseUrl, probe.location);
    for (const shape of phoneShapes(victim.phone)) expect(page.text).not.toContain(shape);
  });

  it('says the email link works too only when an email was typed in that submission', async () => {
    const victim = { email: newEmail('victime'), phone: newPhone() };
    await sign(app.baseUrl, petition.slug, victim);
    const phoneOnly = await sign(app.baseUrl, petition.slug, { email: '', phone: victim.phone });
    const page = await getPage(app.baseUrl, phoneOnly.location!);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(emailSentence);

    const someone = { email: newEmail('deux'), phone: newPhone() };
    const both = await sign(app.baseUrl, petition.slug, someone);
    expect((await getPage(app.baseUrl, both.location!)).text).toContain(`<p>${emailSentence} : le lien qu’il contient confirme aussi votre signature.</p>`);
  });

  it('never prints a phone number on the code page, not even the one just typed', async () => {
    const phone = newPhone();
    const sent = await sign(app.baseUrl, petition.slug, { email: '', phone });
    const page = await getPage(app.baseUrl, sent.location!);
    expect(page.text).toContain('au cellulaire que vous avez donné');
    for (const shape of phoneShapes(phone)) expect(page.text).not.toContain(shape);
  });
});

describe('messages go only to the contact on file that was typed', () => {
  it('re-sends the link to a known email without texting the phone on file or the new number typed', async () => {
    const victim = { email: newEmail('victime'), phone: newPhone() };
    await sign(app.baseUrl, petition.slug, victim);
    const other = newPhone();
    await sign(app.baseUrl, petition.slug, { email: victim.email, phone: other, name: 'Autre Personne' });
    expect(messagesTo(outbox, victim.email)).toHaveLength(2);
    expect(messagesTo(outbox, e164(victim.phone))).toHaveLength(1);
    expect(messagesTo(outbox, e164(other))).toHaveLength(0);
  });

  it('texts a known phone without emailing the address on file or the new address typed', async () => {
    const victim = { email: newEmail('victime'), phone: newPhone() };
    await sign(app.baseUrl, petition.slug, victim);
    const other = newEmail('autre');
    await sign(app.baseUrl, petition.slug, { email: other, phone: victim.phone });
    expect(messagesTo(outbox, e164(victim.phone))).toHaveLength(2);
    expect(messagesTo(outbox, victim.email)).toHaveLength(1);
    expect(messagesTo(outbox, other)).toHaveLength(0);
  });

  it('greets by the name on file, not by a name typed by someone else', async () => {
    const email = newEmail('nom');
    await sign(app.baseUrl, petition.slug, { email, name: 'Marie Tremblay' });
    await sign(app.baseUrl, petition.slug, { email, name: 'Intrus Publicitaire' });
    const [, again] = messagesTo(outbox, email);
    expect(again?.text).toContain('Bonjour Marie Tremblay');
    expect(again?.text).not.toContain('Intrus');
  });
});

describe('what the re-send limits and code pages store is private too', () => {
  const uids = ['api::participation.signature-code-ticket', 'api::participation.signature-resend'] as const;

  it('keeps both collections among the private ones, every attribute private, with no REST route', async () => {
    const email = newEmail('prive');
    const phone = newPhone();
    await sign(app.baseUrl, petition.slug, { email, phone });
    await sign(app.baseUrl, petition.slug, { email, phone });
    for (const uid of uids) {
      expect(privateContentTypes).toContain(uid);
      expect(await strapi.db.query(uid).count()).toBeGreaterThan(0);
      const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
      const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
      for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
      const plural = strapi.contentType(uid).info.pluralName as string;
      for (const path of [`/api/${plural}`, `/api/${plural}?populate=*`]) expect((await api(app.baseUrl, path)).status).toBe(404);
    }
    // Neither holds a contact detail: only references to the signature and the petition.
    const rows = [...(await strapi.db.query(uids[0]).findMany({})), ...(await strapi.db.query(uids[1]).findMany({}))];
    expect(JSON.stringify(rows)).not.toContain(email);
    expect(JSON.stringify(rows)).not.toContain(e164(phone));
  });
});
