/**
 * Practitioners' space benchmark (`npm run bench:space`): one round table with 200 members, 100
 * meetings (80 past, 20 to come), 500 open requests for a hand and 500 messages in its discussion,
 * on SQLite, in-process, over HTTP on loopback. Measures a member's table page (with its latest
 * messages), the discussion's second page and the requests list (after a warm-up), and
 * sign-in by text code: the contact's POST and the code's POST, each member once (the limits allow
 * a few codes per number a day). Prints one table. Not a test; the targets are the table page
 * ≤ 50 ms p95 and sign-in by code ≤ 100 ms p95 on 2 cores.
 */
import { normalisePhone, spaceHandPaths, spacePaths, spaceTableMessagesPath, spaceTablePath } from '@passerelle/shared/participation';
import { awaitMessageTo, freshIp, useTestOutbox } from '../support/participation.ts';
import { hiddenFields, practitionerUid, roundTableUid, meetingUid, handRequestUid, threadMessageUid, type SpaceBrowser, signInByCode } from '../support/space.ts';
import { startStrapi } from '../support/strapi.ts';

const members = Number(process.env.BENCH_SPACE_MEMBERS ?? 200);
const meetings = Number(process.env.BENCH_SPACE_MEETINGS ?? 100);
const requests = Number(process.env.BENCH_SPACE_REQUESTS ?? 500);
const threadMessages = Number(process.env.BENCH_SPACE_MESSAGES ?? 500);
const samples = Number(process.env.BENCH_SPACE_SAMPLES ?? 200);
const warmUp = 20;
const day = 86_400_000;

const outbox = useTestOutbox();
const app = await startStrapi({ env: { CRON_ENABLED: 'false', LOG_LEVEL: 'error' } });
const strapi = app.strapi;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const row = (label: string, values: number[], target: string) =>
  `| ${label} | ${values.length} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 95).toFixed(1)} | ${Math.max(...values).toFixed(1)} | ${target} |`;

/** A request as a browser makes it, timed from sending to the last byte. */
async function timed(browser: SpaceBrowser, path: string, fields?: Record<string, string>): Promise<{ ms: number; status: number; location: string | null; text: string }> {
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const headers: Record<string, string> = { 'x-forwarded-for': freshIp(), ...(cookie ? { cookie } : {}) };
  const started = performance.now();
  const response = await fetch(app.baseUrl + path, {
    method: fields ? 'POST' : 'GET',
    redirect: 'manual',
    headers: fields ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
    body: fields ? new URLSearchParams(fields).toString() : undefined,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...value] = pair!.split('=');
    browser.cookies.set(name!.trim(), value.join('='));
  }
  return { ms, status: response.status, location: response.headers.get('location'), text };
}

try {
  const seedStarted = performance.now();
  const phones: string[] = [];
  const memberIds: string[] = [];
  for (let i = 0; i < members; i += 1) {
    const phone = normalisePhone(`514 8${String(10 + (i % 90)).padStart(2, '0')}-${String(1000 + i).padStart(4, '0')}`)!;
    phones.push(phone);
    const created = await strapi.documents(practitionerUid).create({
      data: { name: `Membre ${String(i).padStart(3, '0')}`, phone, email: `membre.${i}@groupe.exemple.ca`, spaceRole: i % 20 === 0 ? 'oc' : 'intervenant', active: true, showContact: i % 3 === 0 },
    });
    memberIds.push((created as { documentId: string }).documentId);
  }
  const table = ((await strapi.documents(roundTableUid).create({ data: { name: 'Table de Villeray', members: memberIds, coordinators: memberIds.slice(0, 5) } })) as { documentId: string }).documentId;
  for (let i = 0; i < meetings; i += 1) {
    const startsAt = new Date(Date.now() + (i < meetings * 0.8 ? -(i + 1) * 14 * day : (i - meetings * 0.8 + 1) * 14 * day));
    await strapi.documents(meetingUid).create({
      data: {
        title: `Réunion ${i}`,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
        place: 'Centre communautaire',
        agenda: 'Tour de table.\n\nProjets de quartier.',
        minutes: i < meetings * 0.8 ? 'Compte rendu de la réunion, quelques paragraphes.' : '',
        decisions: i < meetings * 0.8 ? 'Une décision.' : '',
        roundTable: table,
        attendees: memberIds.slice(0, 40),
        sequence: 0,
      },
    });
  }
  const kinds = ['salle', 'benevoles', 'interprete', 'partenaire', 'materiel', 'autre'];
  for (let i = 0; i < requests; i += 1) {
    await strapi.documents(handRequestUid).create({
      data: { kind: kinds[i % kinds.length], title: `Demande ${i}`, details: 'Détails de la demande.', author: memberIds[i % members], roundTables: [table], requestStatus: 'open', createdAtMs: Date.now() - i * 3_600_000 },
    });
  }
  for (let i = 0; i < threadMessages; i += 1) {
    await strapi.documents(threadMessageUid).create({ data: { roundTable: table, author: memberIds[i % members], text: `Message ${i} de la discussion.`, createdAtMs: Date.now() - i * 600_000 } as never });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const browser = await signInByCode(app.baseUrl, outbox, phones[members - 1]!);
  const measurePage = async (path: string) => {
    const times: number[] = [];
    for (let i = 0; i < warmUp + samples; i += 1) {
      const answer = await timed(browser, path);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
      if (i >= warmUp) times.push(answer.ms);
    }
    return times;
  };
  const tablePage = await measurePage(spaceTablePath(table));
  const handsPage = await measurePage(spaceHandPaths.list);
  const olderMessages = await measurePage(`${spaceTableMessagesPath(table)}?page=2`);

  // Sign-in by code: each member once (the last one signed in above).
  const asks: number[] = [];
  const verifies: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < Math.min(members - 1, warmUp + samples); i += 1) {
    const person = new (browser.constructor as new (baseUrl: string) => SpaceBrowser)(app.baseUrl);
    const form = await timed(person, spacePaths.signIn);
    const ask = await timed(person, spacePaths.signIn, { ...hiddenFields(form.text, spacePaths.signIn), contact: phones[i]! });
    if (ask.status !== 303 || !ask.location) throw new Error(`sign-in request answered ${ask.status}`);
    const code = /\b(\d{6})\b/.exec((await awaitMessageTo(outbox, phones[i]!))?.text ?? '')?.[1];
    if (!code) throw new Error(`no code for ${phones[i]}`);
    const page = await timed(person, ask.location);
    const verify = await timed(person, spacePaths.code, { ...hiddenFields(page.text, spacePaths.code), code });
    if (verify.status !== 303) throw new Error(`code answered ${verify.status}`);
    if (i >= warmUp) {
      asks.push(ask.ms);
      verifies.push(verify.ms);
      whole.push(ask.ms + verify.ms);
    }
  }

  console.log(`Seeded ${members} members, ${meetings} meetings, ${requests} requests, ${threadMessages} messages at one table in ${seedSeconds.toFixed(0)} s.\n`);
  console.log('| Request | samples | p50 (ms) | p95 (ms) | max (ms) | target |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(row('Table page', tablePage, 'p95 ≤ 50 ms'));
  console.log(row('Requests for a hand (list, first page)', handsPage, '—'));
  console.log(row('Table discussion, page 2', olderMessages, '—'));
  console.log(row('Sign-in: contact POST', asks, '—'));
  console.log(row('Sign-in: code POST', verifies, '—'));
  console.log(row('Sign-in by code (both POSTs)', whole, 'p95 ≤ 100 ms'));
} finally {
  await app.stop();
}
