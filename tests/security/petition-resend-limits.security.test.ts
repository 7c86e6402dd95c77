import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshIp, postForm, publishedPetition, solvedAltcha, tokenFrom } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { codePath, e164, lastCodeTo, messagesTo, newEmail, newPhone, petitionTestEnvironment, refOf, sign, wrongCodeFor } from './petition-support.ts';

/**
 * Signing again with a known email or phone re-sends the confirmation. An attacker who knows
 * someone's address can do it too, so every re-send is limited: at most three messages a day per
 * signature, each re-send counts against the sender's address like a signature does, and a new code
 * never brings new guesses.
 */
const outbox = petitionTestEnvironment();
let app: StartedStrapi;
let strapi: Strapi;
let petition: { documentId: string; slug: string; title: string };

const rowsFor = (where: Record<string, unknown>) =>
  strapi.db.query('api::participation.signature').findMany({ where: { petitionDocumentId: petition.documentId, ...where } });

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  petition = await publishedPetition(strapi, 'open');
});

afterAll(async () => {
  await app?.stop();
});

describe('re-sends per signature', () => {
  it('sends a known email at most three more links a day, however often it is typed', async () => {
    const email = newEmail('inbox');
    expect((await sign(app.baseUrl, petition.slug, { email })).status).toBe(303);
    for (let i = 0; i < 6; i++) {
      const again = await sign(app.baseUrl, petition.slug, { email, name: 'Quelqu’un d’autre' });
      expect(again.status).toBe(303);
    }
    expect(messagesTo(outbox, email)).toHaveLength(1 + 3);
    expect(await rowsFor({ email })).toHaveLength(1);
  });

  it('texts a known phone at most three more codes a day', async () => {
    const phone = newPhone();
    await sign(app.baseUrl, petition.slug, { email: '', phone });
    for (let i = 0; i < 5; i++) await sign(app.baseUrl, petition.slug, { email: '', phone });
    expect(messagesTo(outbox, e164(phone))).toHaveLength(1 + 3);
  });

  it('keeps to three when ten re-sends arrive at once', async () => {
    const email = newEmail('rush');
    await sign(app.baseUrl, petition.slug, { email });
    const answers = await Promise.all(Array.from({ length: 10 }, () => sign(app.baseUrl, petition.slug, { email })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(303));
    expect(messagesTo(outbox, email)).toHaveLength(1 + 3);
  });

  it('tells a confirmed signer once per re-send, within the same limit, without a new link', async () => {
    const email = newEmail('deja');
    await sign(app.baseUrl, petition.slug, { email });
    const confirmed = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: tokenFrom(messagesTo(outbox, email)[0]), locale: 'fr' });
    expect(confirmed.status).toBe(303);
    for (let i = 0; i < 5; i++) await sign(app.baseUrl, petition.slug, { email });
    const after = messagesTo(outbox, email).slice(1);
    expect(after).toHaveLength(3);
    for (const message of after) {
      expect(message.subject).toBe('Vous avez déjà signé cette pétition');
      expect(message.text).not.toContain('jeton=');
      expect(message.text).toContain(petition.title);
    }
    expect((await rowsFor({ email }))[0]).toMatchObject({ signatureStatus: 'confirmed' });
  });
});

