import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderHours, sendEventReminders } from '../../cms/src/participation/events/reminders.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { outboxMessages, outboxSettled, postForm, publishedEventWithForm, rsvpPath, useTestOutbox, validRsvp } from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * An OC cancels an event people registered for: ticks "cancelled", writes a short note, publishes.
 * Everyone registered — seated or waiting — is told once, by each channel they gave, in their
 * language; publishing again sends nothing more; the form and `OUI n` refuse the event in plain
 * words (never a 500, no row written); the day-before reminder skips it. Emails land in the dev
 * outbox, texts at the fake Twilio.
 */
const publicBase = 'https://www.exemple.ca';
const outboxFile = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let twilio: FakeTwilio;
let sms: SmsSimulator;

const hourMs = 3_600_000;
// In the GSM alphabet, as most short French notes are: the text then has room for all of it.
const noteFr = 'La salle est inondée. Nouvelle date à venir sur la page.';
const noteEn = 'The hall is flooded. New date soon on the page.';

const emailsTo = (address: string) => outboxMessages(outboxFile).filter((m) => m.channel === 'email' && m.to === address);
const textsTo = (phone: string) => twilio.received.filter((m) => m.to === phone).map((m) => m.body);
const cancelTextsTo = (phone: string) => textsTo(phone).filter((body) => /ANNULÉ|CANCELLED/.test(body));
const registrations = (eventDocumentId: string) => strapi.db.query('api::participation.registration').findMany({ where: { eventDocumentId } });
const cancellationRows = () => strapi.db.query('api::participation.outbound-message').findMany({ where: { messageKind: 'event-cancelled' } });

async function publishedNeighbourhood(name: string, fsas: string[]): Promise<string> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const slug = `${name.toLowerCase()}-${randomBytes(3).toString('hex')}`;
  const data = { name, slug, territory: 'Montréal', lat: 45.54, lng: -73.62, fsas };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return created.documentId as string;
}

/** What the OC does in the admin: tick "cancelled", a note in each language, publish. */
async function cancel(documentId: string, notes: { fr: string; en: string } = { fr: noteFr, en: noteEn }) {
  const documents = strapi.documents('api::event.event');
  await documents.update({ documentId, locale: 'fr', data: { cancelled: true, cancellationNote: notes.fr } });
  await documents.update({ documentId, locale: 'en', data: { cancelled: true, cancellationNote: notes.en } });
  await documents.publish({ documentId, locale: '*' });
  await outboxSettled();
}

async function register(slug: string, contact: { email?: string; phone?: string }, locale: 'fr' | 'en' = 'fr') {
  const response = await postForm(app.baseUrl, rsvpPath(slug), validRsvp({ locale, email: contact.email ?? '', phone: contact.phone ?? '' }));
  expect(response.status).toBe(303);
  return response;
}

