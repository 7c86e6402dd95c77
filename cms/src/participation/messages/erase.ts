import type { Core } from '@strapi/strapi';
import { canonicalEmail, normaliseEmail, normalisePhone } from '@passerelle/shared/participation';
import { outboxTable } from './claim';
import { personMatcher, type PersonContacts } from './outbox';
import { recipientHash } from './send';

/**
 * Erasure by person in the durable outbox: every row addressed to them (by the recipient's hash,
 * which sent rows keep), and every message not yet sent whose text mentions them (an "I'm
 * interested" email to an organizer carries the person's contact). A message not yet sent to
 * them is thus never sent. Returns how many rows went.
 */
export async function eraseQueuedMessagesFor(strapi: Core.Strapi, person: PersonContacts): Promise<number> {
  const emails = [...person.emails];
  const phones = [...person.phones];
  const matches = personMatcher({ emails, phones });
  if (!matches) return 0;
  const hashes = new Set<string>();
  for (const raw of emails) {
    const email = normaliseEmail(raw);
    if (email) hashes.add(recipientHash('email', canonicalEmail(email)));
  }
  for (const raw of phones) {
    const phone = normalisePhone(raw);
    if (phone) hashes.add(recipientHash('sms', phone));
  }
  const { table, column } = outboxTable(strapi);
  // In the caller's transaction when there is one (the erasure's own).
  return strapi.db.transaction(async ({ trx }) => {
    const unsent = (await trx(table)
      .select('id', column('recipient'), column('subject'), column('body'), column('attachments'))
      .whereNotNull(column('body'))) as Array<Record<string, unknown>>;
    const ids = unsent
      .filter((row) =>
        matches([textOf(row[column('recipient')]), textOf(row[column('subject')]), textOf(row[column('body')]), attachmentText(row[column('attachments')])]),
      )
      .map((row) => Number(row.id));
    let erased = 0;
    for (let i = 0; i < ids.length; i += 500) erased += (await trx(table).whereIn('id', ids.slice(i, i + 500)).delete()) as number;
    if (hashes.size > 0) erased += (await trx(table).whereIn(column('recipientHash'), [...hashes]).delete()) as number;
    return erased;
  });
}

function attachmentText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A text column as read by knex: a string, or nothing (NULL). */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
