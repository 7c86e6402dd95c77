import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getLanding,
  getPage,
  lastMessageTo,
  postForm,
  publishedEventWithForm,
  rsvpPath,
  tokenFrom,
  useTestOutbox,
  validRsvp,
} from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * RSVP for events registered by form: capacity is exact under concurrency (100 people at once for
 * 20 seats → 20 confirmed, 80 on the waiting list), cancelling frees the seats, the confirmation
 * carries the .ics. Runs on SQLite and on PostgreSQL (scripts/test.sh).
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const registrations = (eventDocumentId: string, where: Record<string, unknown> = {}) =>
  strapi.db.query('api::participation.registration').findMany({ where: { eventDocumentId, ...where } });
const taken = async (eventDocumentId: string) =>
  Number((await strapi.db.query('api::participation.event-seat-pool').findOne({ where: { eventDocumentId } }))?.taken ?? 0);

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe('capacity under concurrency', () => {
  it('gives exactly 20 seats to 100 simultaneous requests, and the waiting list to the rest', async () => {
    const event = await publishedEventWithForm(strapi, 20);
    const answers = await Promise.all(Array.from({ length: 100 }, () => postForm(app.baseUrl, rsvpPath(event.slug), validRsvp())));
    expect(answers.every((a) => a.status === 303)).toBe(true);
    expect(answers.filter((a) => a.location === `/participer/evenements/${event.slug}/inscrit?locale=fr`)).toHaveLength(20);
    expect(answers.filter((a) => a.location === `/participer/evenements/${event.slug}/liste-attente?locale=fr`)).toHaveLength(80);
    const waitlisted = await getLanding(app.baseUrl, `/participer/evenements/${event.slug}/liste-attente?locale=fr`);
    expect(waitlisted.text).toContain(`<h1>Vous êtes sur la liste d’attente</h1><p class="lead">${event.title}</p>`);
    expect(await registrations(event.documentId, { registrationStatus: 'confirmed' })).toHaveLength(20);
    expect(await registrations(event.documentId, { registrationStatus: 'waitlisted' })).toHaveLength(80);
    expect(await taken(event.documentId)).toBe(20);
  });

  it('counts people, not requests: a group of 3 does not fit in 2 seats', async () => {
    const event = await publishedEventWithForm(strapi, 4);
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '2' }))).location).toContain('/inscrit?');
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '3' }))).location).toContain('/liste-attente?');
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '2' }))).location).toContain('/inscrit?');
    expect(await taken(event.documentId)).toBe(4);
  });
});

