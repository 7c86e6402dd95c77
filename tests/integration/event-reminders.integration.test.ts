import { participationPaths } from '@passerelle/shared/participation/paths';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePersonData } from '../../cms/src/participation/person-data.ts';
import { montrealDay, reminderHours, runScheduledEventReminders, sendEventReminders, type ReminderHours } from '../../cms/src/participation/events/reminders.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { outboxSettled, postForm, publishedEventWithForm, rsvpPath, useTestOutbox, validRsvp } from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { smtpEnv, startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * People registered for an event are reminded the day before, by the channel they gave: an email
 * with the cancel link (to a real SMTP server on loopback), a text saying to reply ANNULER (to the
 * fake Twilio). The job runs at a controlled clock, "the day before" in Montréal time; run again,
 * cut short as by a crash, or twice at once, it never sends a second reminder and skips no one.
 * ANNULER after the reminder frees the seat for the first person waiting, who is told as usual.
 * Runs on SQLite and on PostgreSQL (scripts/test.sh).
 */
const publicBase = 'https://www.exemple.ca';
useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let twilio: FakeTwilio;
let mailbox: SmtpMailbox;
let sms: SmsSimulator;

const hourMs = 3_600_000;
const defaultHours: ReminderHours = reminderHours('10-20');
let eventDays = 10;

/** An event at 18:30 Montréal time some days ahead (each test its own day), and the clock of its eve, 12:30 (±1 h across a DST change). */
function eventSchedule() {
  const day = new Date(Date.now() + eventDays++ * 24 * hourMs);
  // 23:30 UTC is 18:30 in Montréal in winter, 19:30 in summer: the same calendar day either way.
  const startsAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 30));
  const eve = new Date(startsAt.getTime() - 30 * hourMs);
  return { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * hourMs).toISOString(), eve };
}

async function eventOnItsEve(capacity: number) {
  const schedule = eventSchedule();
  const event = await publishedEventWithForm(strapi, capacity, { startsAt: schedule.startsAt, endsAt: schedule.endsAt });
  return { ...event, ...schedule };
}

async function register(slug: string, contact: { email?: string; phone?: string }, locale: 'fr' | 'en' = 'fr') {
  const response = await postForm(app.baseUrl, rsvpPath(slug), validRsvp({ locale, email: contact.email ?? '', phone: contact.phone ?? '' }));
  expect(response.status).toBe(303);
  return response;
}

const mailsTo = (address: string) => mailbox.received.filter((m) => m.envelope.to.includes(address));
const remindersByMail = (address: string) => mailsTo(address).filter((m) => /^(Rappel|Reminder)/.test(m.parsed.subject ?? ''));
const textsTo = (phone: string) => twilio.received.filter((m) => m.to === phone).map((m) => m.body);
const remindersByText = (phone: string) => textsTo(phone).filter((body) => /rappel|reminder/i.test(body));
const registrationOf = async (where: Record<string, unknown>) => strapi.db.query('api::participation.registration').findOne({ where });

async function run(now: Date, limit?: number) {
  const report = await sendEventReminders(strapi, now, defaultHours, limit);
  // The fence: the SMTP server and the fake Twilio keep a message before answering the send that
  // the outbox then records, so once nothing is due, every reminder is in their lists.
  await outboxSettled();
  return report;
}

beforeAll(async () => {
  twilio = await startFakeTwilio();
  mailbox = await startSmtpMailbox();
  app = await startStrapi({
    env: {
      ...smtpEnv(mailbox, 'Passerelle <evenements@exemple.ca>'),
      ...twilioEnv(twilio),
      SMS_CALLBACK_BASE_URL: publicBase,
      SMS_INBOUND_REPLIES_PER_HOUR: '200',
      PUBLIC_SITE_URL: publicBase,
      // The job is run here at chosen clocks; the scheduler's own runs would be at the real one.
      CRON_ENABLED: 'false',
      EVENT_REMINDER_HOURS: undefined,
      EVENT_REMINDER_CRON: undefined,
    },
  });
  strapi = app.strapi;
  sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
});

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
  await mailbox?.close();
});

