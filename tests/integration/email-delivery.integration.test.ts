import { randomBytes } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, publishedEventWithForm, publishedPetition, rsvpPath, signPath, useTestOutbox, validRsvp, validSignature } from '../support/participation.ts';
import { startSmtpMailbox, type ReceivedMail, type SmtpMailbox } from '../support/smtp-mailbox.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * Emails as residents receive them: the CMS's configured nodemailer provider (Strapi's email
 * plugin, SMTP_HOST set) delivering to a real SMTP server on loopback, each message then parsed as
 * a mail client would. Checked: envelope and From, Reply-To, a Subject free of contact data, the
 * plain-text part, the RSVP's .ics (RFC 5545 basics, parsed by ical.js), and the language of the
 * page the form was on. The product sends plain text only (no HTML part): that is asserted, so an
 * HTML part added later is noticed and checked here. Messages are awaited by polling the mailbox,
 * which holds whether sending is done in the request or later by a queue.
 */
let app: StartedStrapi;
let mailbox: SmtpMailbox;
const saved = { ...process.env };

beforeAll(async () => {
  useTestOutbox();
  mailbox = await startSmtpMailbox();
  app = await startStrapi({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mailbox.port),
      SMTP_SECURE: 'false',
      SMTP_USER: undefined,
      SMTP_PASSWORD: undefined,
      EMAIL_FROM: 'Passerelle <petitions@exemple.ca>',
      EMAIL_REPLY_TO: 'Équipe Passerelle <equipe@exemple.ca>',
      PUBLIC_SITE_URL: 'https://www.exemple.ca',
      SMS_PROVIDER: undefined,
      CRON_ENABLED: 'false',
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await mailbox?.close();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

/** What every message must hold, whatever it says. */
function expectWellFormed(mail: ReceivedMail, to: string): void {
  expect(mail.envelope.to).toEqual([to]);
  expect(mail.envelope.from).toBe('petitions@exemple.ca');
  expect(mail.parsed.from?.value).toEqual([{ address: 'petitions@exemple.ca', name: 'Passerelle' }]);
  expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value.map((a) => a.address) : null).toEqual([to]);
  expect(mail.parsed.replyTo?.value).toEqual([{ address: 'equipe@exemple.ca', name: 'Équipe Passerelle' }]);
  // A subject is shown in notifications, lock screens and lists: no address, no number, no name.
  const subject = mail.parsed.subject ?? '';
  expect(subject).not.toContain(to);
  expect(subject).not.toMatch(/@|\d{3}\D{0,3}\d{3}\D{0,3}\d{4}/);
  expect(mail.parsed.text?.trim().length).toBeGreaterThan(0);
  expect(mail.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);
  // Strapi's nodemailer provider sends the text as HTML when it is given no HTML: raw, so a name
  // typed as markup became markup and line breaks vanished. The HTML part is the text, escaped.
  expect(mail.raw).toMatch(/^Content-Type: text\/html; charset=utf-8/im);
  const html = String(mail.parsed.html);
  expect(html).toMatch(/^<!doctype html>/i);
  const fromHtml = html
    .replace(/<br>\n?/g, '\n')
    .replace(/<\/p>\n?<p>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  expect(fromHtml.trim()).toBe(mail.parsed.text?.trim());
  for (const href of html.matchAll(/href="([^"]+)"/g)) expect(mail.parsed.text).toContain(href[1]!.replace(/&amp;/g, '&'));
  expect(mail.parsed.headers.get('message-id')).toBeTruthy();
  expect(mail.parsed.date).toBeInstanceOf(Date);
}

describe('petition confirmation email', () => {
  it.each([
    ['fr', 'Confirmez votre signature', /Bonjour Marie Tremblay,[\s\S]*Vous avez signé la pétition « (?!EN )/, '&locale=fr'],
    ['en', 'Confirm your signature', /Hello Marie Tremblay,[\s\S]*EN /, '&locale=en'],
  ])('in %s: From, Reply-To, a subject without contact data, the text with the link', async (locale, subject, body, linkLocale) => {
    const petition = await publishedPetition(app.strapi);
    const email = `signe.${randomBytes(3).toString('hex')}@exemple.ca`;
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, locale }));
    expect(sent.status).toBe(303);

    const mail = await mailbox.waitFor(email);
    expectWellFormed(mail, email);
    expect(mail.parsed.subject).toBe(subject);
    expect(mail.parsed.text).toMatch(body);
    const link = /https:\/\/www\.exemple\.ca\/participer\/petitions\/confirmer\?jeton=[A-Za-z0-9_-]+(&locale=(fr|en))/.exec(mail.parsed.text ?? '');
    expect(link?.[1]).toBe(linkLocale);
    expect(mail.parsed.attachments).toEqual([]);
  });
});

describe('RSVP confirmation email', () => {
  it('a name typed as markup stays text in the HTML part', async () => {
    const event = await publishedEventWithForm(app.strapi, 20);
    const email = `balise.${randomBytes(3).toString('hex')}@exemple.ca`;
    const name = 'Karim <img src=x onerror=alert(1)> "Haddad"';
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email, name }))).status).toBe(303);
    const mail = await mailbox.waitFor(email);
    expectWellFormed(mail, email);
    expect(String(mail.parsed.html)).not.toContain('<img');
    expect(String(mail.parsed.html)).toContain('Karim &lt;img src=x onerror=alert(1)&gt; &quot;Haddad&quot;');
  });

  it.each([
    ['fr', /^Inscription : (?!EN )/, /Votre inscription est confirmée\./],
    ['en', /^Registration: EN /, /Your registration is confirmed\./],
  ])('in %s: the text, and a calendar file that parses (VCALENDAR, VEVENT, UID, DTSTART in UTC or with a TZID)', async (locale, subject, confirmed) => {
    const event = await publishedEventWithForm(app.strapi, 20);
    const email = `inscrit.${randomBytes(3).toString('hex')}@exemple.ca`;
    const sent = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email, locale }));
    expect(sent.status).toBe(303);

    const mail = await mailbox.waitFor(email);
    expectWellFormed(mail, email);
    expect(mail.parsed.subject).toMatch(subject);
    expect(mail.parsed.text).toMatch(confirmed);
    expect(mail.parsed.text).toContain('Karim Haddad');

    expect(mail.parsed.attachments).toHaveLength(1);
    const ics = mail.parsed.attachments[0]!;
    expect(ics.filename).toBe(`${event.slug}.ics`);
    expect(ics.contentType).toBe('text/calendar');
    const text = ics.content.toString('utf8');
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);

    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    const vevent = calendar.getFirstSubcomponent('vevent');
    expect(vevent).not.toBeNull();
    expect(String(vevent!.getFirstPropertyValue('uid'))).toContain(event.documentId);
    const dtstart = vevent!.getFirstProperty('dtstart')!;
    const start = dtstart.getFirstValue() as InstanceType<typeof ICAL.Time>;
    // A floating time would move with the reader's time zone: it must be UTC (Z) or carry a TZID.
    expect(start.zone?.tzid === 'UTC' || Boolean(dtstart.getParameter('tzid'))).toBe(true);
    const expected = await app.strapi.documents('api::event.event').findOne({ documentId: event.documentId, locale, status: 'published' });
    expect(start.toJSDate().toISOString()).toBe(new Date(expected.startsAt as string).toISOString());
    expect(String(vevent!.getFirstPropertyValue('summary'))).toBe(expected.title);
  });
});
