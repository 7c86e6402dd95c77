#!/usr/bin/env node
/**
 * Publish→live latency, as an OC lives it: publishes an event through the admin API (the same
 * calls as the admin panel's Publish button), then polls the static site until the event's page is
 * served. One publish at a time (each waits for the previous build to finish), `count` times.
 * Prints JSON: per publish the latency and the publisher's own split of its build.
 *
 *   node tests/bench/measure-publish.mjs <cms-url> <site-url> <publisher-url> [count]
 *
 * Latency starts when the publish request is answered: Strapi sends the webhook within ~100 ms.
 * Two numbers per publish: when the event's own page is served (the express lane, or the full build
 * when the express lane is off or could not help), and when the full build that follows — lists,
 * search, map — went live.
 */
const [cmsUrl, siteUrl, publisherUrl, countArg = '10'] = process.argv.slice(2);
const count = Number(countArg);
const email = process.env.ADMIN_EMAIL;
const password = process.env.ADMIN_PASSWORD;
if (!cmsUrl || !siteUrl || !publisherUrl || !email || !password) {
  console.error('usage: ADMIN_EMAIL=… ADMIN_PASSWORD=… measure-publish.mjs <cms-url> <site-url> <publisher-url> [count]');
  process.exit(2);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin(path, body, token) {
  const res = await fetch(cmsUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

const status = () => fetch(`${publisherUrl}/status.json`).then((r) => r.json());
async function untilIdle() {
  for (;;) {
    const s = await status();
    if (s.queue.state === 'idle' && !s.building) return s;
    await sleep(200);
  }
}

const { data: login } = await admin('/admin/login', { email, password });
const token = login.token;
const uid = 'api::event.event';
const inDays = (days, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
const runs = [];

await untilIdle();
for (let i = 0; i < count; i++) {
  const slug = `bench-publication-${Date.now().toString(36)}-${i}`;
  const created = await admin(
    `/content-manager/collection-types/${uid}?locale=fr`,
    {
      title: `Publication mesurée ${i + 1}`,
      slug,
      summary: 'Un événement publié pour mesurer le délai de mise en ligne.',
      startsAt: inDays(5),
      endsAt: inDays(5, 2),
      place: {
        venueName: 'Centre communautaire',
        address: '1000 rue Test, Montréal',
        lat: 45.5545,
        lng: -73.664,
        // Required for events by the CMS (validate-content.ts).
        accessibilityNotes: 'Entrée de plain-pied, toilettes adaptées.',
      },
    },
    token,
  );
  const before = (await status()).lastSuccess?.id;
  await admin(`/content-manager/collection-types/${uid}/${created.data.documentId}/actions/publish?locale=fr`, {}, token);
  const published = Date.now();
  for (;;) {
    const res = await fetch(`${siteUrl}/evenements/${slug}/`, { method: 'HEAD' });
    if (res.status === 200) break;
    if (Date.now() - published > 15 * 60_000) throw new Error(`${slug} never went live`);
    await sleep(100);
  }
  const latencyMs = Date.now() - published;
  const s = await untilIdle();
  const build = s.lastSuccess && s.lastSuccess.id !== before ? s.lastSuccess : null;
  // When the full build (lists, search, map, calendars) that followed went live.
  const fullMs = build ? Date.parse(build.finishedAt) - published : null;
  const express = s.lastExpress && s.lastExpress.pages.some((p) => p.includes(slug)) ? s.lastExpress.timings : null;
  runs.push({ slug, latencyMs, fullMs, express, timings: build?.timings ?? {}, pageCount: build?.pageCount });
  console.error(`publish ${i + 1}/${count}: page live after ${(latencyMs / 1000).toFixed(1)} s${express ? ' (express lane)' : ''}, whole site after ${fullMs === null ? '?' : (fullMs / 1000).toFixed(1)} s`);
}
console.log(JSON.stringify({ runs }));
