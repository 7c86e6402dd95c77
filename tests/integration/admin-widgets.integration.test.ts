import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aValidDocument } from '@passerelle/shared/testing';
import {
  answerPath,
  postForm,
  publishedConsultation,
  publishedEventWithForm,
  publishedPetition,
  rsvpPath,
  signPath,
  useTestOutbox,
  validAnswers,
  validRsvp,
  validSignature,
} from '../support/participation.ts';
import { weekDays } from '../../cms/src/admin-api/this-week.ts';
import { api, rereadCmsEnvironment, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/** The CMS reads its configuration once: a test that moves the publisher makes it read again. */
function setPublisherUrl(url: string | undefined): void {
  if (url === undefined) delete process.env.PUBLISHER_URL;
  else process.env.PUBLISHER_URL = url;
  rereadCmsEnvironment();
}

/**
 * The admin API behind the homepage widgets (cms/src/admin-api/routes.ts), called with real admin
 * JWTs as the admin panel does: build status for every admin user, consultation answers (personal
 * information, Law 25) only for OCs and super admins.
 */
useTestOutbox();
const PASSWORD = 'Widgets-test-2026!';
let app: StartedStrapi;
let strapi: Strapi;
let ocToken: string;
let groupToken: string;
let superAdminToken: string;

async function login(email: string, password: string): Promise<string> {
  const { status, body } = await api(app.baseUrl, '/admin/login', { body: { email, password } });
  expect(status, `login ${email}`).toBe(200);
  return body.data.token as string;
}

async function adminUser(roleCode: string, email: string): Promise<string> {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  await strapi.service('admin::user').create({ email, firstname: 'Test', lastname: roleCode, password: PASSWORD, isActive: true, registrationToken: null, roles: [role.id] });
  return login(email, PASSWORD);
}

/** The raw answer, for the CSV (api() would try to parse it). */
async function download(path: string, token?: string) {
  const response = await fetch(app.baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

/** A stand-in for the publisher's GET /status.json, answering whatever the test sets. */
function fakePublisher(answer: { status: number; body: string; delayMs?: number }): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const reply = () => {
      if (req.url !== '/status.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    };
    if (answer.delayMs) setTimeout(reply, answer.delayMs);
    else reply();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/webhooks/strapi` });
    }),
  );
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

beforeAll(async () => {
  delete process.env.PUBLISHER_URL; // before the boot, which reads the configuration afresh
  app = await startStrapi();
  strapi = app.strapi;
  superAdminToken = await login('admin@passerelle.local', 'Passerelle-dev-2026!');
  ocToken = await adminUser('passerelle-community-organizer', 'oc.widgets@cisss.example.org');
  groupToken = await adminUser('passerelle-community-group', 'groupe.widgets@example.org');
});

afterAll(async () => {
  setPublisherUrl(undefined);
  await app?.stop();
});

describe('who may call the widget routes', () => {
  const routes = ['/passerelle/publisher-status', '/passerelle/consultations', '/passerelle/consultations/x/reponses.csv', '/passerelle/cette-semaine'];
  it.each(routes)('answers 401 without an admin token: %s', async (path) => {
    expect((await api(app.baseUrl, path)).status).toBe(401);
  });

  it('refuses a users-permissions or garbage token like no token', async () => {
    expect((await api(app.baseUrl, '/passerelle/consultations', { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('keeps consultation answers from a community group (403) but shows it the build status', async () => {
    expect((await api(app.baseUrl, '/passerelle/consultations', { token: groupToken })).status).toBe(403);
    const consultation = await publishedConsultation(strapi);
    expect((await download(`/passerelle/consultations/${consultation.slug}/reponses.csv`, groupToken)).status).toBe(403);
    expect((await api(app.baseUrl, '/passerelle/publisher-status', { token: groupToken })).status).toBe(200);
  });
});

describe("this week's events and their registrations, for OCs", () => {
  const DAY = 86_400_000;
  let event: { documentId: string; title: string };

  beforeAll(async () => {
    // Three days ahead: 2 people confirmed, a group of 3 that no longer fits waits.
    event = await publishedEventWithForm(strapi, 4);
    const slug = (await strapi.documents('api::event.event').findOne({ documentId: event.documentId, locale: 'fr', status: 'published' }))!.slug as string;
    expect((await postForm(app.baseUrl, rsvpPath(slug), validRsvp({ people: '2' }))).location).toContain('/inscrit?');
    expect((await postForm(app.baseUrl, rsvpPath(slug), validRsvp({ people: '3' }))).location).toContain('/liste-attente?');
  });

  it('lists the week’s published events with seats taken and waiting, counts only', async () => {
    for (const token of [ocToken, superAdminToken]) {
      const { status, body } = await api(app.baseUrl, '/passerelle/cette-semaine', { token });
      expect(status).toBe(200);
      const line = body.data.events.find((e: { documentId: string }) => e.documentId === event.documentId);
      expect(line).toEqual({
        documentId: event.documentId,
        title: event.title,
        startsAt: expect.any(String),
        cancelled: false,
        registrationMode: 'form',
        capacity: 4,
        registered: 2,
        waitlisted: 3,
      });
      // Nothing about who registered travels to the browser.
      expect(JSON.stringify(body)).not.toMatch(/Karim|@exemple\.ca/);
    }
  });

  it('leaves out drafts, past events and events after the seventh day', async () => {
    const later = await publishedEventWithForm(strapi, 10, { startsAt: new Date(Date.now() + 9 * DAY).toISOString(), endsAt: new Date(Date.now() + 9 * DAY + 3_600_000).toISOString() });
    const past = await publishedEventWithForm(strapi, 10, { startsAt: new Date(Date.now() - 2 * DAY).toISOString(), endsAt: new Date(Date.now() - 2 * DAY + 3_600_000).toISOString() });
    const draft = await strapi.documents('api::event.event').create({ locale: 'fr', data: aValidDocument('api::event.event', 'Brouillon de la semaine') });
    const { body } = await api(app.baseUrl, '/passerelle/cette-semaine', { token: ocToken });
    const ids = body.data.events.map((e: { documentId: string }) => e.documentId);
    expect(ids).toContain(event.documentId);
    expect(ids).not.toContain(later.documentId);
    expect(ids).not.toContain(past.documentId);
    expect(ids).not.toContain(draft.documentId);
    expect([body.data.from, body.data.to]).toEqual([weekDays(new Date())[0], weekDays(new Date())[6]]);
  });

  it('refuses a community group (403): admin users belong to no organization, so there are no "own" events to show', async () => {
    expect((await api(app.baseUrl, '/passerelle/cette-semaine', { token: groupToken })).status).toBe(403);
  });
});

describe('the week in Québec calendar days', () => {
  it('starts on today’s date in Québec and counts seven calendar days across a DST change', () => {
    // 2026-11-01 02:30 UTC is still October 31 in Québec; DST ends on November 1.
    expect(weekDays(new Date('2026-11-01T02:30:00Z'))).toEqual(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
  });
});

describe('consultation answers for OCs', () => {
  let consultation: { documentId: string; slug: string; title: string };

  beforeAll(async () => {
    consultation = await publishedConsultation(strapi);
    await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ q4: '=HYPERLINK("http://x","clic")', followUp: '1', name: 'Awa Diallo', phone: '514 555-0101' }));
    await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ q4: 'Plus de bancs' }));
    // The honeypot filled in: stored as suspect, exported, marked.
    await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ website: 'http://spam.example' }));
  });

  it('lists published consultations with their number of answers', async () => {
    for (const token of [ocToken, superAdminToken]) {
      const { status, body } = await api(app.baseUrl, '/passerelle/consultations', { token });
      expect(status).toBe(200);
      const line = body.data.find((c: { slug: string }) => c.slug === consultation.slug);
      expect(line).toMatchObject({ documentId: consultation.documentId, title: consultation.title, locale: 'fr', period: 'open', answers: 3, suspect: 1 });
      expect(Date.parse(line.opensAt)).toBeLessThan(Date.parse(line.closesAt));
    }
  });

  it('puts open consultations first, then closed ones, then upcoming ones', async () => {
    await publishedConsultation(strapi, 'closed');
    await publishedConsultation(strapi, 'notYetOpen');
    const { body } = await api(app.baseUrl, '/passerelle/consultations', { token: ocToken });
    const periods: string[] = body.data.map((c: { period: string }) => c.period);
    expect(new Set(periods)).toEqual(new Set(['open', 'closed', 'upcoming']));
    expect(periods).toEqual([...periods].sort((a, b) => ['open', 'closed', 'upcoming'].indexOf(a) - ['open', 'closed', 'upcoming'].indexOf(b)));
  });

  it('leaves out a consultation that was never published', async () => {
    const documents = strapi.documents('api::consultation.consultation');
    const draft = await documents.create({ locale: 'fr', data: aValidDocument('api::consultation.consultation', 'Brouillon') });
    const { body } = await api(app.baseUrl, '/passerelle/consultations', { token: ocToken });
    expect(body.data.map((c: { slug: string }) => c.slug)).not.toContain(draft.slug);
    expect(body.data.map((c: { slug: string }) => c.slug)).toContain(consultation.slug);
    await documents.delete({ documentId: draft.documentId, locale: '*' });
  });

  it('downloads every answer as an Excel-ready, formula-safe CSV attachment', async () => {
    const { status, headers, bytes, text } = await download(`/passerelle/consultations/${consultation.slug}/reponses.csv`, ocToken);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe(`attachment; filename="consultation-${consultation.slug}-reponses.csv"`);
    expect(headers.get('cache-control')).toBe('no-store');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^reçue le,langue,statut,1\. Qu’est-ce qui manque au parc \?,/);
    expect(lines[1]).toContain(`,fr,valide,"Des bancs ; Des toilettes",4,Le matin,"'=HYPERLINK(""http://x"",""clic"")",oui,Awa Diallo,,514 555-0101`);
    expect(lines[2]).toContain('Plus de bancs');
    expect(lines[3]).toMatch(/,fr,suspect \(/);
    expect(lines.filter(Boolean)).toHaveLength(4);
  });

  it('is the same file as the command-line export', async () => {
    const { consultationCsv } = await import('../../cms/src/participation/consultations/export.ts');
    const { text } = await download(`/passerelle/consultations/${consultation.slug}/reponses.csv`, superAdminToken);
    expect(text).toBe((await consultationCsv(strapi, consultation.slug))!.csv);
  });

  it('answers 404 for an unknown or malformed slug', async () => {
    expect((await download('/passerelle/consultations/inconnue/reponses.csv', ocToken)).status).toBe(404);
    expect((await download('/passerelle/consultations/..%2F..%2Fetc/reponses.csv', ocToken)).status).toBe(404);
  });
});

describe('build status from the publisher', () => {
  const status = (token = ocToken) => api(app.baseUrl, '/passerelle/publisher-status', { token });

  it('says "not configured" without PUBLISHER_URL', async () => {
    setPublisherUrl(undefined);
    const { status: code, body } = await status();
    expect(code).toBe(200);
    expect(body.data).toMatchObject({ reachable: false, reason: 'not-configured' });
  });

  it('says "unreachable" when nothing listens there', async () => {
    const { server, url } = await fakePublisher({ status: 200, body: '{}' });
    await closeServer(server);
    setPublisherUrl(url);
    const { status: code, body } = await status();
    expect(code).toBe(200);
    expect(body.data).toMatchObject({ reachable: false, reason: 'unreachable' });
  });

  it('gives up after a short timeout rather than hanging the homepage', async () => {
    const { server, url } = await fakePublisher({ status: 200, body: '{}', delayMs: 10_000 });
    setPublisherUrl(url);
    const started = Date.now();
    const { body } = await status();
    expect(body.data).toMatchObject({ reachable: false, reason: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(5_000);
    server.closeAllConnections();
    await closeServer(server);
  });

  it('says "invalid answer" for a body that is not the publisher status', async () => {
    for (const body of ['<html>proxy error</html>', JSON.stringify({ current: 42 })]) {
      const { server, url } = await fakePublisher({ status: 200, body });
      setPublisherUrl(url);
      expect((await status()).body.data).toMatchObject({ reachable: false, reason: 'invalid-answer' });
      await closeServer(server);
    }
  });

  it('summarises the live build, the last success, the last failure with its reason, and the queue', async () => {
    const publisherStatus = {
      lastSuccess: { id: '20261128T120000Z-aaaa', startedAt: '2026-11-28T12:00:00.000Z', finishedAt: '2026-11-28T12:00:20.000Z', reasons: ['entry.publish'], pageCount: 120, timings: {} },
      lastFailure: {
        id: '20261128T130000Z-bbbb',
        startedAt: '2026-11-28T13:00:00.000Z',
        finishedAt: '2026-11-28T13:00:30.000Z',
        reasons: ['entry.publish'],
        timings: {},
        reason: 'Page /evenements/ over the 14 KB budget (15 020 bytes)',
        logTail: 'x'.repeat(5_000) + 'END',
      },
      buildsStarted: 3,
      recent: [],
      current: '20261128T120000Z-aaaa',
      keptBuilds: ['20261128T120000Z-aaaa'],
      queue: { state: 'building-then-again', pending: ['entry.update', 'entry.publish'] },
      building: { id: '20261128T140000Z-cccc', startedAt: '2026-11-28T14:00:00.000Z', reasons: ['entry.update'] },
      someFutureField: true,
    };
    const { server, url } = await fakePublisher({ status: 200, body: JSON.stringify(publisherStatus) });
    setPublisherUrl(url);
    const { status: code, body } = await status(groupToken);
    await closeServer(server);
    expect(code).toBe(200);
    const base = url.replace(/\/webhooks\/strapi$/, '');
    expect(body.data).toMatchObject({
      reachable: true,
      statusPageUrl: `${base}/status`,
      live: { id: '20261128T120000Z-aaaa', finishedAt: '2026-11-28T12:00:20.000Z' },
      lastSuccess: { id: '20261128T120000Z-aaaa', finishedAt: '2026-11-28T12:00:20.000Z', pageCount: 120 },
      lastFailure: { id: '20261128T130000Z-bbbb', reason: 'Page /evenements/ over the 14 KB budget (15 020 bytes)' },
      failedLast: true,
      queue: { state: 'building-then-again', pending: 2 },
      building: { id: '20261128T140000Z-cccc', startedAt: '2026-11-28T14:00:00.000Z' },
    });
    // The log tail is cut to its end, where the error is.
    expect(body.data.lastFailure.logTail).toHaveLength(2_000);
    expect(body.data.lastFailure.logTail.endsWith('END')).toBe(true);
  });
});

describe('personal data (Law 25): access and erasure from the admin, super admins only', () => {
  /** The contact goes in the POST body (never the URL); the answer carries the file to save. */
  const exportFile = (contact: string, format: 'json' | 'csv' = 'json', token?: string) =>
    api(app.baseUrl, '/passerelle/personne/export', { body: { contact, format }, token });
  const exported = async (contact: string, format: 'json' | 'csv' = 'json') => {
    const answer = await exportFile(contact, format, superAdminToken);
    expect(answer.status).toBe(200);
    return answer.body.data as { fileName: string; contentType: string; content: string; records: number };
  };
  const erase = (body: Record<string, unknown>, token?: string) => api(app.baseUrl, '/passerelle/personne/effacement', { method: 'POST', body, token });

  it('refuses without a session (401), and OCs and groups (403): only the person in charge acts', async () => {
    expect((await exportFile('a@exemple.ca')).status).toBe(401);
    expect((await erase({ contact: 'a@exemple.ca', confirm: 'a@exemple.ca' })).status).toBe(401);
    for (const token of [ocToken, groupToken]) {
      expect((await exportFile('a@exemple.ca', 'json', token)).status).toBe(403);
      expect((await erase({ contact: 'a@exemple.ca', confirm: 'a@exemple.ca' }, token)).status).toBe(403);
    }
  });

  it('exports one person’s records as JSON and as CSV for Excel, found by any spelling of the email', async () => {
    const petition = await publishedPetition(strapi);
    const email = `Mireille.Gagnon+petition@exemple.ca`;
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ name: 'Mireille Gagnon', email }))).status).toBe(303);

    const answer = await exportFile('mireille.gagnon@exemple.ca', 'json', superAdminToken);
    expect(answer.status).toBe(200);
    const json = answer.body.data as { fileName: string; contentType: string; content: string; records: number };
    expect(json).toMatchObject({ fileName: 'donnees-personnelles.json', contentType: 'application/json; charset=utf-8', records: 1 });
    const records = JSON.parse(json.content) as { records: Array<Record<string, unknown>> };
    expect(records.records).toHaveLength(1);
    expect(records.records[0]).toMatchObject({ kind: 'signature', petitionSlug: petition.slug, name: 'Mireille Gagnon' });
    expect(json.content).not.toMatch(/emailKey|confirmTokenHash|codeHash|ipHash/);

    const csv = await exported('mireille.gagnon@exemple.ca', 'csv');
    expect(csv).toMatchObject({ fileName: 'donnees-personnelles.csv', contentType: 'text/csv; charset=utf-8' });
    expect([...Buffer.from(csv.content, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.content).toContain('Mireille Gagnon');
  });

  it('takes the contact only from the POST body: a GET with ?contact= exports nothing', async () => {
    const response = await fetch(`${app.baseUrl}/passerelle/personne/export?contact=${encodeURIComponent('mireille.gagnon@exemple.ca')}&format=json`, {
      headers: { authorization: `Bearer ${superAdminToken}` },
    });
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain('Mireille');
  });

  it('erases only after the contact is typed twice, says how much, and the export is then empty', async () => {
    const petition = await publishedPetition(strapi);
    const email = `effacer.${Date.now()}@exemple.ca`;
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email }))).status).toBe(303);

    const unconfirmed = await erase({ contact: email, confirm: 'autre@exemple.ca' }, superAdminToken);
    expect(unconfirmed.status).toBe(400);
    expect(JSON.stringify(unconfirmed.body)).toContain('Retapez');
    expect((await exported(email)).records).toBe(1);

    const erased = await erase({ contact: email, confirm: email }, superAdminToken);
    expect(erased.status).toBe(200);
    expect(erased.body.data).toMatchObject({ total: 1, erased: { signature: 1 } });
    expect((await exported(email)).records).toBe(0);
  });

  it.each(['', 'pas-un-courriel', '12', 'a'.repeat(300)])('answers 400, never a 500, for a contact that is neither an email nor a phone: "%s"', async (contact) => {
    expect((await exportFile(contact, 'json', superAdminToken)).status).toBe(400);
    expect((await erase({ contact, confirm: contact }, superAdminToken)).status).toBe(400);
  });

  it('answers 400 to an export request of the wrong shape', async () => {
    expect((await api(app.baseUrl, '/passerelle/personne/export', { body: { contact: 'a@exemple.ca', format: 'xml' }, token: superAdminToken })).status).toBe(400);
    expect((await api(app.baseUrl, '/passerelle/personne/export', { body: ['a@exemple.ca'], token: superAdminToken })).status).toBe(400);
  });
});
