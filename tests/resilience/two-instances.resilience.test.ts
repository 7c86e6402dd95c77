import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEventTakingRegistrations, anOpenPetition } from '@passerelle/shared/testing';
import type { CmsProcess } from '../support/cms-process.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.ts';
import { freshIp, postForm, rsvpPath, signPath, solvedAltcha, validRsvp, validSignature } from '../support/participation.ts';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.ts';
import { bootCmsOnCluster, resiliencePgPort, writeSeed } from '../support/resilience.ts';
import { startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';

/**
 * Two CMS processes on one PostgreSQL database, as behind a load balancer (requests alternate
 * between them; no nginx needed to show it): what one instance decides, the other must respect.
 * - the RSVP race: 100 registrations at once for 20 seats → exactly 20 seats, 80 on the waiting list;
 * - the per-address rate limit: a second signature from one address, on the other instance, is
 *   held as suspect (the limits are counted from the rows, not kept in a process's memory);
 * - ALTCHA: a solved challenge is accepted once, whichever instance sees it again.
 * Scheduled jobs running once across instances are tested in
 * tests/integration/scheduled-job-lock.integration.test.ts (two database sessions, the lock's only input).
 */
const titled = (slug: string, fr: string, en: string) => ({ slug, fr: { title: fr }, en: { title: en } });
const event = anEventTakingRegistrations({ ...titled('atelier-deux-instances', 'L’atelier des deux instances', 'The two-instance workshop'), capacity: 20, startsInDays: 3 });
const limitedPetition = anOpenPetition(titled('petition-limite-partagee', 'La pétition à la limite partagée', 'The shared-limit petition'));
const powPetition = anOpenPetition(titled('petition-preuve-unique', 'La pétition à la preuve unique', 'The single-proof petition'));

let dir: string;
let cluster: PgCluster;
let smtp: SmtpMailbox;
let twilio: FakeTwilio;
let first: CmsProcess;
let second: CmsProcess;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'passerelle-two-instances-'));
  cluster = startPgCluster(resiliencePgPort(1));
  [smtp, twilio] = await Promise.all([startSmtpMailbox(), startFakeTwilio()]);
  const options = { cluster, seedDir: writeSeed(path.join(dir, 'seed'), [event, limitedPetition, powPetition]), smtpPort: smtp.port, twilio };
  // One after the other: the second finds the schema migrated and the items seeded.
  first = await bootCmsOnCluster(options);
  second = await bootCmsOnCluster(options);
}, 300_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await Promise.all([smtp?.close(), twilio?.close()]);
  cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const instance = (i: number) => (i % 2 === 0 ? first : second).baseUrl;

describe('two CMS instances on one database', () => {
  it('give exactly 20 seats to 100 simultaneous registrations sent to both', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => postForm(instance(i), rsvpPath(event.slug), validRsvp())));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(303));
    expect(answers.filter((a) => a.location === `/participer/evenements/${event.slug}/inscrit?locale=fr`)).toHaveLength(20);
    expect(answers.filter((a) => a.location === `/participer/evenements/${event.slug}/liste-attente?locale=fr`)).toHaveLength(80);
    const rows = await cluster.query<{ status: string; count: string }>(
      'select registration_status as status, count(*) as count from registrations where event_slug = $1 group by registration_status order by 1',
      [event.slug],
    );
    expect(rows.map((r) => [r.status, Number(r.count)])).toEqual([
      ['confirmed', 20],
      ['waitlisted', 80],
    ]);
  });

  it('hold a second signature from one address as suspect, whichever instance took the first', async () => {
    const ip = freshIp();
    const atFirst = await postForm(first.baseUrl, signPath(limitedPetition.slug), validSignature(), { ip });
    const atSecond = await postForm(second.baseUrl, signPath(limitedPetition.slug), validSignature(), { ip });
    // The same page for both: only the database tells them apart.
    expect([atFirst.status, atSecond.status]).toEqual([303, 303]);
    const rows = await cluster.query<{ suspect_reason: string | null }>('select suspect_reason from signatures where petition_slug = $1 order by id', [limitedPetition.slug]);
    expect(rows.map((r) => r.suspect_reason)).toEqual([null, 'rate-limit']);
  });

  it('accept a solved proof of work once: replayed on the other instance, it counts as no proof', async () => {
    const proof = await solvedAltcha(first.baseUrl);
    const once = await postForm(first.baseUrl, signPath(powPetition.slug), validSignature({ altcha: proof }));
    const replayed = await postForm(second.baseUrl, signPath(powPetition.slug), validSignature({ altcha: proof }));
    expect([once.status, replayed.status]).toEqual([303, 303]);
    const rows = await cluster.query<{ checked_by: string }>('select checked_by from signatures where petition_slug = $1 order by id', [powPetition.slug]);
    expect(rows.map((r) => r.checked_by)).toEqual(['proof-of-work', 'ip-rate-limit']);
    expect(await cluster.count('select count(*) from proof_of_work_uses')).toBe(1);
  });
});
