import { randomBytes } from 'node:crypto';
import { codeFrom, outboxMessages, postForm, signPath, useTestOutbox, validSignature, type FormResponse, type OutboxMessage } from '../support/participation.ts';

/**
 * What the petition security suites share: an environment that does not depend on the shell, and
 * ways to compare two answers while ignoring the one thing that must differ (the random ref).
 */

/** Call before startStrapi(): every variable the petition write path reads, set here. */
export function petitionTestEnvironment(): string {
  process.env.NODE_ENV = 'test';
  process.env.PUBLIC_SITE_URL = 'http://127.0.0.1:4321';
  process.env.PETITION_RATE_SHORT_MAX = '1';
  process.env.PETITION_RATE_SHORT_SECONDS = '60';
  process.env.PETITION_RATE_LONG_MAX = '5';
  process.env.PETITION_RATE_LONG_SECONDS = '300';
  delete process.env.SMTP_HOST;
  delete process.env.PARTICIPATION_SECRET;
  delete process.env.ALTCHA_HMAC_KEY;
  return useTestOutbox();
}

/** A 514 number and an address nobody else in this process uses. */
let counter = 0;
export const newPhone = () => `514 555-${String(1000 + (process.pid % 4000) + counter++).slice(-4)}`;
export const e164 = (phone: string) => `+1${phone.replace(/\D/g, '')}`;
export const newEmail = (who = 'resident') => `${who}.${randomBytes(4).toString('hex')}@exemple.ca`;

export function messagesTo(outbox: string, to: string): OutboxMessage[] {
  return outboxMessages(outbox).filter((m) => m.to === to);
}

/** Signs from a fresh address unless one is given. */
export function sign(baseUrl: string, slug: string, fields: Record<string, string>, ip?: string): Promise<FormResponse> {
  return postForm(baseUrl, signPath(slug), validSignature(fields), ip ? { ip } : {});
}

export const codePath = '/participer/petitions/code';

export function refOf(location: string | null): string {
  const ref = new URL(location ?? '', 'http://x').searchParams.get('ref');
  if (!ref) throw new Error(`no ref in ${location}`);
  return ref;
}

/** Replaces every occurrence of the given refs by REF: the only part two answers may differ in. */
export function masked(text: string | null, refs: Array<string | null>): string {
  let out = text ?? '';
  for (const ref of refs) if (ref) out = out.split(ref).join('REF');
  return out;
}

/** The newest code texted to a phone. */
export function lastCodeTo(outbox: string, phone: string): string {
  const sms = messagesTo(outbox, e164(phone));
  return codeFrom(sms[sms.length - 1]);
}

/** A 6-digit code that is none of the codes ever texted to this phone. */
export function wrongCodeFor(outbox: string, phone: string): string {
  const sent = new Set(messagesTo(outbox, e164(phone)).map((m) => /\b(\d{6})\b/.exec(m.text)?.[1]));
  for (let n = 0; ; n++) {
    const code = String(n * 111_111 % 1_000_000).padStart(6, '0');
    if (!sent.has(code)) return code;
  }
}
