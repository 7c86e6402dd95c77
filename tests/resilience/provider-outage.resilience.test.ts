import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOpenPetition } from '@passerelle/shared/testing';
import type { CmsProcess } from '../support/cms-process.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.ts';
import { postForm, signPath, validSignature } from '../support/participation.ts';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.ts';
import { bootCmsOnCluster, resiliencePgPort, writeSeed } from '../support/resilience.ts';
import { startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';

/**
 * The SMS provider and the mail server are down (Twilio answers 503 and 429, SMTP turns every
 * connection away with 421) while 500 people sign a petition, half by email, half by text. Every
 * one of them gets the usual next page at once (303); once the providers are back, the outbox
 * delivers every confirmation exactly once — none missing, none twice — within a few retry
 * ceilings (OUTBOX_RETRY_MAX_MS), not an hour later.
 *
 * TEST_PROVIDER_OUTAGE_MS sets the outage's length (two minutes in `npm test`).
 */
const OUTAGE_MS = Number(process.env.TEST_PROVIDER_OUTAGE_MS ?? 120_000);
const SIGNERS = 500;
const AT_ONCE = 10;
/** How soon after the outage every confirmation must have arrived: the retry ceiling, then sending them all. */
const DRAIN_MS = 75_000;
const petition = anOpenPetition({ slug: 'petition-panne-fournisseurs', fr: { title: 'La pétition de la panne' }, en: { title: 'The outage petition' } });

let dir: string;
let cluster: PgCluster;
let smtp: SmtpMailbox;
let twilio: FakeTwilio;
let cms: CmsProcess;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'passerelle-outage-'));
  cluster = startPgCluster(resiliencePgPort(2));
  [smtp, twilio] = await Promise.all([startSmtpMailbox(), startFakeTwilio()]);
  cms = await bootCmsOnCluster({
    cluster,
    seedDir: writeSeed(path.join(dir, 'seed'), [petition]),
    smtpPort: smtp.port,
    twilio,
    env: {
      PETITION_RATE_SHORT_MAX: '100000',
      PETITION_RATE_LONG_MAX: '100000',
      OUTBOX_POLL_MS: '200',
      OUTBOX_RETRY_BASE_MS: '500',
      OUTBOX_RETRY_MAX_MS: '5000',
      OUTBOX_MAX_ATTEMPTS: '50',
    },
  });
}, 300_000);

afterAll(async () => {
  await cms?.stop();
  await Promise.all([smtp?.close(), twilio?.close()]);
  cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const emailOf = (i: number) => `panne.${i}@exemple.ca`;
/** 514 555-0000 … 514 555-0499, as a person types it; Twilio receives it in E.164. */
const phoneOf = (i: number) => `514 555-${String(i).padStart(4, '0')}`;
const e164Of = (i: number) => `+1514555${String(i).padStart(4, '0')}`;

describe('the SMS provider and the mail server are down during a burst of signatures', () => {
  it('answers every resident at once, then delivers each confirmation exactly once soon after', async () => {
    twilio.outage = [503, 429];
    smtp.refusing = true;
    const outageStarted = Date.now();

    const statuses: number[] = [];
    let next = 0;
    const signer = async () => {
      for (let i = next++; i < SIGNERS; i = next++) {
        const fields = i % 2 === 0 ? validSignature({ email: emailOf(i), phone: '' }) : validSignature({ email: '', phone: phoneOf(i) });
        statuses.push((await postForm(cms.baseUrl, signPath(petition.slug), fields)).status);
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, signer));
    const burstMs = Date.now() - outageStarted;
    expect(statuses).toEqual(Array(SIGNERS).fill(303));
    // The burst really met the outage: providers were refusing while the outbox tried.
    expect(burstMs).toBeLessThan(OUTAGE_MS);

    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - outageStarted)));
    expect(twilio.requests.some((r) => r.status === 503) && twilio.requests.some((r) => r.status === 429)).toBe(true);
    expect(twilio.received).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
    twilio.outage = null;
    smtp.refusing = false;
    const outageEnded = Date.now();

    // Fence: the outbox has nothing left pending or in flight, so nothing more can arrive.
    for (;;) {
      const waiting = await cluster.count("select count(*) from outbound_messages where delivery_status in ('pending', 'sending')");
      if (waiting === 0) break;
      if (Date.now() - outageEnded > DRAIN_MS) throw new Error(`${waiting} messages still waiting ${DRAIN_MS} ms after the outage`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainMs = Date.now() - outageEnded;
    console.log(`provider outage: ${SIGNERS} signatures in ${burstMs} ms during a ${OUTAGE_MS} ms outage; queue drained ${drainMs} ms after it ended`);

    expect(await cluster.count("select count(*) from outbound_messages where delivery_status <> 'sent'")).toBe(0);
    const smsPerNumber = new Map<string, number>();
    for (const m of twilio.received) smsPerNumber.set(m.to, (smsPerNumber.get(m.to) ?? 0) + 1);
    const mailPerAddress = new Map<string, number>();
    for (const m of smtp.received) for (const to of m.envelope.to) mailPerAddress.set(to, (mailPerAddress.get(to) ?? 0) + 1);
    const expectedSms = Array.from({ length: SIGNERS }, (_, i) => i).filter((i) => i % 2 === 1).map(e164Of);
    const expectedMail = Array.from({ length: SIGNERS }, (_, i) => i).filter((i) => i % 2 === 0).map(emailOf);
    expect([...smsPerNumber.keys()].sort()).toEqual(expectedSms.sort());
    expect([...mailPerAddress.keys()].sort()).toEqual(expectedMail.sort());
    expect([...smsPerNumber.values(), ...mailPerAddress.values()].filter((count) => count !== 1)).toEqual([]);
  }, OUTAGE_MS + DRAIN_MS + 60_000);
});
