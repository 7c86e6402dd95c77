import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { participationConfig } from '../config';

/**
 * The dev outbox: where emails and text messages go when no SMTP server (or SMS provider) is
 * configured. One JSON object per line, appended synchronously so a message is on disk before the
 * person sees "check your messages". Read by the tests and shown at /participer/dev/outbox.
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

export function outboxFile(): string {
  return path.resolve(participationConfig().outboxFile ?? path.join(process.cwd(), '.tmp', 'outbox.jsonl'));
}

export function appendToOutbox(message: Omit<OutboxMessage, 'id' | 'at'>): OutboxMessage {
  const file = outboxFile();
  mkdirSync(path.dirname(file), { recursive: true });
  const full: OutboxMessage = { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, at: new Date().toISOString(), ...message };
  appendFileSync(file, JSON.stringify(full) + '\n');
  return full;
}

/** Newest first. A torn last line (crash mid-write) is skipped, not fatal. */
export function readOutbox(limit = 200): OutboxMessage[] {
  const file = outboxFile();
  if (!existsSync(file)) return [];
  const messages: OutboxMessage[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      messages.push(JSON.parse(line) as OutboxMessage);
    } catch {
      /* torn line */
    }
  }
  return messages.reverse().slice(0, limit);
}
