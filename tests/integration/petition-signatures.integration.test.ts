import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeFrom,
  freshIp,
  getLanding,
  getPage,
  lastMessageTo,
  outboxMessages,
  postForm,
  publishedPetition,
  signPath,
  tokenFrom,
  useTestOutbox,
  validSignature,
} from '../support/participation.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { resetParticipationConfig } from '../../cms/src/participation/config.ts';
import { recordSignature } from '../../cms/src/participation/petitions/signatures.ts';

/**
 * A resident signs a petition without JavaScript: plain form posts to /participer/, 303 to a page
 * the CMS renders, double opt-in by email link (GET shows a button, POST confirms) or SMS code, one signature
 * per person, rate limits and honeypot that store "suspect" rows without telling the sender.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let petition: { documentId: string; slug: string; title: string };

const signatures = (where: Record<string, unknown> = {}) =>
  strapi.db.query('api::participation.signature').findMany({ where: { petitionDocumentId: petition.documentId, ...where } });
const count = async (slug = petition.slug) => (await fetch(`${app.baseUrl}/participer/petitions/${slug}/compte.json`)).json();

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  petition = await publishedPetition(strapi, 'open', { paperSignatures: 12 });
});

afterAll(async () => {
  await app?.stop();
});

describe('signing and confirming by email', () => {
  it('stores a pending signature, sends a link, and counts it only once confirmed', async () => {
    const email = 'Jean.Gagnon+petition@Exemple.ca';
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email }));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/participer/petitions/${petition.slug}/merci?locale=fr`);
    const landing = await getLanding(app.baseUrl, sent.location);
    expect(landing.status).toBe(200);
    expect(landing.cacheControl).toBe('no-store');
    expect(landing.text).toContain('<html lang="fr-CA">');
    expect(landing.text).toContain('<meta name="robots" content="noindex">');
    expect(landing.text).toContain(`<h1>Vérifiez vos messages</h1><p class="lead">${petition.title}</p>`);
    expect(landing.text).toContain(`<a href="/petitions/${petition.slug}/">Retour à la pétition</a>`);

    const [row] = await signatures({ email: email.toLowerCase() });
    expect(row).toMatchObject({ signatureStatus: 'pending', postalCode: 'H2R 1A1', name: 'Marie Tremblay' });
    expect(row.ipHash).toMatch(/^[0-9a-f]{32}$/);
    expect(await count()).toEqual({ confirmed: 0, paper: 12, total: 12 });

    const message = lastMessageTo(outbox, email.toLowerCase());
    expect(message?.subject).toBe('Confirmez votre signature');
    const token = tokenFrom(message);

    // A mail scanner following the link confirms nothing.
    const page = await getPage(app.baseUrl, `/participer/petitions/confirmer?jeton=${token}&locale=fr`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<button type="submit">Confirmer</button>');
    expect(page.text).toContain(petition.title);
    expect((await signatures({ id: row.id }))[0].signatureStatus).toBe('pending');

    const confirmed = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: token, locale: 'fr' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/participer/petitions/${petition.slug}/confirmee?locale=fr`);
    const confirmedPage = (await getLanding(app.baseUrl, confirmed.location)).text;
    expect(confirmedPage).toContain('<h1>Merci, votre signature est confirmée</h1>');
    // The count as of now, online and on paper: the static page may still show its last build's.
    expect(confirmedPage).toContain('<p>La pétition compte maintenant 13 signatures, en ligne et sur papier.</p>');
    expect(landing.text).not.toContain('compte maintenant');
    expect(await count()).toEqual({ confirmed: 1, paper: 12, total: 13 });

    // Confirming twice is harmless.
    const again = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: token, locale: 'fr' });
    expect(again.status).toBe(303);
    expect(await count()).toEqual({ confirmed: 1, paper: 12, total: 13 });
  });

  it('answers in English on the English form', async () => {
    const email = `en-${Date.now()}@example.ca`;
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, locale: 'en' }));
    expect(sent.location).toBe(`/participer/petitions/${petition.slug}/merci?locale=en`);
    const landing = await getLanding(app.baseUrl, sent.location);
    expect(landing.text).toContain('<html lang="en-CA">');
    expect(landing.text).toContain(`<h1>Check your messages</h1><p class="lead">EN ${petition.title}</p>`);
    expect(landing.text).toContain(`<a href="/en/petitions/${petition.slug}/">Back to the petition</a>`);
    expect(lastMessageTo(outbox, email)?.subject).toBe('Confirm your signature');
  });

  it('refuses unknown and malformed tokens with a page, not an error', async () => {
    const unknown = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: 'x'.repeat(32) });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Ce lien ne fonctionne pas');
    expect((await getPage(app.baseUrl, '/participer/petitions/confirmer?jeton=%3Cscript%3E')).status).toBe(404);
  });
});

describe('one signature per person', () => {
  it('recognises a Gmail address written with dots, capitals and a +tag, and re-sends instead', async () => {
    await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: 'paul.roy@gmail.com' }));
    const before = outboxMessages(outbox).length;
    const second = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: 'P.A.U.L.R.O.Y+x@googlemail.com', name: 'Paul Roy' }));
    expect(second.status).toBe(303);
    const rows = await signatures({ emailKey: `${petition.documentId}:paulroy@gmail.com` });
    expect(rows).toHaveLength(1);
    // The new link goes to the address already on file.
    expect(outboxMessages(outbox).length).toBe(before + 1);
    expect(outboxMessages(outbox).pop()?.to).toBe('paul.roy@gmail.com');
  });

  it('recognises a phone number however it is written', async () => {
    await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: '514 555-0199' }));
    await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: '1 (514) 555.0199' }));
    expect(await signatures({ phoneKey: `${petition.documentId}:+15145550199` })).toHaveLength(1);
  });

  it('stays one row when the same person submits many times at once', async () => {
    const email = `rush-${Date.now()}@exemple.ca`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => postForm(app.baseUrl, signPath(petition.slug), validSignature({ email }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(303));
    expect(await signatures({ email })).toHaveLength(1);
  });
});

describe('confirming by SMS code', () => {
  it('tells someone who also gave an email that its link works too', async () => {
    const both = await publishedPetition(strapi);
    const sent = await postForm(app.baseUrl, signPath(both.slug), validSignature({ email: `deux.${Date.now()}@exemple.ca`, phone: '438-555-0177' }));
    const codePage = await getPage(app.baseUrl, sent.location!);
    expect(codePage.text).toContain('<p>Vous avez aussi donné un courriel : le lien qu’il contient confirme aussi votre signature.</p>');
  });

  it('sends a 6-digit code and confirms with it on the site', async () => {
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: '438-555-0142' }));
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/participer\/petitions\/code\?ref=[\w-]+&locale=fr$/);
    const codePage = await getPage(app.baseUrl, sent.location!);
    expect(codePage.status).toBe(200);
    // The number is not shown: the page is reached by a link, and shows no stored contact.
    expect(codePage.text).toContain('<p>Nous avons envoyé un code à 6 chiffres au cellulaire que vous avez donné. Il est valide 24 heures.</p>');
    expect(codePage.text).not.toContain('555-0142');
    // What to do when no text message comes; no email was given, so no word about a link.
    expect(codePage.text).toContain('<p>Pas de texto après quelques minutes ? Retournez à la pétition et signez de nouveau : nous enverrons un nouveau code.</p>');
    expect(codePage.text).not.toContain('Vous avez aussi donné un courriel');
    const ref = new URL(sent.location!, 'http://x').searchParams.get('ref')!;
    const code = codeFrom(lastMessageTo(outbox, '+14385550142'));

    const wrong = await postForm(app.baseUrl, '/participer/petitions/code', { ref, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Ce code ne correspond pas');
    expect(wrong.text).toContain('Pas de texto après quelques minutes ?');

    const right = await postForm(app.baseUrl, '/participer/petitions/code', { ref, code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(right.status).toBe(303);
    expect(right.location).toBe(`/participer/petitions/${petition.slug}/confirmee?locale=fr`);
    const [row] = await signatures({ codeRef: ref });
    expect(row).toMatchObject({ signatureStatus: 'confirmed', confirmedBy: 'sms' });
    // Replaying the code is harmless.
    expect((await postForm(app.baseUrl, '/participer/petitions/code', { ref, code })).status).toBe(303);
  });

  it('locks the code after five wrong tries, even for the right code', async () => {
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: '450 555 0177' }));
    const ref = new URL(sent.location!, 'http://x').searchParams.get('ref')!;
    const code = codeFrom(lastMessageTo(outbox, '+14505550177'));
    const wrongCode = code === '999999' ? '999998' : '999999';
    const tries = await Promise.all(Array.from({ length: 8 }, () => postForm(app.baseUrl, '/participer/petitions/code', { ref, code: wrongCode })));
    expect(tries.filter((t) => t.status === 422)).toHaveLength(4);
    expect(tries.filter((t) => t.status === 429)).toHaveLength(4);
    const late = await postForm(app.baseUrl, '/participer/petitions/code', { ref, code });
    expect(late.status).toBe(429);
    expect((await signatures({ codeRef: ref }))[0].signatureStatus).toBe('pending');
  });
});

describe('abuse is stored as suspect, silently', () => {
  it('keeps a second submission from the same address within a minute, uncounted and unsent', async () => {
    const ip = freshIp();
    const first = await postForm(app.baseUrl, signPath(petition.slug), validSignature(), { ip });
    const before = outboxMessages(outbox).length;
    const secondEmail = `second-${Date.now()}@exemple.ca`;
    const second = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: secondEmail }), { ip });
    expect(second.status).toBe(first.status);
    expect(second.location).toBe(first.location);
    const [row] = await signatures({ email: secondEmail });
    expect(row).toMatchObject({ signatureStatus: 'suspect', suspectReason: 'rate-limit', emailKey: null });
    expect(outboxMessages(outbox).length).toBe(before);
  });

  it('applies every rate limit window, and proof-of-work rows do not count', async () => {
    // Limits of 3 a minute and 4 in five minutes, on this test's own copy of the signature code
    // (the CMS keeps its configuration), so each window can be seen deciding on its own.
    const saved = { short: process.env.PETITION_RATE_SHORT_MAX, long: process.env.PETITION_RATE_LONG_MAX };
    process.env.PETITION_RATE_SHORT_MAX = '3';
    process.env.PETITION_RATE_LONG_MAX = '4';
    resetParticipationConfig();
    try {
      const ipHash = `hash-${Date.now()}`;
      const start = Date.now();
      const target = { ...petition, petitionStatus: 'open', opensAt: '', closesAt: '', paperSignatures: 0 };
      const sign = async (i: number, seconds: number, checkedBy: 'ip-rate-limit' | 'proof-of-work' = 'ip-rate-limit') => {
        const input = { name: 'Fenêtre Test', postalCode: 'H2R 1X9', email: `window-${start}-${i}@exemple.ca`, phone: null, consent: true, updates: false, locale: 'fr', website: '' };
        return (await recordSignature(strapi, target, input as never, ipHash, checkedBy, start + seconds * 1000)).kind;
      };
      expect([await sign(1, 0), await sign(2, 1), await sign(3, 2), await sign(4, 3)]).toEqual(['pending', 'pending', 'pending', 'suspect']);
      // 100 s later the minute is clear, but the five minutes hold 4 rows (the suspect one counts).
      expect(await sign(5, 100)).toBe('suspect');
      // A proof of work replaces the limits, and its row is not held against the next submission.
      expect(await sign(6, 101, 'proof-of-work')).toBe('pending');
      // Once the first rows leave the five minutes (only the one at 100 s is left), signing works again.
      expect(await sign(7, 303)).toBe('pending');
    } finally {
      process.env.PETITION_RATE_SHORT_MAX = saved.short;
      process.env.PETITION_RATE_LONG_MAX = saved.long;
      if (saved.short === undefined) delete process.env.PETITION_RATE_SHORT_MAX;
      if (saved.long === undefined) delete process.env.PETITION_RATE_LONG_MAX;
      resetParticipationConfig();
    }
  });

  it('treats a filled honeypot as suspect and answers as usual', async () => {
    const email = `bot-${Date.now()}@exemple.ca`;
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, website: 'http://spam.example' }));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/participer/petitions/${petition.slug}/merci?locale=fr`);
    expect((await signatures({ email }))[0]).toMatchObject({ signatureStatus: 'suspect', suspectReason: 'honeypot' });
    expect(lastMessageTo(outbox, email)).toBeUndefined();
  });
});

describe('the form comes back with French messages and the values kept', () => {
  it('shows every problem next to its field and in a summary', async () => {
    const sent = await postForm(
      app.baseUrl,
      signPath(petition.slug),
      validSignature({ name: '=HYPERLINK("x")', postalCode: 'ZZZ', email: 'pas-un-courriel', consent: '' }),
    );
    expect(sent.status).toBe(422);
    expect(sent.text).toContain('<title>Erreur : Signer la pétition — Passerelle</title>');
    expect(sent.text).toContain('class="error-summary"');
    expect(sent.text).toContain('Votre nom ne peut pas commencer par =, +, - ou @.');
    expect(sent.text).toContain('Écrivez un code postal canadien');
    expect(sent.text).toContain('Écrivez un courriel valide');
    expect(sent.text).toContain('Cochez la case pour signer la pétition.');
    expect(sent.text).toContain('aria-describedby="signer-name-aide signer-name-erreur"');
    expect(sent.text).toContain('value="=HYPERLINK(&quot;x&quot;)"');
    expect(sent.text).toContain('value="pas-un-courriel"');
  });

  it('escapes markup it shows back, and never echoes the honeypot', async () => {
    const sent = await postForm(
      app.baseUrl,
      signPath(petition.slug),
      validSignature({ name: '<script>alert(1)</script>', postalCode: '"><img src=x>', website: 'secret-bot-value' }),
    );
    expect(sent.status).toBe(422);
    expect(sent.text).not.toContain('<script>alert');
    expect(sent.text).not.toContain('<img src=x>');
    expect(sent.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(sent.text).not.toContain('secret-bot-value');
  });

  it('rejects web addresses in names and asks for a way to confirm', async () => {
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ name: 'Voir www.spam.ca', email: '' }));
    expect(sent.status).toBe(422);
    expect(sent.text).toContain('Votre nom ne peut pas contenir d’adresse Web.');
    expect(sent.text).toContain('Donnez un courriel ou un numéro de cellulaire.');
  });
});

describe('refusals are clear pages', () => {
  it('refuses closed, not yet open and unknown petitions', async () => {
    const closed = await publishedPetition(strapi, 'closed');
    const early = await publishedPetition(strapi, 'notYetOpen');
    for (const slug of [closed.slug, early.slug]) {
      const sent = await postForm(app.baseUrl, signPath(slug), validSignature());
      expect(sent.status).toBe(409);
      expect(sent.text).toContain('Cette pétition est fermée');
    }
    const unknown = await postForm(app.baseUrl, signPath('nexiste-pas'), validSignature());
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Pétition introuvable');
    expect(await strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: closed.documentId } })).toBe(0);
  });

  it('answers 415 to JSON or multipart, 413 past 16 KB, 405 to GET on a form action', async () => {
    const json = await postForm(app.baseUrl, signPath(petition.slug), JSON.stringify(validSignature()), { contentType: 'application/json' });
    expect(json.status).toBe(415);
    expect(json.text).toContain('Envoi non accepté');
    const big = await postForm(app.baseUrl, signPath(petition.slug), { ...validSignature(), name: 'a'.repeat(17 * 1024) });
    expect(big.status).toBe(413);
    expect(big.text).toContain('Envoi trop long');
    expect((await getPage(app.baseUrl, signPath(petition.slug))).status).toBe(405);
    expect((await getPage(app.baseUrl, '/participer/nimporte-quoi')).status).toBe(404);
  });
});

describe('count and dev outbox', () => {
  it('serves the count as small cacheable JSON', async () => {
    const response = await fetch(`${app.baseUrl}/participer/petitions/${petition.slug}/compte.json`);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = await response.json();
    expect(body.paper).toBe(12);
    expect(body.total).toBe(body.confirmed + 12);
    expect((await fetch(`${app.baseUrl}/participer/petitions/nope/compte.json`)).status).toBe(404);
  });

  it('lists sent messages on the dev outbox page', async () => {
    const page = await getPage(app.baseUrl, '/participer/dev/outbox');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Boîte d’envoi');
    expect(page.text).toContain('/participer/petitions/confirmer?jeton=');
  });
});

describe('counts for the site build', () => {
  it('gives every published petition its count in one answer, equal to each petition\'s own', async () => {
    const response = await fetch(`${app.baseUrl}/participer/petitions/comptes.json`);
    expect(response.status).toBe(200);
    const all = (await response.json()) as Record<string, { confirmed: number; paper: number; total: number }>;
    expect(all[petition.slug]).toEqual(await count());
    expect(all[petition.slug]!.confirmed).toBeGreaterThan(0);
    for (const c of Object.values(all)) expect(c.total).toBe(c.confirmed + c.paper);
    const other = await publishedPetition(strapi, 'open', { paperSignatures: 3 });
    const again = (await (await fetch(`${app.baseUrl}/participer/petitions/comptes.json`)).json()) as typeof all;
    expect(again[other.slug]).toEqual({ confirmed: 0, paper: 3, total: 3 });
  });
});

describe('landing pages', () => {
  it('exist only for published petitions: unknown, malformed or draft-only slugs get the write path’s 404', async () => {
    const draft = await strapi.documents('api::petition.petition').create({ locale: 'fr', data: aValidDocument('api::petition.petition') });
    for (const slug of ['inconnue-9999', 'PAS_UN_SLUG', String(draft.slug)]) {
      const page = await getPage(app.baseUrl, `/participer/petitions/${slug}/merci?locale=fr`);
      expect(page.status, slug).toBe(404);
      expect(page.text).toContain('<h1>Page introuvable</h1>');
    }
    const english = await getPage(app.baseUrl, `/participer/petitions/${petition.slug}/confirmee?locale=en`);
    expect(english.status).toBe(200);
    expect(english.text).toContain('<h1>Thank you, your signature is confirmed</h1>');
    expect(english.text).toMatch(/<p>The petition now has \d+ signatures?, online and on paper\.<\/p>/);
    // One signature in all: the singular.
    const first = await publishedPetition(strapi, 'open', { paperSignatures: 0 });
    const email = `premiere.${Date.now()}@exemple.ca`;
    await postForm(app.baseUrl, signPath(first.slug), validSignature({ email }));
    const confirmedFirst = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: tokenFrom(lastMessageTo(outbox, email)), locale: 'fr' });
    expect((await getLanding(app.baseUrl, confirmedFirst.location)).text).toContain('<p>La pétition compte maintenant 1 signature, en ligne et sur papier.</p>');
    expect((await getPage(app.baseUrl, '/participer/petitions/inconnue-9999/merci?locale=en')).text).toContain('<h1>Page not found</h1>');
    expect((await postForm(app.baseUrl, `/participer/petitions/${petition.slug}/merci`, {})).status).toBe(405);
  });
});
