import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshIp, getLanding, postForm, publishedPetition, tokenFrom } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { codePath, lastCodeTo, masked, messagesTo, newEmail, newPhone, petitionTestEnvironment, refOf, sign } from './petition-support.ts';

/**
 * Whatever the database already knows about the email or phone typed — nothing, a pending
 * signature, a confirmed one, a signature already re-sent to its limit — and whether the
 * submission was held as suspect, the person (or a robot probing addresses) gets byte for byte the
 * same answer: status, where it points, and the page it lands on, the random ref aside.
 */
petitionTestEnvironment();
let app: StartedStrapi;
let strapi: Strapi;
let petition: { documentId: string; slug: string; title: string };
const outbox = process.env.DEV_OUTBOX_FILE!;

type Typed = { email: string; phone: string };
type Shape = 'email' | 'phone' | 'both';

const fresh = (shape: Shape): Typed => ({
  email: shape === 'phone' ? '' : newEmail('uniforme'),
  phone: shape === 'email' ? '' : newPhone(),
});

/** Status, Location and landing page of one submission, its ref masked. */
async function answerTo(typed: Typed, extra: Record<string, string> = {}, ip?: string) {
  const sent = await sign(app.baseUrl, petition.slug, { ...typed, name: 'Personne Qui Signe', ...extra }, ip);
  const ref = sent.location?.includes('ref=') ? refOf(sent.location) : null;
  const landing = await getLanding(app.baseUrl, sent.location);
  return {
    status: sent.status,
    location: masked(sent.location, [ref]),
    body: masked(sent.text, [ref]),
    landing: { status: landing.status, cacheControl: landing.cacheControl, text: masked(landing.text, [ref]) },
  };
}

/** Someone signs with these contacts first, from their own address. */
async function signedBefore(typed: Typed, confirm: boolean) {
  const first = await sign(app.baseUrl, petition.slug, { ...typed, name: 'Première Personne' });
  if (!confirm) return;
  if (typed.email) {
    const confirmed = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: tokenFrom(messagesTo(outbox, typed.email)[0]), locale: 'fr' });
    expect(confirmed.status).toBe(303);
  } else {
    const confirmed = await postForm(app.baseUrl, codePath, { ref: refOf(first.location), code: lastCodeTo(outbox, typed.phone), locale: 'fr' });
    expect(confirmed.status).toBe(303);
  }
}

const scenarios: Record<string, (shape: Shape) => Promise<Awaited<ReturnType<typeof answerTo>>>> = {
  'new contacts': (shape) => answerTo(fresh(shape)),
  'known, pending': async (shape) => {
    const typed = fresh(shape);
    await signedBefore(typed, false);
    return answerTo(typed);
  },
  'known, confirmed': async (shape) => {
    const typed = fresh(shape);
    await signedBefore(typed, true);
    return answerTo(typed);
  },
  'known, with the other contact on file too': async (shape) => {
    const onFile = { email: newEmail('fichier'), phone: newPhone() };
    await signedBefore(onFile, false);
    const typed = fresh(shape);
    if (shape !== 'phone') typed.email = onFile.email;
    else typed.phone = onFile.phone;
    return answerTo(typed);
  },
  'known, re-sent past its daily limit': async (shape) => {
    const typed = fresh(shape);
    await signedBefore(typed, false);
    for (let i = 0; i < 3; i++) await sign(app.baseUrl, petition.slug, typed);
    return answerTo(typed);
  },
  'held as suspect by the address’s rate limit': async (shape) => {
    const ip = freshIp();
    await sign(app.baseUrl, petition.slug, fresh('email'), ip);
    return answerTo(fresh(shape), {}, ip);
  },
  'held as suspect by the honeypot': (shape) => answerTo(fresh(shape), { website: 'https://spam.example' }),
};

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  petition = await publishedPetition(strapi, 'open');
});

afterAll(async () => {
  await app?.stop();
});

describe.each(['email', 'phone', 'both'] as const)('typed: %s', (shape) => {
  it('gets the same answer and the same page in every case', async () => {
    const answers: Record<string, Awaited<ReturnType<typeof answerTo>>> = {};
    for (const [name, run] of Object.entries(scenarios)) answers[name] = await run(shape);
    const reference = answers['new contacts']!;
    expect(reference.status).toBe(303);
    expect(reference.landing.status).toBe(200);
    expect(reference.location).toBe(
      shape === 'email'
        ? `/participer/petitions/${petition.slug}/merci?locale=fr`
        : `/participer/petitions/code?ref=REF&locale=fr${shape === 'both' ? '&courriel=1' : ''}`,
    );
    for (const [name, answer] of Object.entries(answers)) expect({ name, ...answer }).toEqual({ name, ...reference });
  });
});
