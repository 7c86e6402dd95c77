import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getPage,
  interestPath,
  outboxMessages,
  postForm,
  proposePath,
  publishedCall,
  publishedEventWithForm,
  rsvpPath,
  useTestOutbox,
  validInterest,
  validProposal,
  validRsvp,
} from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Someone types a neighbour's email or phone into a registration, an "I'm interested" or an activity
 * proposal, to learn whether that person took part or to read their other contact details. The
 * answer (status, Location, the page it leads to, random tokens masked) must be the one a new
 * person gets, messages go only to contacts already on file, and no page shows a stored email or
 * phone the request did not carry. Messages are sent before the answer (the handlers await them),
 * so "nothing was sent" is checked right after it.
 */
Object.assign(process.env, {
  NODE_ENV: 'test',
  PUBLIC_SITE_URL: 'http://127.0.0.1:4321',
  PETITION_RATE_SHORT_MAX: '1',
  PETITION_RATE_SHORT_SECONDS: '60',
  PETITION_RATE_LONG_MAX: '5',
  PETITION_RATE_LONG_SECONDS: '300',
  PROPOSALS_NOTIFY_EMAIL: 'equipe-oc@passerelle.test',
});
delete process.env.SMTP_HOST;
const outbox = useTestOutbox();

let app: StartedStrapi;
let strapi: Strapi;

const unique = (name: string) => `${name}.${randomBytes(4).toString('hex')}@exemple.ca`;
let phoneCounter = 40;
const uniquePhone = () => ({ typed: `514 555-01${String(phoneCounter).padStart(2, '0')}`, national: `51455501${String(phoneCounter++).padStart(2, '0')}` });

/** Link tokens and code references are random per answer: masked before comparing two answers. */
const masked = (text: string) => text.replace(/((?:jeton|ref)=)[A-Za-z0-9_-]+/g, '$1…').replace(/(name="(?:jeton|ref)" value=")[^"]*/g, '$1…');

interface Answer {
  status: number;
  location: string | null;
  body: string;
  /** The page the 303 leads to, when the CMS renders it (the proposal's is a static site page). */
  landing: { status: number; text: string } | null;
}

async function answer(path: string, fields: Record<string, string>): Promise<Answer> {
  const posted = await postForm(app.baseUrl, path, fields);
  const landing = posted.location?.startsWith('/participer/') ? await getPage(app.baseUrl, posted.location) : null;
  return {
    status: posted.status,
    location: posted.location && masked(posted.location),
    body: masked(posted.text),
    landing: landing && { status: landing.status, text: masked(landing.text) },
  };
}

const sentSince = (count: number) => outboxMessages(outbox).slice(count);

/** Digits only, so "514 555-0123", "(514) 555.0123" and "+1 514…" are all found. */
const digitsOf = (text: string) => text.replace(/[\s\u00a0\u202f().+-]/g, '');

