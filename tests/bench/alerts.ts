/**
 * Alerts benchmark (`npm run bench:alerts`): the weekly digest for 10,000 subscribers across 13
 * neighbourhoods (3 CLSC territories, 4 topics), on SQLite, in-process. Measures the whole run —
 * reading the week's items, composing each scope once per language, and inserting every message
 * into the outbox (the worker, which sends, is kept idle) — then a run cut at half and resumed.
 * Prints one table. Not a test; the target is ≤ 30 s on 2 cores.
 */
import { randomBytes } from 'node:crypto';
import { anEventTakingRegistrations, anOpenPetition, toStrapiDocument } from '@passerelle/shared/testing';
import { sendWeeklyDigests, type DigestSchedule } from '../../cms/src/participation/alerts/digest.ts';
import { scopeKeyOf } from '../../cms/src/participation/alerts/subscriptions.ts';
import { montrealDay } from '../../cms/src/participation/events/reminders.ts';
import { recipientHash } from '../../cms/src/participation/messages/send.ts';
import { startStrapi } from '../support/strapi.ts';

const subscribers = Number(process.env.BENCH_ALERT_SUBSCRIBERS ?? 10_000);
const territories = ['Cœur-de-l’Île', 'Saint-Léonard et Saint-Michel', 'Ahuntsic–Montréal-Nord'];
const hoodNames = ['Villeray', 'Parc-Extension', 'Saint-Michel', 'Rosemont', 'Petite-Patrie', 'Saint-Léonard', 'Ahuntsic', 'Montréal-Nord', 'Sault-au-Récollet', 'Cartierville', 'Bordeaux', 'Nouveau-Rosemont', 'Vieux-Rosemont'];
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const day = 86_400_000;

const app = await startStrapi({ env: { CRON_ENABLED: 'false', PUBLIC_SITE_URL: 'https://passerelle.exemple.ca', OUTBOX_POLL_MS: '600000', LOG_LEVEL: 'error' } });
const strapi = app.strapi;
try {
  const hoods: Array<{ documentId: string; territory: string }> = [];
  for (const [i, name] of hoodNames.entries()) {
    const territory = territories[i % territories.length]!;
    const data = { name, slug: `${name.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '-')}-${i}`, territory, lat: 45.55, lng: -73.6, fsas: [] };
    const created = await strapi.documents('api::neighbourhood.neighbourhood').create({ locale: 'fr', data });
    await strapi.documents('api::neighbourhood.neighbourhood').update({ documentId: created.documentId, locale: 'en', data });
    await strapi.documents('api::neighbourhood.neighbourhood').publish({ documentId: created.documentId, locale: '*' });
    hoods.push({ documentId: created.documentId, territory });
  }
  const topics: string[] = [];
  for (const name of ['Logement', 'Alimentation', 'Transport', 'Aînés']) {
    const data = { name, slug: `${name.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '-')}-${randomBytes(2).toString('hex')}` };
    const created = await strapi.documents('api::topic.topic').create({ locale: 'fr', data });
    await strapi.documents('api::topic.topic').publish({ documentId: created.documentId, locale: '*' });
    topics.push(created.documentId);
  }
  // Each neighbourhood: six events this week (one beyond it) and two open petitions.
  for (const [h, hood] of hoods.entries()) {
    for (let i = 0; i < 8; i++) {
      const startsAt = new Date(Date.now() + ((i % 7) + 1) * day + (i >= 7 ? 14 * day : 0)).toISOString();
      const isEvent = i < 7;
      const uid = isEvent ? 'api::event.event' : 'api::petition.petition';
      const base = isEvent ? anEventTakingRegistrations({ startsInDays: 3 }) : anOpenPetition({ opensInDays: -1 });
      const data: Record<string, unknown> = { ...toStrapiDocument(base), neighbourhoods: [hood.documentId], topics: [topics[(h + i) % topics.length]] };
      if (isEvent) Object.assign(data, { startsAt, endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString() });
      const created = await strapi.documents(uid).create({ locale: 'fr', data });
      await strapi.documents(uid).publish({ documentId: created.documentId, locale: '*' });
    }
  }
  // Subscribers: 70 % email, 30 % text; 80 % French; 70 % a neighbourhood, 20 % its territory, 10 % a topic in it.
  const rows = Array.from({ length: subscribers }, (_, i) => {
    const hood = hoods[i % hoods.length]!;
    const area = i % 10 < 7 || i % 10 === 9 ? 'neighbourhood' : 'territory';
    const topic = i % 10 === 9 ? topics[i % topics.length]! : null;
    const channel = i % 10 < 7 ? 'email' : 'sms';
    const contact = channel === 'email' ? `abonne.${i}@exemple.ca` : `+1438${String(2_000_000 + i).padStart(7, '0')}`;
    return {
      documentId: randomBytes(12).toString('hex'),
      channel,
      email: channel === 'email' ? contact : null,
      phone: channel === 'sms' ? contact : null,
      contactHash: recipientHash(channel, contact),
      scopeKey: scopeKeyOf(area, { documentId: hood.documentId, territory: hood.territory }, topic),
      neighbourhoodDocumentId: hood.documentId,
      area,
      topicDocumentId: topic,
      rightAway: false,
      language: i % 5 === 4 ? 'en' : 'fr',
      subscriptionStatus: 'active',
      submittedAtMs: Date.now(),
      consentAtMs: Date.now(),
    };
  });
  for (let i = 0; i < rows.length; i += 500) await strapi.db.query('api::participation.alert-subscription').createMany({ data: rows.slice(i, i + 500) });

  const schedule: DigestSchedule = { day: weekdays[new Date(`${montrealDay(Date.now()).date}T12:00:00Z`).getUTCDay()]!, hours: { from: 0, until: 24 } };
  const outbox = strapi.db.query('api::participation.outbound-message');
  const table: string[] = ['| Run | Subscribers | Scopes composed | Queued | Already queued | Nothing on | Seconds | Messages/s | RSS MB |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  const measure = async (label: string, now: Date, limit?: number) => {
    const started = performance.now();
    const report = await sendWeeklyDigests(strapi, now, schedule, limit);
    const seconds = (performance.now() - started) / 1000;
    table.push(
      `| ${label} | ${subscribers.toLocaleString('en-CA')} | ${report.composed} | ${report.queued} | ${report.alreadyQueued} | ${report.nothingOn} | ${seconds.toFixed(1)} | ${Math.round(report.queued / seconds)} | ${Math.round(process.memoryUsage().rss / 1e6)} |`,
    );
    return report;
  };
  const full = await measure('Whole digest', new Date());
  // The same digest again from scratch, cut at half (as by a crash) and resumed by the next run.
  await outbox.deleteMany({ where: { messageKind: 'alert-digest' } });
  const now = new Date();
  const cut = await measure('Cut at half', now, Math.floor(full.queued / 2));
  const resumed = await measure('Resumed', now);
  const keys = (await outbox.findMany({ where: { messageKind: 'alert-digest' }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>;
  const duplicates = keys.length - new Set(keys.map((k) => k.idempotencyKey)).size;
  console.log(table.join('\n'));
  console.log(`\nResumed run: ${cut.queued} + ${resumed.queued} = ${cut.queued + resumed.queued} of ${full.queued} expected; duplicate keys in the outbox: ${duplicates}.`);
} finally {
  await app.stop();
}
