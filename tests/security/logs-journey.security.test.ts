import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootCms, type CmsProcess } from '../support/cms-process.ts';
import { awaitMessageTo, codeFrom, freshIp, tokenFrom } from '../support/participation.ts';

/**
 * Every contact and secret a full journey uses — residents signing, confirming, registering,
 * cancelling, saying "I'm interested", answering a consultation, then an admin exporting and
 * erasing one of them — is looked for in everything the CMS process wrote to stdout and stderr,
 * with HTTP requests logged (LOG_LEVEL=http) as JSON lines (LOG_FORMAT=json), and in the metrics
 * scraped at the end. None may appear, in any spelling or encoding.
 */
const ADMIN = { email: 'journee.admin@exemple.ca', password: `Journee-${randomBytes(6).toString('hex')}-2026!` };
const hex = randomBytes(3).toString('hex');
const people = {
  signer: { name: 'Zéphirine Journeaux', email: `Zephirine.Journeaux+petition${hex}@Exemple.ca`, phone: '(438) 555-2741' },
  rsvp: { name: 'Octave Rsvpier', email: `octave.rsvpier.${hex}@exemple.ca`, phone: '438.555.3852' },
  interest: { name: 'Ildegarde Interessee', email: `ILDEGARDE.interessee.${hex}@Exemple.ca`, phone: '+1 438 555 4963' },
  answer: { name: 'Anatole Avisier', email: `anatole.avisier.${hex}@exemple.ca`, phone: '4385555074' },
};

let workDir: string;
let outbox: string;
let cms: CmsProcess;
/** Every secret the journey handled, found in messages or answers along the way. */
const secrets: Array<{ what: string; value: string }> = [];
/** What each step answered, checked after the logs (so a failing step still lets us read them). */
const statuses: Array<{ step: string; status: number; expected: number }> = [];

async function request(step: string, expected: number, pathAndQuery: string, init: { method?: string; form?: Record<string, string>; json?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': freshIp() };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(cms.baseUrl + pathAndQuery, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
  const text = await response.text();
  statuses.push({ step, status: response.status, expected });
  return { status: response.status, location: response.headers.get('location'), text };
}

/** Published items of the seeded demo data, through the public REST API. */
/* eslint-disable @typescript-eslint/no-explicit-any -- items of the public REST API's JSON, as `Response.json()` gives them; the journey's steps check what they use */
async function firstPublished(plural: string, query: string, accept: (item: any) => boolean = () => true): Promise<any> {
  const response = await fetch(`${cms.baseUrl}/api/${plural}?locale=fr&pagination[pageSize]=100&${query}`);
  const items = ((await response.json()) as { data: any[] }).data ?? [];
  /* eslint-enable @typescript-eslint/no-explicit-any */
  const item = items.find(accept);
  if (!item) throw new Error(`no published ${plural} for the journey`);
  return item;
}

/** One valid answer per question of a seeded consultation, as the form would send them. */
function answersFor(questions: Array<{ kind: string }>): Record<string, string> {
  const fields: Record<string, string> = {};
  questions.forEach((q, i) => {
    if (q.kind === 'multiple') fields[`q${i + 1}-1`] = '1';
    else if (q.kind === 'text') fields[`q${i + 1}`] = 'Plus de bancs.';
    else if (q.kind === 'scale') fields[`q${i + 1}`] = '4';
    else fields[`q${i + 1}`] = '1';
  });
  return fields;
}

const sitePath = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'passerelle-logs-'));
  outbox = path.join(workDir, 'outbox.jsonl');
  const outcome = await bootCms({
    NODE_ENV: 'development',
    LOG_LEVEL: 'http',
    // Production's format: one JSON object per line, every field redacted.
    LOG_FORMAT: 'json',
    // The metrics endpoint too: after the journey, no label may hold what the residents typed.
    METRICS_PORT: '0',
    SEED_DEMO_DATA: 'true',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DEV_OUTBOX_FILE: outbox,
    PROPOSALS_NOTIFY_EMAIL: 'oc@passerelle.test',
    PETITION_COUNT_CACHE_SECONDS: '0',
  }, { timeoutMs: 400_000 });
  if (outcome.kind !== 'ready') throw new Error(`CMS did not start (exit ${outcome.code}):\n${outcome.output.slice(-3000)}`);
  cms = outcome.cms;
}, 420_000);

afterAll(async () => {
  await cms?.stop();
  rmSync(workDir, { force: true, recursive: true });
});