describe('the reminder the day before', () => {
  it('the eve of the event: one email and one text per confirmed registration; ANNULER frees the seat for the waiting list', async () => {
    const event = await eventOnItsEve(3);
    const email = `ines.${Date.now()}@exemple.ca`;
    const phone = newTestNumber();
    const englishPhone = newTestNumber();
    const waiting = newTestNumber();
    await register(event.slug, { email });
    await register(event.slug, { phone });
    await register(event.slug, { phone: englishPhone }, 'en');
    await register(event.slug, { phone: waiting });
    await outboxSettled();
    expect(await registrationOf({ phone: waiting })).toMatchObject({ registrationStatus: 'waitlisted' });
    expect(montrealDay(event.eve)).toMatchObject({ date: montrealDay(Date.parse(event.startsAt) - 24 * hourMs).date });

    // Too early in the night of the eve: nothing.
    const night = new Date(event.eve.getTime() - 10 * hourMs);
    expect(await run(night)).toMatchObject({ inHours: false, reminded: 0 });

    const report = await run(event.eve);
    expect(report).toMatchObject({ inHours: true, eventDate: montrealDay(Date.parse(event.startsAt)).date, reminded: 3, alreadyReminded: 0 });

    const [mail] = remindersByMail(email);
    expect(remindersByMail(email)).toHaveLength(1);
    expect(mail!.parsed.subject).toBe(`Rappel : ${event.title}, demain`);
    const body = mail!.parsed.text ?? '';
    expect(body).toContain(`« ${event.title} », demain`);
    expect(body).toMatch(/Quand : .+ (18|19) h 30/);
    expect(body).toContain('Où : ');
    expect(body).toMatch(new RegExp(`${publicBase}${participationPaths.cancel}\\?jeton=[\\w-]+&locale=fr`));
    // Only what the reminder needs: no name, no phone, no accessibility needs.
    expect(body).not.toContain('Karim');

    expect(remindersByText(phone)).toHaveLength(1);
    expect(remindersByText(phone)[0]).toMatch(/^Passerelle : rappel, « .+ » demain, .+\. Répondez ANNULER pour libérer votre place\.$/);
    expect(remindersByText(englishPhone)).toHaveLength(1);
    expect(remindersByText(englishPhone)[0]).toMatch(/^Passerelle: reminder, "EN .+" tomorrow, .+\. Reply CANCEL to free your place\.$/);
    // Only confirmed registrations: the waiting list is not reminded.
    expect(remindersByText(waiting)).toHaveLength(0);

    // Once delivered, the reminder keeps no recipient or text (Law 25).
    const sent = await strapi.db.query('api::participation.outbound-message').findMany({ where: { messageKind: 'event-reminder' } });
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const row of sent) expect(row).toMatchObject({ recipient: null, body: null, subject: null });

    // Run again, and again an hour later: nothing new.
    expect(await run(event.eve)).toMatchObject({ reminded: 0, alreadyReminded: 3 });
    expect(await run(new Date(event.eve.getTime() + hourMs))).toMatchObject({ reminded: 0, alreadyReminded: 3 });
    expect(remindersByMail(email)).toHaveLength(1);
    expect(remindersByText(phone)).toHaveLength(1);

    // The reminded person replies ANNULER: the seat goes to the first person waiting, told as usual.
    expect(await sms.phone(phone).ask('ANNULER')).toMatch(/^Passerelle : votre inscription à « .+ » est annulée\./);
    expect(await registrationOf({ phone })).toMatchObject({ registrationStatus: 'cancelled' });
    expect(await registrationOf({ phone: waiting })).toMatchObject({ registrationStatus: 'confirmed' });
    expect(textsTo(waiting).at(-1)).toContain('Une place s’est libérée');

    // The next hourly run reminds the person just seated, and no one else again.
    expect(await run(new Date(event.eve.getTime() + 2 * hourMs))).toMatchObject({ reminded: 1, alreadyReminded: 2 });
    expect(remindersByText(waiting)).toHaveLength(1);
    expect(remindersByText(phone)).toHaveLength(1);
    expect(remindersByMail(email)).toHaveLength(1);
  });

  it('ANNULER after a reminder cancels the reminded registration, not a newer one for a later event', async () => {
    const soon = await eventOnItsEve(5);
    const later = await eventOnItsEve(5);
    const phone = newTestNumber();
    await register(soon.slug, { phone });
    await register(later.slug, { phone });
    await outboxSettled();
    expect(await run(soon.eve)).toMatchObject({ reminded: 1 });
    expect(await sms.phone(phone).ask('ANNULER')).toContain(soon.title.slice(0, 20));
    expect(await registrationOf({ phone, eventDocumentId: soon.documentId })).toMatchObject({ registrationStatus: 'cancelled' });
    expect(await registrationOf({ phone, eventDocumentId: later.documentId })).toMatchObject({ registrationStatus: 'confirmed' });
  });

  it('a run cut short (a crash) and run again, or two runs at once, remind each person exactly once', async () => {
    const event = await eventOnItsEve(10);
    const emails = Array.from({ length: 4 }, (_, i) => `crash.${i}.${Date.now()}@exemple.ca`);
    for (const email of emails) await register(event.slug, { email });
    await outboxSettled();

    expect(await run(event.eve, 1)).toMatchObject({ reminded: 1 });
    expect(emails.map((e) => remindersByMail(e).length).sort()).toEqual([0, 0, 0, 1]);
    // The restart, racing a second instance run by hand: together they remind the other three.
    const [a, b] = await Promise.all([sendEventReminders(strapi, event.eve, defaultHours), sendEventReminders(strapi, event.eve, defaultHours)]);
    await outboxSettled();
    expect(a.reminded + b.reminded).toBe(3);
    for (const email of emails) expect(remindersByMail(email)).toHaveLength(1);
  });

  it('no stale reminder: an event moved to another day, an unpublished one, an erased or cancelled registration, a registration on the eve itself', async () => {
    const moved = await eventOnItsEve(5);
    const unpublished = await eventOnItsEve(5);
    const kept = await eventOnItsEve(5);
    const movedEmail = `moved.${Date.now()}@exemple.ca`;
    const unpublishedEmail = `gone.${Date.now()}@exemple.ca`;
    const erasedEmail = `erased.${Date.now()}@exemple.ca`;
    const cancelledPhone = newTestNumber();
    const lateEmail = `late.${Date.now()}@exemple.ca`;
    await register(moved.slug, { email: movedEmail });
    await register(unpublished.slug, { email: unpublishedEmail });
    await register(kept.slug, { email: erasedEmail });
    await register(kept.slug, { phone: cancelledPhone });
    await register(kept.slug, { email: lateEmail });
    await outboxSettled();

    // The OC moves one event a week later, and unpublishes another.
    const events = strapi.documents('api::event.event');
    const weekLater = new Date(Date.parse(moved.startsAt) + 7 * 24 * hourMs).toISOString();
    const weekLaterEnd = new Date(Date.parse(weekLater) + 2 * hourMs).toISOString();
    for (const locale of ['fr', 'en']) await events.update({ documentId: moved.documentId, locale, data: { startsAt: weekLater, endsAt: weekLaterEnd } });
    await events.publish({ documentId: moved.documentId, locale: '*' });
    await events.unpublish({ documentId: unpublished.documentId, locale: '*' });
    // Law 25: one person asks for erasure; another cancels by text; a third registered on the eve.
    await deletePersonData(strapi, erasedEmail);
    expect(await sms.phone(cancelledPhone).ask('ANNULER')).toContain('est annulée');
    await strapi.db.query('api::participation.registration').updateMany({ where: { email: lateEmail }, data: { submittedAtMs: kept.eve.getTime() - hourMs } });

    for (const event of [moved, unpublished, kept]) expect((await run(event.eve)).reminded).toBe(0);
    for (const address of [movedEmail, unpublishedEmail, erasedEmail, lateEmail]) expect(remindersByMail(address)).toHaveLength(0);
    expect(remindersByText(cancelledPhone)).toHaveLength(0);

    // The moved event is reminded on the eve of its new day.
    const newEve = new Date(Date.parse(weekLater) - 30 * hourMs);
    expect(await run(newEve)).toMatchObject({ reminded: 1 });
    expect(remindersByMail(movedEmail)).toHaveLength(1);
  });

  it('is scheduled hourly in Québec time, and each slot runs once across instances', async () => {
    const task = strapi.config.get('server.cron.tasks').passerelleEventReminders;
    expect(task.options).toEqual({ rule: '5 * * * *', tz: 'America/Toronto' });
    const slot = new Date('2026-12-05T15:05:00Z');
    await runScheduledEventReminders(strapi, slot);
    const lock = await strapi.db.connection('passerelle_job_locks').where({ job: 'event-reminders' }).first();
    expect(lock.last_slot).toBe('2026-12-05T15:05');
    const finished = Number(lock.last_finished_at_ms);
    // An instance whose clock fires a moment later finds the slot done.
    await runScheduledEventReminders(strapi, slot);
    expect(Number((await strapi.db.connection('passerelle_job_locks').where({ job: 'event-reminders' }).first()).last_finished_at_ms)).toBe(finished);
  });
});
