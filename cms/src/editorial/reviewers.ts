import { z } from 'zod';
import { cmsConfig } from '../config';

/**
 * Who reviews a neighbourhood: its private `ocEmails` list (never in the public API: the attribute
 * is `private`), else REVIEW_NOTIFY_EMAIL. Validated here and in validate-content.ts.
 */
export const ocEmailsSchema = z.array(z.string().trim().toLowerCase().email()).max(20);

/** REVIEW_NOTIFY_EMAIL: one address or a comma-separated list; empty means "nobody". */
export function fallbackReviewers(env: { REVIEW_NOTIFY_EMAIL?: string } = cmsConfig().editorial): string[] {
  const raw = env.REVIEW_NOTIFY_EMAIL ?? '';
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const parsed = ocEmailsSchema.safeParse(list);
  if (!parsed.success) throw new Error(`REVIEW_NOTIFY_EMAIL must be e-mail addresses separated by commas, got "${raw}"`);
  return parsed.data;
}

/** Distinct valid addresses of every neighbourhood; anything malformed in the database is skipped. */
export function reviewersOf(neighbourhoods: Array<{ ocEmails?: unknown }>): string[] {
  const emails = new Set<string>();
  for (const n of neighbourhoods) {
    const parsed = z.array(z.unknown()).safeParse(n.ocEmails);
    if (!parsed.success) continue;
    for (const value of parsed.data) {
      const email = z.string().trim().toLowerCase().email().safeParse(value);
      if (email.success) emails.add(email.data);
    }
  }
  return [...emails];
}
