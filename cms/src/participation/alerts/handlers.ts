import type { Core } from '@strapi/strapi';
import {
  alertFields,
  alertPaths,
  confirmTokenSchema,
  escapeHtml,
  parseAlertSubscription,
  renderAlertForm,
  renderPage,
  weekdayName,
  type AlertErrors,
  type AlertFormScope,
  type AlertFormValues,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { addressLock, suspectReasonFor } from '../abuse';
import { withLimitLock } from '../limit-lock';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { formLocale, readFormOrRefuse, sendMessage } from '../http/form-action';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { reportOutcome, type ParticipationOutcome } from '../outcomes';
import { alertPlaces, alertTopics, bySlug } from './places';
import { alertSubscriptionUid, confirmByToken, describeAlert, digestDay, findByConfirmToken, findByStopToken, requestAlerts, stopByToken } from './subscriptions';

/**
 * The write path of alerts by neighbourhood. Every answer is the same whoever the contact is (no
 * page ever says whether an email or a number was subscribed, nor shows one); links that match
 * nothing get the usual "link not valid" page; a GET never changes anything (mail scanners open
 * links): the confirmation and the stop are buttons, and the stop also takes RFC 8058's one-click POST.
 */
function formPage(locale: Locale, scope: AlertFormScope, fields: Record<string, string>, errors: AlertErrors): string {
  const values: AlertFormValues = {};
  for (const field of alertFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
  return renderPage({ locale, title: t(locale, scope.kind === 'neighbourhood' ? 'alertTitle' : 'alertTopicTitle', { name: scope.name }), hasErrors: true, body: renderAlertForm({ locale, scope, values, errors, headingLevel: 1 }) });
}

/** POST of the form on a neighbourhood's or a topic's page. */
export async function subscribeToAlerts(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  if (ctx.state) ctx.state.passerelleFormLocale = locale;
  const places = await alertPlaces(strapi, locale);
  const topic = bySlug(await alertTopics(strapi, locale), (fields.topic ?? '').trim() || null);
  const parsed = parseAlertSubscription(fields);
  const place = bySlug(places, parsed.ok ? parsed.value.neighbourhood : (fields.neighbourhood ?? '').trim() || null);
  if (!parsed.ok || !place) {
    const errors: AlertErrors = parsed.ok ? { neighbourhood: 'errAlertPlace' } : parsed.errors;
    if (!place) errors.neighbourhood ??= 'errAlertPlace';
    // The form again: the place to choose from the list when it is the problem, or when it came from a topic page.
    const scope: AlertFormScope = place && !topic
      ? { kind: 'neighbourhood', slug: place.slug, name: place.name, territory: place.territory }
      : { kind: 'topic', slug: topic?.slug ?? '', name: topic?.name ?? t(locale, 'alertPlaceLabel'), neighbourhoods: places };
    reportOutcome(ctx, 'alert-subscription', 'invalid');
    return sendHtml(ctx, 422, formPage(locale, scope, fields, errors));
  }
  const ipHash = hashIp(clientIp(ctx));
  // One transaction for the address's count and the rows it lets in: the count's lock lasts until they are written.
  const outcome = await withLimitLock(strapi, [addressLock(ipHash)], async (): Promise<ParticipationOutcome> => {
    const suspect = await suspectReasonFor(strapi, alertSubscriptionUid, {}, ipHash, parsed.value.website, Date.now());
    if (suspect) return suspect === 'honeypot' ? 'suspect' : 'throttled';
    const { confirmationsSent } = await requestAlerts(strapi, { input: parsed.value, place, topic, ipHash });
    return confirmationsSent > 0 ? 'accepted' : 'throttled';
  });
  reportOutcome(ctx, 'alert-subscription', outcome);
  // The same page in every case: whether this contact was known, or over its limit, stays ours.
  seeOther(ctx, `${alertPaths.requested}?locale=${locale}`);
}

export function showAlertsRequested(ctx: Ctx, query: URLSearchParams): void {
  sendMessage(ctx, 200, toLocale(query.get('locale')), { title: 'alertsRequestedTitle', body: 'alertsRequestedBody' });
}

function invalidLink(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 404, locale, { title: 'linkInvalidTitle', body: 'linkInvalidBody' });
}

function buttonPage(locale: Locale, title: string, question: string, action: string, token: string, button: string): string {
  return renderPage({
    locale,
    title,
    body:
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(question)}</p>` +
      `<form method="post" action="${action}"><input type="hidden" name="jeton" value="${escapeHtml(token)}">` +
      `<input type="hidden" name="locale" value="${locale}"><button type="submit">${escapeHtml(button)}</button></form>`,
  });
}

/** GET behind the emailed link: what is asked, and the button. */
export async function showAlertConfirmPage(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const token = confirmTokenSchema.safeParse(query.get('jeton') ?? '');
  const row = token.success ? await findByConfirmToken(strapi, token.data) : null;
  if (!token.success || !row) return invalidLink(ctx, locale);
  const place = await describeAlert(strapi, row, locale);
  sendHtml(
    ctx,
    200,
    buttonPage(locale, t(locale, 'alertConfirmTitle'), t(locale, 'alertConfirmBody', { place, day: weekdayName(locale, digestDay()) }), alertPaths.confirm, token.data, t(locale, 'alertConfirmButton')),
  );
}

export async function confirmAlerts(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const token = confirmTokenSchema.safeParse(fields.jeton ?? '');
  const row = token.success ? await confirmByToken(strapi, token.data) : null;
  reportOutcome(ctx, 'alert-confirmation', row ? 'confirmed' : 'unknown');
  if (!row) return invalidLink(ctx, locale);
  seeOther(ctx, `${alertPaths.confirmed}?locale=${locale}`);
}

export function showAlertsConfirmed(ctx: Ctx, query: URLSearchParams): void {
  sendMessage(ctx, 200, toLocale(query.get('locale')), { title: 'alertsConfirmedTitle', body: 'alertsConfirmedBody' });
}

/** GET behind "stop": the button (already stopped: said so). */
export async function showStopAlertsPage(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const token = query.get('jeton') ?? '';
  const row = await findByStopToken(strapi, token);
  if (row === 'invalid') return invalidLink(ctx, locale);
  if (!row) return sendMessage(ctx, 200, locale, { title: 'alertsStoppedTitle', body: 'alertsStoppedBody' });
  const place = await describeAlert(strapi, row, locale);
  sendHtml(ctx, 200, buttonPage(locale, t(locale, 'alertStopTitle'), t(locale, 'alertStopBody', { place }), alertPaths.stop, token, t(locale, 'alertStopButton')));
}

/**
 * POST of the stop button, or a mail client's one-click (`List-Unsubscribe=One-Click` posted to the
 * link of the `List-Unsubscribe` header, the token in its query): the subscription is deleted.
 */
export async function stopAlerts(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams, queryLocale: Locale): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = fields.locale ? toLocale(fields.locale) : (formLocale(ctx) ?? queryLocale);
  const outcome = await stopByToken(strapi, fields.jeton ?? query.get('jeton') ?? '');
  reportOutcome(ctx, 'alert-stop', outcome === 'stopped' ? 'cancelled' : 'unknown');
  if (outcome === 'invalid') return invalidLink(ctx, locale);
  seeOther(ctx, `${alertPaths.stopped}?locale=${locale}`);
}

export function showAlertsStopped(ctx: Ctx, query: URLSearchParams): void {
  sendMessage(ctx, 200, toLocale(query.get('locale')), { title: 'alertsStoppedTitle', body: 'alertsStoppedBody' });
}