/** A stored contact the request did not carry appears nowhere in the answer or its page. */
function expectNoStoredContact(seen: Answer, stored: { email: string; phoneNational: string }, typed: Record<string, string>) {
  const texts = [seen.location ?? '', seen.body, seen.landing?.text ?? ''];
  const typedEmail = (typed.email ?? '').toLowerCase();
  const typedPhone = digitsOf(typed.phone ?? '');
  for (const text of texts) {
    if (!typedEmail.includes(stored.email.toLowerCase())) expect(text.toLowerCase()).not.toContain(stored.email.toLowerCase());
    if (!typedPhone.endsWith(stored.phoneNational)) expect(digitsOf(text)).not.toContain(stored.phoneNational);
  }
}

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe('event registration', () => {
  it('answers a known contact exactly as a new one, while seats are free and once the event is full', async () => {
    const event = await publishedEventWithForm(strapi, 3);
    const knownEmail = unique('karim');
    const knownPhone = uniquePhone();
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ name: 'Karim Connu', email: knownEmail, phone: knownPhone.typed, people: '2' }));
    const stored = { email: knownEmail, phoneNational: knownPhone.national };

    // One seat left: the known contact and a new one both get "registered".
    const knownFields = validRsvp({ email: knownEmail.toUpperCase(), people: '1' });
    const known = await answer(rsvpPath(event.slug), knownFields);
    const fresh = await answer(rsvpPath(event.slug), validRsvp({ people: '1' }));
    expect(known).toEqual(fresh);
    expect(known.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=fr`);
    expectNoStoredContact(known, stored, knownFields);

    // Full now: both get the waiting list.
    const knownByPhone = validRsvp({ email: '', phone: `(${knownPhone.typed.slice(0, 3)}) ${knownPhone.typed.slice(4)}`, people: '1' });
    const knownFull = await answer(rsvpPath(event.slug), knownByPhone);
    const freshFull = await answer(rsvpPath(event.slug), validRsvp({ email: '', phone: uniquePhone().typed, people: '1' }));
    expect(knownFull).toEqual(freshFull);
    expect(knownFull.location).toBe(`/participer/evenements/${event.slug}/liste-attente?locale=fr`);
    expectNoStoredContact(knownFull, stored, knownByPhone);
  });

  it('sends nothing to a contact the request added to a known one, and shows neither stored detail', async () => {
    const event = await publishedEventWithForm(strapi, 10);
    const knownEmail = unique('nadia');
    const knownPhone = uniquePhone();
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ name: 'Nadia Connue', email: knownEmail, phone: knownPhone.typed }));
    const before = outboxMessages(outbox).length;

    const strangerEmail = unique('intrus');
    const fields = validRsvp({ name: 'Intrus', email: strangerEmail, phone: knownPhone.typed });
    const seen = await answer(rsvpPath(event.slug), fields);
    expect(seen.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=fr`);
    expectNoStoredContact(seen, { email: knownEmail, phoneNational: knownPhone.national }, fields);
    const sent = sentSince(before);
    expect(sent.map((m) => m.to).filter((to) => to !== knownEmail && to !== `+1${knownPhone.national}`)).toEqual([]);
    for (const message of sent) expect(message.text).not.toContain('Intrus');
  });
});

describe('"I’m interested"', () => {
  it('answers a known contact exactly as a new one, and writes only to the call’s contact', async () => {
    const call = await publishedCall(strapi);
    const knownEmail = unique('luc');
    const knownPhone = uniquePhone();
    await postForm(app.baseUrl, interestPath(call.slug), validInterest({ email: knownEmail, phone: knownPhone.typed }));
    const before = outboxMessages(outbox).length;

    const knownFields = validInterest({ email: knownEmail.toUpperCase(), phone: '' });
    const known = await answer(interestPath(call.slug), knownFields);
    const fresh = await answer(interestPath(call.slug), validInterest());
    expect(known).toEqual(fresh);
    expect(known.status).toBe(303);
    expectNoStoredContact(known, { email: knownEmail, phoneNational: knownPhone.national }, knownFields);
    const sent = sentSince(before);
    expect(sent.map((m) => m.to)).toEqual([call.contactEmail, call.contactEmail]);
    expect(digitsOf(sent[0]!.text)).not.toContain(knownPhone.national);
  });
});

describe('activity proposal', () => {
  it('answers a known contact exactly as a new one, and writes only to the team', async () => {
    const knownEmail = unique('fatima');
    const knownPhone = uniquePhone();
    await postForm(app.baseUrl, proposePath, validProposal({ email: knownEmail, phone: knownPhone.typed }));
    const before = outboxMessages(outbox).length;

    const knownFields = validProposal({ email: knownEmail.toUpperCase(), phone: '', title: 'Atelier de tricot' });
    const known = await answer(proposePath, knownFields);
    const fresh = await answer(proposePath, validProposal({ title: 'Atelier de tricot' }));
    expect(known).toEqual(fresh);
    expect(known).toMatchObject({ status: 303, location: '/proposer-une-activite/merci/' });
    expectNoStoredContact(known, { email: knownEmail, phoneNational: knownPhone.national }, knownFields);
    const sent = sentSince(before);
    expect(sent.map((m) => m.to)).toEqual(['equipe-oc@passerelle.test', 'equipe-oc@passerelle.test']);
    expect(digitsOf(sent[0]!.text)).not.toContain(knownPhone.national);
  });
});