describe('confirmation and cancelling', () => {
  it('sends the .ics, and the cancel link frees the seat (GET shows a button, POST cancels)', async () => {
    const event = await publishedEventWithForm(strapi, 1);
    const email = `annule-${Date.now()}@exemple.ca`;
    const first = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email, people: '1', accessibilityNeeds: '<b>rampe</b> svp' }));
    expect(first.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=fr`);
    const landing = await getLanding(app.baseUrl, first.location);
    expect(landing.status).toBe(200);
    expect(landing.cacheControl).toBe('no-store');
    expect(landing.text).toContain(`<h1>Vous êtes inscrit·e</h1><p class="lead">${event.title}</p>`);
    expect(landing.text).toContain(`<a href="/evenements/${event.slug}/">Retour à l’événement</a>`);
    // The calendar file from the page too: someone who gave only a phone gets no attachment.
    expect(landing.text).toContain(`<a href="/evenements/${event.slug}.ics">Ajouter l’événement à mon agenda (.ics)</a>`);
    const message = lastMessageTo(outbox, email)!;
    expect(message.subject).toBe(`Inscription : ${event.title}`);
    expect(message.attachments?.[0]).toMatchObject({ filename: `${event.slug}.ics`, contentType: 'text/calendar; charset=utf-8' });
    expect(message.attachments?.[0]?.content).toContain('BEGIN:VEVENT');
    const [row] = await registrations(event.documentId, { email });
    expect(row.accessibilityNeeds).toBe('<b>rampe</b> svp');

    const waitingEmail = `attente-${Date.now()}@exemple.ca`;
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: waitingEmail }))).location).toContain('/liste-attente?');

    const token = tokenFrom(message);
    const page = await getPage(app.baseUrl, `/participer/evenements/annuler?jeton=${token}&locale=fr`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Annuler mon inscription');
    expect(await taken(event.documentId)).toBe(1);

    const cancelled = await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: token, locale: 'fr' });
    expect(cancelled.status).toBe(303);
    expect((await getPage(app.baseUrl, cancelled.location!)).text).toContain('Inscription annulée');
    // The freed seat goes to the waiting list at once, with a confirmation (and a new cancel link).
    expect(await taken(event.documentId)).toBe(1);
    const [promoted] = await registrations(event.documentId, { email: waitingEmail });
    expect(promoted.registrationStatus).toBe('confirmed');
    const promotedMessage = lastMessageTo(outbox, waitingEmail)!;
    expect(promotedMessage.text).toContain('Une place s’est libérée : votre inscription est confirmée.');
    expect(promotedMessage.attachments?.[0]?.filename).toBe(`${event.slug}.ics`);
    // Twice is harmless, and does not free a seat again.
    expect((await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: token })).status).toBe(303);
    expect(await taken(event.documentId)).toBe(1);

    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp())).location).toContain('/liste-attente?');
    // The promoted person's new link cancels their seat.
    expect((await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: tokenFrom(promotedMessage), locale: 'fr' })).status).toBe(303);
    expect((await registrations(event.documentId, { email: waitingEmail }))[0].registrationStatus).toBe('cancelled');
  });

  it('gives freed seats to whoever fits on the waiting list, in order', async () => {
    const event = await publishedEventWithForm(strapi, 2);
    const first = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: `a-${Date.now()}@exemple.ca`, people: '2' }));
    expect(first.location).toContain('/inscrit?');
    const group = `groupe-${Date.now()}@exemple.ca`;
    const single = `seul-${Date.now()}@exemple.ca`;
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: group, people: '3' }))).location).toContain('/liste-attente?');
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: single, people: '1' }))).location).toContain('/liste-attente?');
    const [holder] = await registrations(event.documentId, { people: 2, registrationStatus: 'confirmed' });
    const holderToken = tokenFrom(lastMessageTo(outbox, holder.email));
    await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: holderToken, locale: 'fr' });
    // Two seats free: the group of 3 does not fit and stays waiting; the single person behind gets one.
    expect((await registrations(event.documentId, { email: group }))[0].registrationStatus).toBe('waitlisted');
    expect((await registrations(event.documentId, { email: single }))[0].registrationStatus).toBe('confirmed');
    expect(await taken(event.documentId)).toBe(1);
  });

  it('texts the confirmation to a phone', async () => {
    const event = await publishedEventWithForm(strapi, null);
    const sent = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: '819 555 0101', locale: 'en' }));
    expect(sent.location).toBe(`/participer/evenements/${event.slug}/inscrit?locale=en`);
    const english = (await getLanding(app.baseUrl, sent.location)).text;
    expect(english).toContain(`<h1>You are registered</h1><p class="lead">EN ${event.title}</p>`);
    expect(english).toContain(`<a href="/en/events/${event.slug}.ics">Add the event to my calendar (.ics)</a>`);
    expect(lastMessageTo(outbox, '+18195550101')?.text).toMatch(/To cancel: http/);
  });
});

describe('refusals', () => {
  it('re-shows the form with errors, and refuses events without online registration', async () => {
    const event = await publishedEventWithForm(strapi, 10);
    const invalid = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ people: '0', email: '', accessibilityNeeds: 'x'.repeat(600) }));
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain('Écrivez un nombre de 1 à 4.');
    expect(invalid.text).toContain('Donnez un courriel ou un numéro de téléphone.');
    expect(invalid.text).toContain('Écrivez 500 caractères ou moins.');
    const byPhone = await publishedEventWithForm(strapi, 10, { registrationMode: 'phone' });
    expect((await postForm(app.baseUrl, rsvpPath(byPhone.slug), validRsvp())).status).toBe(409);
    expect((await postForm(app.baseUrl, rsvpPath('inconnu'), validRsvp())).status).toBe(404);
    expect(await registrations(event.documentId)).toHaveLength(0);
  });
});
