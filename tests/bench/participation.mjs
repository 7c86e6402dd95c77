#!/usr/bin/env node
/**
 * Signature benchmark against a running CMS (scripts/bench-participation.sh starts one on SQLite
 * and one on PostgreSQL): N submissions at concurrency C, each from its own address (through the
 * X-Forwarded-For header the CMS trusts from its proxy), then their confirmations; prints one row
 * of throughput, p50/p99 latency, and an audit read from the database: stored = accepted,
 * counted = confirmed, duplicates = 0.
 *
 *   node tests/bench/participation.mjs <cmsUrl> <outboxFile> <db: sqlite:/path | postgres> [label]
 *
 * <cmsUrl> may be nginx in front of several CMS instances (scripts/bench-stack.sh).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const [cmsUrl, outboxFile, db, label = db.split(':')[0]] = process.argv.slice(2);
const total = Number(process.env.BENCH_SIGNATURES ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const cmsRequire = createRequire(fileURLToPath(new URL('../../cms/package.json', import.meta.url)));

async function pool(items, worker) {
  const latencies = [];
  const startedAt = [];
  let next = 0;
  // One keep-alive connection per worker, opened before the clock starts, as wrk and autocannon
  // do. Opening 50 inside the timed window measures something else: under load, Node (libuv ≥ 1.45,
  // libuv/libuv#3696) accepts one new connection per event-loop turn, so the 50th waits ~50 turns
  // (1–3 s here). In production the site server or nginx in front keeps a few connections open
  // to the CMS. A pool shared by all workers (global fetch) would also time its own queue.
  const agents = Array.from({ length: concurrency }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  await Promise.all(agents.map((agent) => get('/_health', agent)));
  const started = performance.now();
  await Promise.all(
    agents.map(async (agent) => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = performance.now();
        await worker(item, agent);
        latencies.push(performance.now() - t0);
        startedAt.push(t0 - started);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Where the slowest 1 % happened (ms after the start), to tell a cold start from a steady tail.
  const slowest = latencies
    .map((ms, i) => ({ ms, at: startedAt[i] }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Math.max(1, Math.ceil(latencies.length / 100)));
  console.error(`slowest 1 %: ${slowest.map((s) => `${s.ms.toFixed(0)} ms at +${(s.at / 1000).toFixed(1)} s`).join(', ')}`);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  return { perSecond: (items.length / seconds).toFixed(0), p50: pct(50), p99: pct(99), seconds: seconds.toFixed(1) };
}

/** GETs a path through the given connection; resolves to the status once the body is read. */
const get = (path, agent) =>
  new Promise((resolve, reject) => {
    request(cmsUrl + path, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });

/** POSTs a form through the worker's own connection; resolves to the status once the body is read. */
const post = (path, fields, ip, agent) =>
  new Promise((resolve, reject) => {
    const body = new URLSearchParams(fields).toString();
    const req = request(
      cmsUrl + path,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': ip },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

// Through nginx (npm run bench:stack) the forms are proxied but the REST API is not: BENCH_API_URL
// names a CMS instance for this one lookup.
const apiUrl = process.env.BENCH_API_URL ?? cmsUrl;
const petitions = await (await fetch(`${apiUrl}/api/petitions?filters[petitionStatus][$eq]=open&filters[closesAt][$gt]=${new Date().toISOString()}&filters[opensAt][$lt]=${new Date().toISOString()}&fields[0]=slug&pagination[pageSize]=1`)).json();
const slug = petitions.data?.[0]?.slug;
if (!slug) throw new Error('no open petition in the CMS (seed the demo data)');
const run = Date.now().toString(36);
const people = Array.from({ length: total }, (_, i) => ({
  email: `bench-${run}-${i}@exemple.ca`,
  // Its own addresses per run (10.<run>.x.y), so a second run against the same CMS is not rate limited.
  ip: `10.${(Number.parseInt(run, 36) + (i >> 16)) & 255}.${(i >> 8) & 255}.${i & 255}`,
}));

let accepted = 0;
const submit = await pool(people, async (p, agent) => {
  const status = await post(`/participer/petitions/${slug}/signer`, { name: 'Personne Banc', postalCode: 'H2R 1X9', email: p.email, consent: '1' }, p.ip, agent);
  if (status === 303) accepted++;
});

// The outbox worker sends after each signature's transaction commits: wait (up to a minute) until
// every accepted signature's email is in the file, or the confirmations would miss the late ones.
const tokens = new Map();
for (const until = Date.now() + 60_000; tokens.size < accepted && Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 250))) {
  for (const line of readFileSync(outboxFile, 'utf8').split('\n')) {
    if (!line.includes(`bench-${run}-`)) continue;
    const message = JSON.parse(line);
    const token = /jeton=([\w-]+)/.exec(message.text)?.[1];
    if (token) tokens.set(message.to, token);
  }
}
let confirmed = 0;
const confirm = await pool(people.filter((p) => tokens.has(p.email)), async (p, agent) => {
  const status = await post('/participer/petitions/confirmer', { jeton: tokens.get(p.email) }, p.ip, agent);
  if (status === 303) confirmed++;
});

async function audit() {
  const sql = {
    stored: `SELECT COUNT(*) AS n FROM signatures WHERE email LIKE 'bench-${run}-%'`,
    counted: `SELECT COUNT(*) AS n FROM signatures WHERE email LIKE 'bench-${run}-%' AND signature_status = 'confirmed'`,
    duplicates: `SELECT COUNT(*) AS n FROM (SELECT email_key FROM signatures WHERE email_key IS NOT NULL GROUP BY email_key HAVING COUNT(*) > 1) d`,
  };
  const out = {};
  if (db.startsWith('sqlite:')) {
    const Database = cmsRequire('better-sqlite3');
    const conn = new Database(db.slice('sqlite:'.length), { readonly: true });
    for (const [k, q] of Object.entries(sql)) out[k] = Number(conn.prepare(q).get().n);
    conn.close();
  } else {
    const { Client } = cmsRequire('pg');
    const client = new Client({ host: process.env.DATABASE_HOST, port: Number(process.env.DATABASE_PORT), database: process.env.DATABASE_NAME, user: process.env.DATABASE_USERNAME });
    await client.connect();
    for (const [k, q] of Object.entries(sql)) out[k] = Number((await client.query(q)).rows[0].n);
    await client.end();
  }
  return out;
}
const a = await audit();
const ok = a.stored === accepted && a.counted === confirmed && a.duplicates === 0 && accepted === total && confirmed === total;
console.log(
  `| ${label} | ${total} @ ${concurrency} | ${submit.perSecond}/s | ${submit.p50} | ${submit.p99} | ${confirm.perSecond}/s | ${confirm.p50} | ${confirm.p99} | ${a.stored}/${accepted} | ${a.counted}/${confirmed} | ${a.duplicates} | ${ok ? 'ok' : 'MISMATCH'} |`,
);
if (!ok) process.exitCode = 1;
