import type { Core } from '@strapi/strapi';
import { buildIcs } from '@passerelle/shared/ics';
import { fitSmsValues, participationPaths } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { newDocumentId, sha256 } from '../crypto';
import { queueEmail, queueSms, type MessageOrigin } from '../messages/send';
import { findEventByDocumentId, type EventTarget } from './event-lookup';
import type { Promotion, Resend } from './registrations';

const when = (event: EventTarget, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'full', timeStyle: 'short', timeZone: 'America/Toronto' }).format(new Date(event.startsAt));

const statusKeys = { confirmed: 'mailRsvpConfirmed', waitlisted: 'mailRsvpWaitlisted', promoted: 'mailRsvpPromoted' } as const;

export function cancelLink(token: string, locale: Locale): string {
  return `${participationConfig().siteUrl}${participationPaths.cancel}?jeton=${encodeURIComponent(token)}&locale=${locale}`;
}

/**
 * Queues the registration's email and text, in the caller's transaction. A registration's own
 * confirmation and its promotion happen once each: their key comes from the registration (its
 * cancel token's hash), so the same one cannot be queued twice; a re-send is new every time.
 */
export async function queueRsvpConfirmation(
  strapi: Core.Strapi,
  locale: Locale,
  event: EventTarget,
  to: { name: string; email: string | null; phone: string | null; people: number },
  /** `promoted`: a seat freed up and went to this person, who was on the waiting list. */
  status: 'confirmed' | 'waitlisted' | 'promoted',
  cancelToken: string,
  /** Someone registered again with this person's contact: "nothing changed", then the usual facts. */
  again = false,
): Promise<void> {
  const origin: MessageOrigin = again
    ? { kind: 'rsvp-resend', key: newDocumentId() }
    : { kind: status === 'promoted' ? 'waiting-list-promotion' : 'rsvp-confirmation', key: sha256(cancelToken).slice(0, 32) };
  const statusText = t(locale, statusKeys[status]);
  const link = cancelLink(cancelToken, locale);
  if (to.email) {
    const ics = buildIcs([
      {
        uid: `${event.documentId}@passerelle`,
        start: event.startsAt,
        end: event.endsAt,
        summary: event.title,
        location: event.address,
        url: `${participationConfig().siteUrl}${locale === 'fr' ? '/evenements/' : '/en/events/'}${event.slug}/`,
        stamp: new Date(),
      },
    ]);
    await queueEmail(strapi, origin, {
      to: to.email,
      subject: t(locale, 'mailRsvpSubject', { title: event.title }),
      text: t(locale, again ? 'mailRsvpAgainBody' : 'mailRsvpBody', { name: to.name, status: statusText, title: event.title, when: when(event, locale), people: to.people, link }),
      attachments: status !== 'waitlisted' ? [{ filename: `${event.slug}.ics`, content: ics, contentType: 'text/calendar; charset=utf-8' }] : [],
    });
  }
  if (to.phone) {
    // The title gives way first: the cancel link and the words that say what it is for stay.
    const text = fitSmsValues((values) => t(locale, again ? 'smsRsvpAgain' : 'smsRsvp', values), { status: statusText, title: event.title, when: when(event, locale), link }, ['title']);
    await queueSms(strapi, origin, to.phone, text);
  }
}

/**
 * Tells each person taken off the waiting list that they now have a seat (the usual confirmation,
 * with the .ics and a new cancel link). Called inside the transaction that promoted them.
 */
export async function queuePromotionMessages(strapi: Core.Strapi, promoted: readonly Promotion[]): Promise<void> {
  for (const p of promoted) {
    const event = await findEventByDocumentId(strapi, p.eventDocumentId, p.language);
    // A seat freed at a cancelled event is no news: everyone registered was told it will not happen.
    if (event && !event.cancelled) await queueRsvpConfirmation(strapi, p.language, event, p, 'promoted', p.cancelToken);
  }
}

/**
 * A registration repeated with contact details already on file: the registration as it stands goes
 * to the contacts on file, in their language, never to what the request typed. Called inside the
 * registration's transaction; the answer does not differ from a new registration's.
 */
export async function queueRegistrationResend(strapi: Core.Strapi, resend: Resend): Promise<void> {
  const event = await findEventByDocumentId(strapi, resend.eventDocumentId, resend.language);
  if (event) await queueRsvpConfirmation(strapi, resend.language, event, resend, resend.status, resend.cancelToken, true);
}