describe('a full journey leaves no contact, code or token in the CMS’s logs', () => {
  it('signs, confirms, registers, cancels, says interested, answers, then an admin exports and erases', { timeout: 300_000 }, async () => {
    const petition = await firstPublished('petitions', 'filters[petitionStatus][$eq]=open', (p) => new Date(p.closesAt) > new Date() && new Date(p.opensAt) < new Date());
    const event = await firstPublished('events', 'filters[registrationMode][$eq]=form&sort=startsAt:asc', (e) => new Date(e.startsAt).getTime() > Date.now() + 86_400_000);
    const call = await firstPublished('calls', 'sort=deadline:desc', (c) => !c.deadline || new Date(c.deadline) > new Date());
    const consultation = await firstPublished('consultations', 'populate=questions', (c) => new Date(c.opensAt) < new Date() && new Date(c.closesAt) > new Date());

    // A petition, signed with an email and a phone: a link by email, a code by text message.
    const { signer } = people;
    const signed = await request('sign', 303, `/participer/petitions/${petition.slug}/signer`, {
      form: { locale: 'fr', name: signer.name, postalCode: 'h2r1a1', email: signer.email, phone: signer.phone, consent: '1', website: '' },
    });
    const ref = new URL(signed.location ?? '/?ref=', cms.baseUrl).searchParams.get('ref') ?? '';
    secrets.push({ what: 'code page ref', value: ref });
    await request('code page', 200, sitePath(signed.location ?? '/'));
    const mail = await awaitMessageTo(outbox, signer.email.toLowerCase());
    const jeton = tokenFrom(mail);
    secrets.push({ what: 'petition confirmation token', value: jeton });
    const confirmLink = /https?:\/\/\S+jeton=\S+/.exec(mail!.text)![0];
    await request('open the confirmation link', 200, sitePath(confirmLink));
    const code = codeFrom(await awaitMessageTo(outbox, '+14385552741'));
    secrets.push({ what: 'SMS code', value: code });
    await request('confirm by code', 303, '/participer/petitions/code', { form: { ref, code, locale: 'fr' } });
    await request('confirm by link (already confirmed)', 303, '/participer/petitions/confirmer', { form: { jeton, locale: 'fr' } });

    // An event: register with email and phone, then cancel with the link.
    const { rsvp } = people;
    await request('register', 303, `/participer/evenements/${event.slug}/inscription`, {
      form: { locale: 'fr', name: rsvp.name, email: rsvp.email, phone: rsvp.phone, people: '1', accessibilityNeeds: '', website: '' },
    });
    const cancelToken = tokenFrom(await awaitMessageTo(outbox, rsvp.email));
    secrets.push({ what: 'cancel token', value: cancelToken });
    await request('open the cancel link', 200, `/participer/evenements/annuler?jeton=${cancelToken}&locale=fr`);
    await request('cancel', 303, '/participer/evenements/annuler', { form: { jeton: cancelToken, locale: 'fr' } });

    // "I'm interested" in a call, and an answer to a consultation with a follow-up contact.
    const { interest, answer } = people;
    await request('interested', 303, `/participer/appels/${call.slug}/interesse`, {
      form: { locale: 'fr', name: interest.name, email: interest.email, phone: interest.phone, preferredContactTime: 'Le soir', website: '' },
    });
    await request('answer', 303, `/participer/consultations/${consultation.slug}/repondre`, {
      form: { locale: 'fr', website: '', ...answersFor(consultation.questions), followUp: '1', name: answer.name, email: answer.email, phone: answer.phone },
    });

    // The person in charge of personal information exports, then erases, the signer's data.
    const login = await request('admin login', 200, '/admin/login', { json: ADMIN });
    const adminToken = (JSON.parse(login.text) as { data?: { token?: string } }).data?.token ?? '';
    secrets.push({ what: 'admin session token', value: adminToken });
    const exported = await request('export (JSON)', 200, '/passerelle/personne/export', { json: { contact: signer.email.toUpperCase(), format: 'json' }, token: adminToken });
    await request('export (CSV)', 200, '/passerelle/personne/export', { json: { contact: '438 555 2741', format: 'csv' }, token: adminToken });
    await request('erase', 200, '/passerelle/personne/effacement', { json: { contact: '438-555-2741', confirm: '438-555-2741' }, token: adminToken });

    const metricsAt = /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(cms.output())?.[1];
    if (!metricsAt) throw new Error('the CMS did not say where its metrics are');
    const metrics = await (await fetch(metricsAt)).text();
    expect(metrics).toContain('passerelle_participation_outcomes_total{form="signature",outcome="accepted"} 1');

    await cms.stop();
    const output = cms.output() + metrics;
    // URL-encoded and form-encoded spellings too.
    const decoded = output.replace(/\+/g, ' ').replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

    const leaks: string[] = [];
    for (const [who, person] of Object.entries(people)) {
      const local = person.email.slice(0, person.email.indexOf('@')).toLowerCase();
      const digits = person.phone.replace(/\D/g, '').slice(-10);
      const phonePattern = new RegExp(digits.split('').join('\\D{0,3}'));
      for (const text of [output, decoded]) {
        if (text.toLowerCase().includes(local.split('+')[0]!)) leaks.push(`${who}'s email`);
        if (phonePattern.test(text)) leaks.push(`${who}'s phone`);
        if (text.toLowerCase().includes(person.name.split(' ')[1]!.toLowerCase())) leaks.push(`${who}'s name`);
      }
    }
    for (const { what, value } of secrets) {
      if (!value) continue;
      const pattern = /^\d+$/.test(value) ? new RegExp(`(?<!\\d)${value}(?!\\d)`) : value;
      for (const text of [output, decoded]) if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) leaks.push(what);
    }
    if (output.includes(ADMIN.password)) leaks.push('admin password');
    expect([...new Set(leaks)], 'found in the CMS output').toEqual([]);

    // One JSON object per request line, with its route pattern and request id.
    const requestLines = cms
      .output()
      .split('\n')
      .filter((l) => l.includes('"level":"http"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(requestLines.length).toBeGreaterThan(10);
    expect(requestLines).toContainEqual(expect.objectContaining({ method: 'POST', route: '/participer/petitions/:slug/signer', status: 303, requestId: expect.any(String) }));
        // The log is not empty: requests were logged, paths and statuses included.
    expect(output).toMatch(/POST \/participer\/petitions\/[a-z0-9-]+\/signer \(\d+ ms\) 303/);
    expect(output).toMatch(/GET \/participer\/evenements\/annuler\S* \(\d+ ms\) 200/);
    expect(output).toMatch(/POST \/passerelle\/personne\/export \(\d+ ms\) 200/);
    expect(output).toContain('personal data export');

    expect(statuses.filter((s) => s.status !== s.expected)).toEqual([]);
    expect(exported.text).toContain('Journeaux');
  });
});
