import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allowsDevDefaults, currentNodeEnv } from '../../../config/env-secrets';
import { canonicalEmail, normaliseEmail, normalisePhone } from '@passerelle/shared/participation';
import { emailPattern, phonePattern } from '../../logging/redact';
import { participationConfig } from '../config';
import { messageSettings } from './settings';

/**
 * The dev outbox: where emails and text messages go in development and tests, when no SMTP
 * server or SMS provider is configured. One JSON object per line, appended synchronously so a
 * message is on disk before the person sees "check your messages". Read by the tests and shown at
 * /participer/dev/outbox.
 *
 * It holds whole messages — codes, links, names, numbers — so it lives by the same rules as the
 * database: never written outside development (the boot also refuses to run without real
 * transports there), emptied of old messages by the retention job, and of a person's messages
 * by their erasure.
 */
export interface OutboxMessage {
  id: string;
  at: string;
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function outboxFile(): string {
  return path.resolve(participationConfig().outboxFile ?? path.join(process.cwd(), '.tmp', 'outbox.jsonl'));
}

export function appendToOutbox(message: Omit<OutboxMessage, 'id' | 'at'>): OutboxMessage {
  if (!allowsDevDefaults()) {
    throw new Error(
      `Passerelle: la boîte d’envoi de développement ne sert qu’avec NODE_ENV=development ou test — the dev outbox is for development only; nothing was written (NODE_ENV=${currentNodeEnv() ?? '(unset)'}).`,
    );
  }
  const file = outboxFile();
  mkdirSync(path.dirname(file), { recursive: true });
  const full: OutboxMessage = { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, at: new Date().toISOString(), ...message };
  appendFileSync(file, JSON.stringify(full) + '\n');
  return full;
}

/** Each line parsed; a torn line (crash mid-write) is `null`. */
function readLines(file: string): Array<OutboxMessage | null> {
  const lines: Array<OutboxMessage | null> = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      lines.push(JSON.parse(line) as OutboxMessage);
    } catch {
      lines.push(null);
    }
  }
  return lines;
}

/** Newest first. A torn last line (crash mid-write) is skipped, not fatal. */
export function readOutbox(limit = 200): OutboxMessage[] {
  const file = outboxFile();
  if (!existsSync(file)) return [];
  return readLines(file)
    .filter((m): m is OutboxMessage => m !== null)
    .reverse()
    .slice(0, limit);
}

/**
 * Rewrites the outbox without the messages `drop` selects, and without torn lines; returns how
 * many went. The new content is written beside the file and renamed over it, so a reader sees
 * the old file or the new one, never half of one. Everything is synchronous, like appends: no
 * append of this process can slip in between the read and the rename. (Another process — the
 * `retention` command run by hand while the CMS serves — could lose a message appended in that
 * instant: acceptable for a development file.)
 */
function rewriteOutbox(drop: (message: OutboxMessage) => boolean): number {
  const file = outboxFile();
  if (!existsSync(file)) return 0;
  const lines = readLines(file);
  const kept = lines.filter((m): m is OutboxMessage => m !== null && !drop(m));
  const dropped = lines.length - kept.length;
  if (dropped === 0) return 0;
  const temporary = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    writeFileSync(temporary, kept.map((m) => JSON.stringify(m) + '\n').join(''), { mode: 0o600 });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  return dropped;
}

/** Retention: drops messages older than DEV_OUTBOX_DAYS (a message without a valid date counts as old). */
export function purgeDevOutbox(now: Date = new Date(), days: number = messageSettings().devOutboxDays): number {
  const cutoff = now.getTime() - days * DAY_MS;
  return rewriteOutbox((m) => {
    const at = Date.parse(m.at);
    return !(at >= cutoff);
  });
}

/** The emails (canonical form) and phones (E.164) written anywhere in these texts. */
function contactsIn(texts: readonly string[]): { emails: Set<string>; phones: Set<string> } {
  const text = texts.join('\n');
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const found of text.match(emailPattern) ?? []) {
    const email = normaliseEmail(found.replace(/%40/gi, '@'));
    if (email) emails.add(canonicalEmail(email));
  }
  for (const found of text.match(phonePattern) ?? []) {
    const phone = normalisePhone(found.replace(/%2B/gi, '+').replace(/%20|\u00a0/gi, ' '));
    if (phone) phones.add(phone);
  }
  return { emails, phones };
}

export interface PersonContacts {
  emails: Iterable<string>;
  phones: Iterable<string>;
}

/**
 * Whether texts (a message's recipient, subject, body, attachments) are to or about the person,
 * matched on the canonical email (case, +tag, Gmail dots) and on the number whatever its
 * spelling; `null` when the person has no valid contact at all.
 */
export function personMatcher(person: PersonContacts): ((texts: readonly string[]) => boolean) | null {
  const emails = new Set<string>();
  for (const raw of person.emails) {
    const email = normaliseEmail(raw);
    if (email) emails.add(canonicalEmail(email));
  }
  const phones = new Set<string>();
  for (const raw of person.phones) {
    const phone = normalisePhone(raw);
    if (phone) phones.add(phone);
  }
  if (emails.size === 0 && phones.size === 0) return null;
  return (texts) => {
    const found = contactsIn(texts);
    return [...found.emails].some((e) => emails.has(e)) || [...found.phones].some((p) => phones.has(p));
  };
}

/**
 * Erasure: drops every message sent to the person or mentioning them (an "I'm interested" email
 * to an organizer carries the person's email and number).
 */
export function purgeOutboxFor(person: PersonContacts): number {
  const matches = personMatcher(person);
  if (!matches) return 0;
  return rewriteOutbox((m) => matches([m.to, m.subject ?? '', m.text, ...(m.attachments ?? []).map((a) => a.content)]));
}
