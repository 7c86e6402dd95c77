import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshIp, getPage, postForm, publishedPetition } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { codePath, lastCodeTo, masked, newEmail, newPhone, petitionTestEnvironment, refOf, sign, wrongCodeFor } from './petition-support.ts';

/**
 * The code page must not tell a robot that its submission was held back: a ref from a suspect
 * submission, from a real new signature, or from a known phone (pending or confirmed) answers
 * every wrong code the same way — status and page — through the lock-out and beyond.
 */
const outbox = petitionTestEnvironment();
let app: StartedStrapi;
let strapi: Strapi;
let petition: { documentId: string; slug: string; title: string };

type Answer = { status: number; location: string | null; text: string };

/** Seven wrong codes on one ref, each answer with the ref masked. */
async function wrongCodesOn(location: string | null, phone: string, withEmailFlag = false): Promise<Answer[]> {
  const ref = refOf(location);
  const flag = new URL(location!, 'http://x').searchParams.get('courriel');
  expect(Boolean(flag)).toBe(withEmailFlag);
  const answers: Answer[] = [];
  for (let i = 0; i < 7; i++) {
    const fields: Record<string, string> = { ref, code: wrongCodeFor(outbox, phone), locale: 'fr', ...(flag ? { courriel: flag } : {}) };
    const answer = await postForm(app.baseUrl, codePath, fields);
    answers.push({ status: answer.status, location: answer.location, text: masked(answer.text, [ref]) });
  }
  return answers;
}

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  petition = await publishedPetition(strapi, 'open');
});

afterAll(async () => {
  await app?.stop();
});

describe('wrong codes get the same answers for every kind of ref', () => {
  it('answers a suspect ref exactly like a real one, through the lock-out', async () => {
    const realPhone = newPhone();
    const real = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: '', phone: realPhone })).location, realPhone);
    expect(real.map((a) => a.status)).toEqual([422, 422, 422, 422, 429, 429, 429]);
    expect(real[0]!.text).toContain('Ce code ne correspond pas');

    const ip = freshIp();
    await sign(app.baseUrl, petition.slug, { email: newEmail('devant') }, ip);
    const throttledPhone = newPhone();
    const throttled = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: '', phone: throttledPhone }, ip)).location, throttledPhone);
    expect(throttled).toEqual(real);

    const botPhone = newPhone();
    const bot = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: '', phone: botPhone, website: 'x' })).location, botPhone);
    expect(bot).toEqual(real);
  });

  it('answers refs for a known phone, pending or confirmed, exactly like a new one', async () => {
    const newOne = newPhone();
    const reference = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: '', phone: newOne })).location, newOne);

    // The owner already spent two guesses on their own page: a stranger's page does not show it.
    const pending = newPhone();
    const own = await sign(app.baseUrl, petition.slug, { email: '', phone: pending });
    for (let i = 0; i < 2; i++) await postForm(app.baseUrl, codePath, { ref: refOf(own.location), code: wrongCodeFor(outbox, pending), locale: 'fr' });
    expect(await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: '', phone: pending })).location, pending)).toEqual(reference);

    const confirmed = newPhone();
    const first = await sign(app.baseUrl, petition.slug, { email: '', phone: confirmed });
    expect((await postForm(app.baseUrl, codePath, { ref: refOf(first.location), code: lastCodeTo(outbox, confirmed), locale: 'fr' })).status).toBe(303);
    expect(await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: '', phone: confirmed })).location, confirmed)).toEqual(reference);
  });

  it('answers the same way when an email was typed too, suspect or not', async () => {
    const realPhone = newPhone();
    const real = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: newEmail('deux'), phone: realPhone })).location, realPhone, true);
    const botPhone = newPhone();
    const bot = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: newEmail('robot'), phone: botPhone, website: 'x' })).location, botPhone, true);
    expect(bot).toEqual(real);
  });
});

describe('the locked-out page says what the person can still do', () => {
  it('points to the email link when an email was typed, and to the organizers always', async () => {
    const phone = newPhone();
    const withEmail = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: newEmail('bloque'), phone })).location, phone, true);
    const locked = withEmail[4]!;
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('<h1>Trop d’essais</h1>');
    expect(locked.text).toContain('le lien de notre courriel');
    expect(locked.text).toContain('l’organisme qui porte la pétition');
    expect(locked.text).toContain(`<a href="/petitions/${petition.slug}/">Retour à la pétition</a>`);
    expect(locked.text).not.toContain('Signez de nouveau');

    const phoneOnly = newPhone();
    const withoutEmail = await wrongCodesOn((await sign(app.baseUrl, petition.slug, { email: '', phone: phoneOnly })).location, phoneOnly);
    expect(withoutEmail[4]!.text).not.toContain('le lien de notre courriel');
    expect(withoutEmail[4]!.text).toContain('l’organisme qui porte la pétition');
  });

  it('shows the same code page for any well-formed ref, known or not', async () => {
    const phone = newPhone();
    const sent = await sign(app.baseUrl, petition.slug, { email: '', phone });
    const ref = refOf(sent.location);
    const known = await getPage(app.baseUrl, sent.location!);
    const unknown = await getPage(app.baseUrl, `${codePath}?ref=${'A'.repeat(24)}&locale=fr`);
    expect(known.status).toBe(200);
    expect(masked(unknown.text, ['A'.repeat(24)])).toBe(masked(known.text, [ref]));
  });
});
