import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshIp,
  getPage,
  outboxMessages,
  postForm,
  publishedEventWithForm,
  rsvpPath,
  tokenFrom,
  useTestOutbox,
  validRsvp,
} from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * An attacker who wants an event's seats: repeating a registration, racing it with itself, sending
 * many from one address, or asking for a crowd in one request. Every write answers before its
 * messages are sent (the handler awaits them), so "nothing was sent" is checked right after the
 * answer, without waiting.
 */
Object.assign(process.env, {
  NODE_ENV: 'test',
  PUBLIC_SITE_URL: 'http://127.0.0.1:4321',
  PETITION_RATE_SHORT_MAX: '1',
  PETITION_RATE_SHORT_SECONDS: '60',
  PETITION_RATE_LONG_MAX: '5',
  PETITION_RATE_LONG_SECONDS: '300',
});
delete process.env.SMTP_HOST;
const outbox = useTestOutbox();

let app: StartedStrapi;
let strapi: Strapi;

const registrations = async (eventDocumentId: string) =>
  (await strapi.db.query('api::participation.registration').findMany({ where: { eventDocumentId }, orderBy: { id: 'asc' } })) as Array<Record<string, any>>;
const holding = async (eventDocumentId: string) =>
  (await registrations(eventDocumentId)).filter((r) => r.registrationStatus === 'confirmed' || r.registrationStatus === 'waitlisted');
const taken = async (eventDocumentId: string) =>
  Number((await strapi.db.query('api::participation.event-seat-pool').findOne({ where: { eventDocumentId } }))?.taken ?? 0);
const messagesTo = (to: string) => outboxMessages(outbox).filter((m) => m.to === to);
const unique = (name: string) => `${name}.${randomBytes(4).toString('hex')}@exemple.ca`;
/** A fictional 514-555-01xx number nobody else in this file uses. */
let phoneCounter = 10;
const uniquePhone = () => ({ typed: `514 555-01${String(phoneCounter).padStart(2, '0')}`, e164: `+151455501${String(phoneCounter++).padStart(2, '0')}` });

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe('one registration per person and event', () => {
  it('takes the seats once when the same email is sent twice from one address within a second', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const ip = freshIp();
    const email = unique('double');
    const answers = await Promise.all([
      postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email, people: '4' }), { ip }),
      postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: email.toUpperCase(), people: '4' }), { ip }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect(await holding(event.documentId)).toHaveLength(1);
    expect(await taken(event.documentId)).toBe(4);
  });

  it('treats another spelling of the same email as the same person, from another address', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const first = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ name: 'Jean Gagnon', email: 'jean.gagnon@gmail.com', people: '2' }));
    const again = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ name: 'Quelqu’un d’autre', email: 'Jean.Gagnon+fete@GMAIL.com', people: '4' }));
    expect(first.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=fr`);
    expect(again.location).toBe(first.location);
    const [only, ...none] = await holding(event.documentId);
    expect(none).toEqual([]);
    // A stranger who types someone's email changes nothing in their registration.
    expect(only).toMatchObject({ name: 'Jean Gagnon', email: 'jean.gagnon@gmail.com', people: 2, registrationStatus: 'confirmed' });
    expect(await taken(event.documentId)).toBe(2);
  });

  it('treats the same phone, typed another way, as the same person', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const phone = uniquePhone();
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: phone.typed, people: '3' }));
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: `(${phone.typed.slice(0, 3)}) ${phone.typed.slice(4).replace('-', '.')}`, people: '3' }));
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: unique('autre'), phone: `1-${phone.typed.replace(' ', '-')}`, people: '3' }));
    expect(await holding(event.documentId)).toHaveLength(1);
    expect(await taken(event.documentId)).toBe(3);
  });

  it('holds one registration when ten identical requests race from ten addresses', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const fields = validRsvp({ email: unique('course'), people: '4' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => postForm(app.baseUrl, rsvpPath(event.slug), fields)));
    expect(answers.every((a) => a.status === 303 && a.location === `/participer/evenements/${event.slug}/inscrit?locale=fr`)).toBe(true);
    expect(await holding(event.documentId)).toHaveLength(1);
    expect(await taken(event.documentId)).toBe(4);
  });

  it('re-sends only to the contact on file, the same cancel link, at most 3 times a day', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const owner = unique('titulaire');
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ name: 'Karim Haddad', email: owner, people: '2' }));
    const [confirmation] = messagesTo(owner);
    const link = tokenFrom(confirmation);

    const intruder = uniquePhone();
    for (let i = 0; i < 5; i++) {
      const answer = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ name: 'Intrus', email: owner.toUpperCase(), phone: intruder.typed, people: '4' }));
      expect(answer.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=fr`);
    }
    expect(messagesTo(intruder.e164)).toEqual([]);
    const resent = messagesTo(owner).slice(1);
    expect(resent).toHaveLength(3);
    for (const message of resent) {
      expect(message.text).toContain('Karim Haddad');
      expect(message.text).toContain('Nombre de personnes : 2');
      expect(message.text).not.toContain('Intrus');
      expect(tokenFrom(message)).toBe(link);
    }
    const [row] = await holding(event.documentId);
    expect(row).toMatchObject({ name: 'Karim Haddad', email: owner, phone: null, people: 2 });
    expect(await taken(event.documentId)).toBe(2);
    // The link the person got first still cancels.
    expect((await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: link, locale: 'fr' })).status).toBe(303);
    expect(await taken(event.documentId)).toBe(0);
  });

  it('gives a registration its re-sends back 24 hours after the first one', async () => {
    const { findEvent } = await import('../../cms/src/participation/events/event-lookup.ts');
    const { registerForEvent } = await import('../../cms/src/participation/events/registrations.ts');
    const { parseRsvp } = await import('../../shared/src/participation/rsvp.ts');
    const event = await publishedEventWithForm(strapi, 12);
    const target = (await findEvent(strapi, event.slug, 'fr'))!;
    const parsed = parseRsvp(validRsvp({ email: unique('patiente') }));
    if (!parsed.ok) throw new Error('invalid test registration');
    const at = Date.now();
    const repeat = (now: number) => registerForEvent(strapi, target, parsed.value, randomBytes(8).toString('hex'), now);
    expect(await repeat(at)).toMatchObject({ kind: 'new' });
    const sameDay = [await repeat(at + 1), await repeat(at + 2), await repeat(at + 3), await repeat(at + 86_399_000)];
    expect(sameDay.map((o) => o.kind === 'repeat' && o.resend !== null)).toEqual([true, true, true, false]);
    const nextDay = await repeat(at + 1 + 86_400_000);
    expect(nextDay).toMatchObject({ kind: 'repeat', resend: { people: 1, status: 'confirmed' } });
    expect(await taken(event.documentId)).toBe(1);
  });

  it('lets the person register again once they cancelled', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const email = unique('revient');
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email, people: '2' }));
    await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: tokenFrom(messagesTo(email)[0]), locale: 'fr' });
    expect(await taken(event.documentId)).toBe(0);
    const again = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email, people: '3' }));
    expect(again.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=fr`);
    expect((await holding(event.documentId)).map((r) => r.people)).toEqual([3]);
    expect(await taken(event.documentId)).toBe(3);
  });

  it('lets the person register again once their data was erased', async () => {
    const { deletePersonData } = await import('../../cms/src/participation/person-data.ts');
    const event = await publishedEventWithForm(strapi, 12);
    const phone = uniquePhone();
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: phone.typed, people: '2' }));
    await deletePersonData(strapi, phone.e164);
    expect(await taken(event.documentId)).toBe(0);
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: phone.typed, people: '1' }));
    expect((await holding(event.documentId)).map((r) => r.people)).toEqual([1]);
    expect(await taken(event.documentId)).toBe(1);
  });
});

describe('per-address limits', () => {
  it('stores the second registration from one address within a minute as suspect: no seat, no message, the usual page', async () => {
    const event = await publishedEventWithForm(strapi, 6);
    const ip = freshIp();
    const first = unique('premiere');
    const second = unique('seconde');
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: first, people: '4' }), { ip });
    const answer = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: second, people: '2' }), { ip });
    expect(answer.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=fr`);
    expect(messagesTo(second)).toEqual([]);
    expect(await taken(event.documentId)).toBe(4);
    const rows = await registrations(event.documentId);
    expect(rows.find((r) => r.email === second)).toMatchObject({ registrationStatus: 'suspect', suspectReason: 'rate-limit' });
    // A new registrant sent three people would get the waiting list now: so does the suspect one.
    const third = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: unique('troisieme'), people: '3' }), { ip });
    expect(third.location).toBe(`/participer/evenements/${event.slug}/liste-attente?locale=fr`);
    expect(await taken(event.documentId)).toBe(4);
  });

  it('counts repeated registrations of a known person against the address too', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const owner = unique('connue');
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: owner }));
    const ip = freshIp();
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: owner }), { ip });
    // Right after a repeat, the same address gets no seat for someone new either.
    const next = unique('apres');
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: next }), { ip });
    expect(messagesTo(next)).toEqual([]);
    expect((await registrations(event.documentId)).find((r) => r.email === next)?.registrationStatus).toBe('suspect');
    expect(await taken(event.documentId)).toBe(1);
  });
});