beforeAll(async () => {
  twilio = await startFakeTwilio();
  app = await startStrapi({
    env: {
      ...twilioEnv(twilio),
      SMS_CALLBACK_BASE_URL: publicBase,
      SMS_INBOUND_REPLIES_PER_HOUR: '200',
      SMTP_HOST: undefined,
      PUBLIC_SITE_URL: publicBase,
      CRON_ENABLED: 'false',
      EVENT_REMINDER_HOURS: undefined,
    },
  });
  strapi = app.strapi;
  sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
});

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe('an OC cancels an event', () => {
  it('everyone registered, seated or waiting, is told once by each channel they gave; publishing again sends nothing more', async () => {
    const event = await publishedEventWithForm(strapi, 2);
    const seatedEmail = `ines.${randomBytes(3).toString('hex')}@exemple.ca`;
    const seatedPhone = newTestNumber();
    const waitingEnglish = newTestNumber();
    const waitingBoth = { email: `paul.${randomBytes(3).toString('hex')}@exemple.ca`, phone: newTestNumber() };
    const gone = `gone.${randomBytes(3).toString('hex')}@exemple.ca`;
    await register(event.slug, { email: seatedEmail });
    await register(event.slug, { phone: seatedPhone });
    await register(event.slug, { phone: waitingEnglish }, 'en');
    await register(event.slug, waitingBoth);
    // Registered then cancelled their own registration: not told.
    await register(event.slug, { email: gone });
    await strapi.db.query('api::participation.registration').update({ where: { email: gone }, data: { registrationStatus: 'cancelled', emailKey: null } });
    const statuses = (await registrations(event.documentId)).map((r: { registrationStatus: string }) => r.registrationStatus).sort();
    expect(statuses).toEqual(['cancelled', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    const textsBefore = twilio.received.length;

    await cancel(event.documentId);

    const [mail] = emailsTo(seatedEmail).filter((m) => m.subject?.startsWith('Annulé'));
    expect(emailsTo(seatedEmail).filter((m) => m.subject?.startsWith('Annulé'))).toHaveLength(1);
    expect(mail!.subject).toBe(`Annulé : ${event.title}`);
    expect(mail!.text).toContain(`« ${event.title} »`);
    expect(mail!.text).toContain(`Leur message : ${noteFr}`);
    expect(mail!.text).toContain(`${publicBase}/evenements/${event.slug}/`);
    // Only what the message needs: no name of the person, no cancel link.
    expect(mail!.text).not.toContain('Karim');
    expect(mail!.text).not.toContain('jeton=');

    expect(cancelTextsTo(seatedPhone)).toHaveLength(1);
    expect(cancelTextsTo(seatedPhone)[0]).toMatch(new RegExp(`^Passerelle : ANNULÉ, ".+", .+\\. ${noteFr} Vous n'avez rien à faire\\. ${publicBase}/evenements/${event.slug}/$`));
    expect(cancelTextsTo(waitingEnglish)).toHaveLength(1);
    expect(cancelTextsTo(waitingEnglish)[0]).toMatch(new RegExp(`^Passerelle: CANCELLED, "EN .+", .+\\. ${noteEn} You have nothing to do\\. ${publicBase}/en/events/${event.slug}/$`));
    expect(emailsTo(waitingBoth.email).filter((m) => m.subject?.startsWith('Annulé'))).toHaveLength(1);
    expect(cancelTextsTo(waitingBoth.phone)).toHaveLength(1);
    expect(emailsTo(gone).filter((m) => m.subject?.startsWith('Annulé'))).toHaveLength(0);
    expect(twilio.received.length - textsBefore).toBe(3);
    const keys = (await cancellationRows()).map((r: { idempotencyKey: string }) => r.idempotencyKey);
    expect(keys.filter((k: string) => k.startsWith('event-cancelled:'))).toHaveLength(5);

    // The OC fixes a typo in the note and publishes again: nobody is told twice.
    await cancel(event.documentId, { fr: `${noteFr} Désolés.`, en: `${noteEn} Sorry.` });
    expect((await cancellationRows()).length).toBe(5);
    expect(twilio.received.length - textsBefore).toBe(3);
    expect(emailsTo(seatedEmail).filter((m) => m.subject?.startsWith('Annulé'))).toHaveLength(1);
  });

  it('an event published without "cancelled", or cancelled before anyone registered, sends nothing', async () => {
    const before = (await cancellationRows()).length;
    const event = await publishedEventWithForm(strapi, 5);
    await register(event.slug, { email: `zoe.${randomBytes(3).toString('hex')}@exemple.ca` });
    await strapi.documents('api::event.event').publish({ documentId: event.documentId, locale: '*' });
    await outboxSettled();
    expect((await cancellationRows()).length).toBe(before);
    const empty = await publishedEventWithForm(strapi, 5);
    await cancel(empty.documentId);
    expect((await cancellationRows()).length).toBe(before);
  });

  it('the registration form refuses a cancelled event in plain French, and writes no row', async () => {
    const event = await publishedEventWithForm(strapi, 10);
    await cancel(event.documentId);
    const response = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp());
    expect(response.status).toBe(409);
    expect(response.text).toContain('Événement annulé');
    expect(response.text).toContain('Cet événement est annulé');
    expect(response.text).toContain(`/evenements/${event.slug}/`);
    expect(await registrations(event.documentId)).toHaveLength(0);
    const english = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ locale: 'en' }));
    expect(english.status).toBe(409);
    expect(english.text).toContain('Event cancelled');
    expect(await registrations(event.documentId)).toHaveLength(0);
  });

  it('OUI n by text refuses a cancelled event, which its list marks "Annulé"', async () => {
    const hood = await publishedNeighbourhood('Ahuntsic', ['H2C']);
    const event = await publishedEventWithForm(strapi, 10, { neighbourhoods: [hood] });
    await cancel(event.documentId);
    const phone = sms.phone();
    expect(await phone.ask('H2C')).toContain(`1. Annulé\u00a0: ${event.title.slice(0, 15)}`);
    expect(await phone.ask('OUI 1')).toMatch(/^Passerelle : « .+ » est annulé\. Aucune inscription possible\. https:\/\/www\.exemple\.ca\/evenements\//);
    expect(await registrations(event.documentId)).toHaveLength(0);
  });

  it('the day before, a cancelled event gets no reminder', async () => {
    const startsAt = new Date(Date.now() + 6 * 24 * hourMs);
    startsAt.setUTCHours(23, 30, 0, 0);
    const event = await publishedEventWithForm(strapi, 10, { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * hourMs).toISOString() });
    const phone = newTestNumber();
    await register(event.slug, { phone });
    await cancel(event.documentId);
    const eve = new Date(startsAt.getTime() - 30 * hourMs);
    const report = await sendEventReminders(strapi, eve, reminderHours('10-20'));
    await outboxSettled();
    expect(report).toMatchObject({ inHours: true, reminded: 0 });
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    expect(textsTo(phone).filter((body) => /rappel/i.test(body))).toHaveLength(0);
    expect(cancelTextsTo(phone)).toHaveLength(1);
  });
});