describe('re-sends count against the sender’s address', () => {
  it('holds a new signature from an address that just re-sent one', async () => {
    const known = newEmail('connue');
    await sign(app.baseUrl, petition.slug, { email: known });
    const ip = freshIp();
    await sign(app.baseUrl, petition.slug, { email: known }, ip);
    expect(messagesTo(outbox, known)).toHaveLength(2);
    const next = newEmail('suivante');
    expect((await sign(app.baseUrl, petition.slug, { email: next }, ip)).status).toBe(303);
    expect((await rowsFor({ email: next }))[0]).toMatchObject({ signatureStatus: 'suspect', suspectReason: 'rate-limit' });
    expect(messagesTo(outbox, next)).toHaveLength(0);
  });

  it('sends nothing for a second re-send from the same address within the minute', async () => {
    const first = newEmail('premiere');
    const second = newEmail('deuxieme');
    await sign(app.baseUrl, petition.slug, { email: first });
    await sign(app.baseUrl, petition.slug, { email: second });
    const ip = freshIp();
    await sign(app.baseUrl, petition.slug, { email: first }, ip);
    const sent = await sign(app.baseUrl, petition.slug, { email: second }, ip);
    expect(sent.status).toBe(303);
    expect(messagesTo(outbox, first)).toHaveLength(2);
    expect(messagesTo(outbox, second)).toHaveLength(1);
  });

  it('limits re-sends from one address even when each comes with a proof of work', async () => {
    const ip = freshIp();
    const a = newEmail('biblio-a');
    const b = newEmail('biblio-b');
    await sign(app.baseUrl, petition.slug, { email: a });
    await sign(app.baseUrl, petition.slug, { email: b });
    // New signatures with a proof of work stay exempt: many people sign from one library.
    const newcomer = newEmail('biblio-new');
    await sign(app.baseUrl, petition.slug, { email: newcomer, altcha: await solvedAltcha(app.baseUrl) }, ip);
    expect(messagesTo(outbox, newcomer)).toHaveLength(1);
    await sign(app.baseUrl, petition.slug, { email: a, altcha: await solvedAltcha(app.baseUrl) }, ip);
    await sign(app.baseUrl, petition.slug, { email: b, altcha: await solvedAltcha(app.baseUrl) }, ip);
    expect(messagesTo(outbox, a)).toHaveLength(2);
    expect(messagesTo(outbox, b)).toHaveLength(1);
  });
});

describe('code guesses are counted per signature', () => {
  it('does not let a new code unlock a signature whose guesses are spent', async () => {
    const phone = newPhone();
    const first = await sign(app.baseUrl, petition.slug, { email: '', phone });
    const wrong = wrongCodeFor(outbox, phone);
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push((await postForm(app.baseUrl, codePath, { ref: refOf(first.location), code: wrong, locale: 'fr' })).status);
    expect(tries).toEqual([422, 422, 422, 422, 429]);

    const again = await sign(app.baseUrl, petition.slug, { email: '', phone });
    expect(messagesTo(outbox, e164(phone)).length).toBeLessThanOrEqual(2);
    const code = lastCodeTo(outbox, phone);
    const answer = await postForm(app.baseUrl, codePath, { ref: refOf(again.location), code, locale: 'fr' });
    expect(answer.status).toBe(429);
    expect((await rowsFor({ phone: e164(phone) }))[0]).toMatchObject({ signatureStatus: 'pending', codeAttempts: 5 });
  });

  it('adds up wrong guesses made on different code pages', async () => {
    const phone = newPhone();
    const first = await sign(app.baseUrl, petition.slug, { email: '', phone });
    for (let i = 0; i < 3; i++) await postForm(app.baseUrl, codePath, { ref: refOf(first.location), code: wrongCodeFor(outbox, phone), locale: 'fr' });
    const again = await sign(app.baseUrl, petition.slug, { email: '', phone });
    const ref = refOf(again.location);
    const code = lastCodeTo(outbox, phone);
    for (let i = 0; i < 2; i++) expect((await postForm(app.baseUrl, codePath, { ref, code: wrongCodeFor(outbox, phone), locale: 'fr' })).status).toBe(422);
    expect((await postForm(app.baseUrl, codePath, { ref, code, locale: 'fr' })).status).toBe(429);
    expect((await rowsFor({ phone: e164(phone) }))[0].signatureStatus).toBe('pending');
  });

  it('still confirms with the new code when guesses are left', async () => {
    const phone = newPhone();
    const first = await sign(app.baseUrl, petition.slug, { email: '', phone });
    await postForm(app.baseUrl, codePath, { ref: refOf(first.location), code: wrongCodeFor(outbox, phone), locale: 'fr' });
    const again = await sign(app.baseUrl, petition.slug, { email: '', phone });
    const answer = await postForm(app.baseUrl, codePath, { ref: refOf(again.location), code: lastCodeTo(outbox, phone), locale: 'fr' });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`/participer/petitions/${petition.slug}/confirmee?locale=fr`);
    expect((await rowsFor({ phone: e164(phone) }))[0]).toMatchObject({ signatureStatus: 'confirmed', confirmedBy: 'sms' });
  });
});