describe('seats per registration', () => {
  it('refuses more than 4 people by default with the form again, values kept (422), and stores nothing', async () => {
    const event = await publishedEventWithForm(strapi, 50);
    const email = unique('groupe');
    const answer = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ name: 'Nadia Roy', email, people: '10' }));
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Pour cet événement, une inscription compte au plus 4 personnes.');
    expect(answer.text).toContain('value="Nadia Roy"');
    expect(answer.text).toContain(`value="${email}"`);
    expect(answer.text).toMatch(/<input[^>]*name="people"[^>]*value="10"|<input[^>]*value="10"[^>]*name="people"/);
    expect(answer.text).toMatch(/<input[^>]*name="people"[^>]*max="4"/);
    expect(await registrations(event.documentId)).toEqual([]);
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '100000000000' }))).status).toBe(422);
  });

  it('applies the number an organizer set for the event', async () => {
    const event = await publishedEventWithForm(strapi, 50, { maxSeatsPerRegistration: 2 });
    const refused = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '3' }));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Pour cet événement, une inscription compte au plus 2 personnes.');
    expect(refused.text).toMatch(/<input[^>]*name="people"[^>]*max="2"/);
    const english = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '3', locale: 'en' }));
    expect(english.text).toContain('For this event, one registration counts at most 2 people.');
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '2' }))).status).toBe(303);
    expect(await taken(event.documentId)).toBe(2);
  });

  it('does not let an organizer set it outside 1 to 20', async () => {
    for (const value of [0, 21]) {
      await expect(publishedEventWithForm(strapi, 50, { maxSeatsPerRegistration: value })).rejects.toThrow(/maxSeatsPerRegistration/);
    }
  });
});

describe('what the cancel page shows', () => {
  it('shows the event, never the contact on file', async () => {
    const event = await publishedEventWithForm(strapi, 12);
    const email = unique('annulation');
    await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email }));
    const page = await getPage(app.baseUrl, `/participer/evenements/annuler?jeton=${tokenFrom(messagesTo(email)[0])}&locale=fr`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(event.title);
    expect(page.text).not.toContain(email);
  });
});
