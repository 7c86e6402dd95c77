import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOpenPetition } from '@passerelle/shared/testing';
import type { CmsProcess } from '../support/cms-process.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.ts';
import { freshIp, signPath, validSignature } from '../support/participation.ts';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.ts';
import { bootCmsOnCluster, leaksInternals, resiliencePgPort, writeSeed } from '../support/resilience.ts';
import { startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';

/**
 * PostgreSQL restarts under a burst of signatures, with a production CMS process connected to it.
 * The CMS is not restarted: it reconnects by itself. Meanwhile residents get "Try again in a
 * minute" (503 with Retry-After, French or English, no stack frame or SQL), never a 500; /_ready
 * says 503 so a balancer stops sending traffic; and nothing is half written — every signature has
 * its confirmation in the outbox and every queued confirmation its signature, and the count of
 * stored signatures is the count of residents who were told "thanks" (303).
 */
const petition = anOpenPetition({ slug: 'petition-redemarrage-base', fr: { title: 'La pétition du redémarrage' }, en: { title: 'The restart petition' } });
const SIGNERS_AT_ONCE = 6;
// Each signer pauses between signatures: enough traffic to be inside requests when the database
// goes, while the confirmations the outbox then owes stay in the hundreds on a fast machine (an
// unpaced burst of thousands spends the test's time on mail delivery, not on the restart).
const PAUSE_BETWEEN_SIGNATURES_MS = 150;
const BEFORE_MS = 3_000;
const DOWN_MS = 4_000;
const AFTER_MS = 5_000;

let dir: string;
let cluster: PgCluster;
let smtp: SmtpMailbox;
let twilio: FakeTwilio;
let cms: CmsProcess;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'passerelle-db-restart-'));
  cluster = startPgCluster(resiliencePgPort(0));
  [smtp, twilio] = await Promise.all([startSmtpMailbox(), startFakeTwilio()]);
  cms = await bootCmsOnCluster({
    cluster,
    seedDir: writeSeed(path.join(dir, 'seed'), [petition]),
    smtpPort: smtp.port,
    twilio,
    env: { PETITION_RATE_SHORT_MAX: '100000', PETITION_RATE_LONG_MAX: '100000', OUTBOX_POLL_MS: '100', OUTBOX_RETRY_BASE_MS: '200', OUTBOX_RETRY_MAX_MS: '1000', OUTBOX_LEASE_SECONDS: '5' },
  });
}, 300_000);

afterAll(async () => {
  await cms?.stop();
  await Promise.all([smtp?.close(), twilio?.close()]);
  cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  email: string;
  locale: 'fr' | 'en';
  status: number;
  retryAfter: string | null;
  body: string;
  at: number;
}

async function sign(i: number): Promise<Answer> {
  const locale = i % 3 === 0 ? 'en' : 'fr';
  const email = `redemarrage.${i}.${Date.now().toString(36)}@exemple.ca`;
  const response = await fetch(cms.baseUrl + signPath(petition.slug), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': freshIp() },
    body: new URLSearchParams(validSignature({ email, locale })).toString(),
  });
  return { email, locale, status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text(), at: Date.now() };
}

describe('PostgreSQL restarts during a burst of signatures', () => {
  it('answers 303 or "try again in a minute" (503), reconnects without a restart, and writes nothing by halves', async () => {
    const answers: Answer[] = [];
    const readiness: Array<{ at: number; status: number }> = [];
    let running = true;
    let next = 0;
    const signer = async () => {
      while (running) {
        answers.push(await sign(next++));
        await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_SIGNATURES_MS));
      }
    };
    const probe = async () => {
      while (running) {
        const response = await fetch(`${cms.baseUrl}/_ready`);
        readiness.push({ at: Date.now(), status: response.status });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const burst = Promise.all([...Array.from({ length: SIGNERS_AT_ONCE }, signer), probe()]);

    await new Promise((resolve) => setTimeout(resolve, BEFORE_MS));
    const downAt = Date.now();
    cluster.stop();
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
    cluster.start();
    const upAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, AFTER_MS));
    running = false;
    await burst;

    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    console.log(`database restart: ${answers.length} signatures sent, by status ${JSON.stringify(Object.fromEntries(statuses))}, down ${upAt - downAt} ms`);

    // Only the two answers a resident may get.
    const failures = cms.output().split('\n').filter((line) => line.includes('failed:') || /^\s+at /.test(line)).slice(0, 40).join('\n');
    expect([...statuses.keys()].sort(), failures).toEqual([303, 503]);
    const unavailable = answers.filter((a) => a.status === 503);
    for (const a of unavailable) {
      expect(a.retryAfter).toBe('60');
      expect(a.body).toContain(a.locale === 'fr' ? '<h1>Réessayez dans une minute</h1>' : '<h1>Try again in a minute</h1>');
      expect(leaksInternals(a.body), a.body).toBe(false);
    }
    // Reconnected by itself: signatures sent well after the restart are stored again.
    const lateSigned = answers.filter((a) => a.at > upAt + 2_000 && a.status === 303);
    expect(lateSigned.length).toBeGreaterThan(10);
    expect(answers.filter((a) => a.at > upAt + 2_000 && a.status !== 303)).toEqual([]);
    // The balancer's view: ready before, not ready while down, ready again after.
    expect(readiness.filter((r) => r.at < downAt).every((r) => r.status === 200)).toBe(true);
    expect(readiness.some((r) => r.at > downAt && r.at < upAt && r.status === 503)).toBe(true);
    expect(readiness.at(-1)?.status).toBe(200);

    // Nothing by halves: one signature per "thanks", one queued confirmation per signature.
    const thanked = answers.filter((a) => a.status === 303);
    expect(await cluster.count('select count(*) from signatures where petition_slug = $1', [petition.slug])).toBe(thanked.length);
    expect(await cluster.count("select count(*) from outbound_messages where message_kind = 'petition-confirmation'")).toBe(thanked.length);
    // And each of them reaches its signer once the outbox has caught up (a claim the restart cut
    // short comes back when its lease ends). At least once: a send the provider took just before
    // the database went away, but recorded after, may go twice (docs/messages.md).
    for (const a of thanked) await smtp.waitFor(a.email, 60_000);
    const twice = thanked.filter((a) => smtp.received.filter((m) => m.envelope.to.includes(a.email)).length > 1);
    console.log(`database restart: ${thanked.length} confirmations delivered, ${twice.length} twice`);
  }, 240_000);
});
