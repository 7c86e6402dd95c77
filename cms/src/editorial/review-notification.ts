import type { Core } from '@strapi/strapi';
import { newDocumentId } from '../participation/crypto';
import { queueEmail } from '../participation/messages/send';
import { entryAdminUrl } from './admin-url';
import { fallbackReviewers, reviewersOf } from './reviewers';
import { displayName, typeLabels, type ReviewedType } from './review-status';

interface EntryForReview {
  title?: string | null;
  neighbourhoods?: Array<{ name?: string | null; ocEmails?: unknown }> | null;
  createdBy?: { firstname?: string | null; lastname?: string | null; email?: string | null } | null;
}

/**
 * Tells the OCs of the entry's neighbourhoods that a draft waits for them. One message per address
 * so nobody sees the others' addresses, queued in the caller's transaction (the save's). Returns
 * who was notified (for logs and tests).
 */
export async function notifyReviewers(strapi: Core.Strapi, uid: ReviewedType, documentId: string, locale: string): Promise<string[]> {
  // The database layer, not the document service: `ocEmails` is private and the document service's
  // parameter validation refuses private fields in `fields`/`populate`.
  const entry = (await strapi.db.query(uid).findOne({
    where: { documentId, locale, publishedAt: null },
    select: ['title'],
    populate: { neighbourhoods: { select: ['name', 'ocEmails'] }, createdBy: { select: ['firstname', 'lastname', 'email'] } },
  })) as EntryForReview | null;
  if (!entry) return [];

  const neighbourhoods = entry.neighbourhoods ?? [];
  let recipients = reviewersOf(neighbourhoods);
  if (recipients.length === 0) recipients = fallbackReviewers();
  if (recipients.length === 0) {
    strapi.log.warn(`[passerelle] "${entry.title}" waits for review but no OC e-mail is set (neighbourhood ocEmails or REVIEW_NOTIFY_EMAIL)`);
    return [];
  }

  const label = typeLabels[uid];
  const title = entry.title ?? documentId;
  const where = neighbourhoods.map((n) => n.name).filter(Boolean).join(', ') || 'aucun quartier indiqué';
  const url = entryAdminUrl(strapi, uid, documentId, locale);
  const text = [
    'Bonjour,',
    '',
    `Un ${label.fr} attend votre révision avant publication :`,
    `« ${title} »`,
    `Quartier(s) : ${where}`,
    `Proposé par : ${displayName(entry.createdBy)}`,
    '',
    `Ouvrir dans l’administration : ${url}`,
    '',
    'Relisez-le, puis publiez-le, ou mettez « Statut de révision » à « changes_requested » et écrivez au groupe.',
    '',
    `English: the ${label.en} "${title}" is waiting for your review: ${url}`,
  ].join('\n');

  // Each request for review is a new message (a draft may go back and forth).
  const origin = { kind: 'review-request', key: newDocumentId() } as const;
  for (const to of recipients) {
    await queueEmail(strapi, { ...origin, key: `${origin.key}:${to}` }, { to, subject: `À réviser : ${title} (to review)`, text });
  }
  return recipients;
}

/**
 * Tells the group that wrote the draft that an OC asked for changes (the OC's details follow by
 * e-mail or phone; Community Edition has no comment thread). Returns the address told, if any.
 */
export async function notifyAuthorOfChanges(
  strapi: Core.Strapi,
  uid: ReviewedType,
  documentId: string,
  locale: string,
  reviewer: { firstname?: string | null; lastname?: string | null; email?: string | null } | undefined,
): Promise<string | undefined> {
  const entry = (await strapi.db.query(uid).findOne({
    where: { documentId, locale, publishedAt: null },
    select: ['title'],
    populate: { createdBy: { select: ['firstname', 'lastname', 'email'] } },
  })) as EntryForReview | null;
  const to = entry?.createdBy?.email;
  if (!entry || !to) return undefined;
  const title = entry.title ?? documentId;
  const url = entryAdminUrl(strapi, uid, documentId, locale);
  const text = [
    'Bonjour,',
    '',
    `${displayName(reviewer)} demande des changements à votre ${typeLabels[uid].fr} « ${title} » avant de le publier.`,
    reviewer?.email ? `Pour en parler : ${reviewer.email}` : '',
    `Votre brouillon : ${url}`,
    'Quand il est prêt, remettez « Statut de révision » à « to_review ».',
    '',
    `English: changes were requested on "${title}" before publication: ${url}`,
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
  await queueEmail(strapi, { kind: 'review-changes-requested', key: newDocumentId() }, { to, subject: `Changements demandés : ${title} (changes requested)`, text });
  return to;
}
