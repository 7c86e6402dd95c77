import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spacePaths } from '@passerelle/shared/participation';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../support/fake-twilio.ts';
import { smtpEnv, startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';
import { createMember, refOf, roundTableUid, SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Members of the practitioners' space sign in through the real transports: the link by email from
 * a real SMTP server on loopback, the code by text from a fake of Twilio's REST API. The messages
 * say what they are for, carry nothing but the link or the code, and work once.
 */
const saved = { ...process.env };
const publicBase = 'https://www.exemple.ca';
let app: StartedStrapi;
let strapi: Strapi;
let mailbox: SmtpMailbox;
let twilio: FakeTwilio;

beforeAll(async () => {
  mailbox = await startSmtpMailbox();
  twilio = await startFakeTwilio();
  app = await startStrapi({
    env: {
      ...twilioEnv(twilio),
      ...smtpEnv(mailbox, 'Passerelle <espace@exemple.ca>'),
      PUBLIC_SITE_URL: publicBase,
      CRON_ENABLED: 'false',
    },
  });
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
  await mailbox?.close();
  await twilio?.close();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function textTo(phone: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = twilio.received.filter((m) => m.to === phone).pop();
    if (found) return found.body;
    if (Date.now() > deadline) throw new Error(`no text to ${phone}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a member signs in through the real transports', () => {
  it('by email: a link that opens a button, signs in once, in the member’s language', async () => {
    const email = 'sophie.intervenante@groupe.exemple.ca';
    const sophie = await createMember(strapi, { name: 'Sophie Intervenante', email });
    await strapi.documents(roundTableUid).create({ data: { name: 'Table Saint-Michel', members: [sophie.documentId] } });
    const asked = await new SpaceBrowser(app.baseUrl).requestSignIn(email, 'en');
    expect(asked.location).toBe(`${spacePaths.sent}?locale=en`);

    const mail = await mailbox.waitFor(email);
    expect(mail.parsed.subject).toBe('Your link to the practitioners’ space');
    expect(mail.parsed.subject).not.toContain(email);
    const text = mail.parsed.text ?? '';
    expect(text).toContain('Hello Sophie Intervenante');
    const link = /https:\/\/www\.exemple\.ca(\/participer\/espace\/lien\?jeton=[A-Za-z0-9_-]{43}&locale=en)/.exec(text)?.[1];
    expect(link).toBeTruthy();

    const browser = new SpaceBrowser(app.baseUrl);
    const signedIn = await browser.submit(link!, spacePaths.link);
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe(`${spacePaths.home}?locale=en`);
    const home = await browser.get(signedIn.location!);
    expect(home.text).toContain('Hello Sophie Intervenante.');
    expect(home.text).toContain('Table Saint-Michel');
    expect((await new SpaceBrowser(app.baseUrl).get(link!)).status).toBe(404);
  });

  it('by text: a 6-digit code, typed on the code page', async () => {
    const phone = '+15145550177';
    await createMember(strapi, { name: 'Marc Coordination', phone: '514 555-0177', spaceRole: 'coordination' });
    const browser = new SpaceBrowser(app.baseUrl);
    const asked = await browser.requestSignIn('(514) 555-0177');
    refOf(asked.location);
    const body = await textTo(phone);
    expect(body).toMatch(/^Passerelle, espace intervenant·e·s : votre code est \d{6}\. Il expire dans 15 minutes\.$/);
    const code = /\d{6}/.exec(body)![0];
    const done = await browser.submit(asked.location!, spacePaths.code, { code });
    expect(done.status).toBe(303);
    expect((await browser.get(spacePaths.home)).text).toContain('Bonjour Marc Coordination.');
    // Nothing went to anyone else, and no email for a text sign-in.
    expect(twilio.received.filter((m) => m.to === phone)).toHaveLength(1);
  });

  it('a stranger gets nothing by either transport', async () => {
    const before = { mails: mailbox.received.length, texts: twilio.received.length };
    await new SpaceBrowser(app.baseUrl).requestSignIn('personne@nulle-part.exemple.ca');
    await new SpaceBrowser(app.baseUrl).requestSignIn('514 555-0188');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect({ mails: mailbox.received.length, texts: twilio.received.length }).toEqual(before);
  });
});
