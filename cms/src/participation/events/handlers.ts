import type { Core } from '@strapi/strapi';
import {
  confirmTokenSchema,
  escapeHtml,
  eventIcsPath,
  eventPagePath,
  eventRegisteredPath,
  eventWaitlistedPath,
  parseRsvp,
  participationPaths,
  renderPage,
  renderRsvpForm,
  rsvpFields,
  type RsvpErrors,
  type RsvpFormValues,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { sendLanding } from '../http/pages';
import { formAction, readFormOrRefuse, sendMessage } from '../http/form-action';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { acceptsRegistrations, findEvent, findEventByDocumentId, type EventTarget } from './event-lookup';
import { queuePromotionMessages, queueRegistrationResend, queueRsvpConfirmation } from './messages';
import { cancelRegistration, findRegistrationByToken, registerForEvent } from './registrations';
import { reportOutcome } from '../outcomes';

function formPage(locale: Locale, event: EventTarget, fields: Record<string, string>, errors: RsvpErrors) {
  const values: RsvpFormValues = {};
  for (const field of rsvpFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
  return renderPage({
    locale,
    title: t(locale, 'rsvpTitle'),
    hasErrors: true,
    body:
      `<p><a href="${escapeHtml(eventPagePath(locale, event.slug))}">${escapeHtml(t(locale, 'backToEvent'))}</a></p>` +
      `<p class="lead">${escapeHtml(event.title)}</p>` +
      renderRsvpForm({ locale, slug: event.slug, values, errors, headingLevel: 1, maxPeople: event.maxSeatsPerRegistration }),
  });
}

/** POST of the RSVP form: a seat or a place on the waiting list, and a message saying which. */
export function registerRsvp(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  return formAction(ctx, queryLocale, {
    form: 'registration',
    item: {
      find: (locale) => findEvent(strapi, slug, locale),
      unknown: { title: 'eventUnknownTitle', body: 'eventUnknownBody' },
      refusal: (event, locale) =>
        acceptsRegistrations(event)
          ? null
          : {
              title: event.cancelled ? 'eventCancelledTitle' : 'eventClosedTitle',
              body: event.cancelled ? 'eventCancelledBody' : 'eventClosedBody',
              back: { href: eventPagePath(locale, event.slug), label: t(locale, 'backToEvent') },
            },
    },
    parse: (fields, event) => parseRsvp(fields, event.maxSeatsPerRegistration),
    formPage,
    act: async ({ item: event, value, locale }) => {
      // New: told at the contacts typed. Repeated: the registration on file, told at its own contacts
      // (at most 3 times a day). Suspect: nothing. The page is the same in all three cases. The
      // messages are queued in the registration's own transaction and leave a moment later.
      const outcome = await registerForEvent(strapi, event, value, hashIp(clientIp(ctx)), Date.now(), async (recorded) => {
        if (recorded.kind === 'new') await queueRsvpConfirmation(strapi, locale, event, value, recorded.seating, recorded.cancelToken);
        else if (recorded.kind === 'repeat' && recorded.resend) await queueRegistrationResend(strapi, recorded.resend);
      });
      reportOutcome(ctx, 'registration', outcome.kind === 'new' ? outcome.seating : outcome.kind);
      return outcome.seating === 'confirmed' ? eventRegisteredPath(locale, event.slug) : eventWaitlistedPath(locale, event.slug);
    },
  });
}

/**
 * GET where an RSVP lands: "registered" or "on the waiting list", with the event's title. Registered
 * also links the calendar file: people who gave only a phone get no email to carry it.
 */
export async function showEventLanding(strapi: Core.Strapi, ctx: Ctx, kind: 'eventRegistered' | 'eventWaitlisted', slug: string, locale: Locale): Promise<void> {
  const event = await findEvent(strapi, slug, locale);
  if (!event) return sendLanding(ctx, locale, kind, null);
  const links = kind === 'eventRegistered' ? [{ href: eventIcsPath(locale, event.slug), text: t(locale, 'registeredCalendarLink') }] : [];
  sendLanding(ctx, locale, kind, { title: event.title, pageHref: eventPagePath(locale, event.slug), links });
}

/** GET behind the cancel link: a button, never a cancellation by itself. */
export async function showCancelPage(strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): Promise<void> {
  const locale = toLocale(params.get('locale'));
  const token = confirmTokenSchema.safeParse(params.get('jeton') ?? '');
  const found = token.success ? await findRegistrationByToken(strapi, token.data) : null;
  const event = found && found.status !== 'suspect' ? await findEventByDocumentId(strapi, found.eventDocumentId, locale) : null;
  if (!token.success || !event) return sendMessage(ctx, 404, locale, { title: 'linkInvalidTitle', body: 'linkInvalidBody' });
  sendHtml(
    ctx,
    200,
    renderPage({
      locale,
      title: t(locale, 'cancelTitle'),
      body:
        `<h1>${escapeHtml(t(locale, 'cancelTitle'))}</h1><p>${escapeHtml(t(locale, 'cancelBody', { title: event.title }))}</p>` +
        `<form method="post" action="${participationPaths.cancel}"><input type="hidden" name="jeton" value="${escapeHtml(token.data)}">` +
        `<input type="hidden" name="locale" value="${locale}"><button type="submit">${escapeHtml(t(locale, 'cancelButton'))}</button></form>`,
    }),
  );
}

export async function cancelRsvp(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const token = confirmTokenSchema.safeParse(fields.jeton ?? '');
  // Whoever the freed seats go to is told: queued in the cancellation's own transaction.
  const outcome = token.success
    ? await strapi.db.transaction(async () => {
        const cancelled = await cancelRegistration(strapi, token.data);
        await queuePromotionMessages(strapi, cancelled.promoted);
        return cancelled;
      })
    : { status: 'invalid' as const, promoted: [] };
  reportOutcome(ctx, 'registration-cancel', outcome.status === 'invalid' ? 'unknown' : 'cancelled');
  if (outcome.status === 'invalid') return sendMessage(ctx, 404, locale, { title: 'linkInvalidTitle', body: 'linkInvalidBody' });
  seeOther(ctx, `${participationPaths.cancelled}?locale=${locale}`);
}

export function showCancelledPage(ctx: Ctx, params: URLSearchParams): void {
  const locale = toLocale(params.get('locale'));
  sendMessage(ctx, 200, locale, { title: 'cancelledTitle', body: 'cancelledBody' });
}
