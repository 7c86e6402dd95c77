import { z } from 'zod';
import { attrs, escapeHtml } from './html.ts';
import { addContactRequiredError, formLocaleField, honeypotField, optionalEmailField, optionalPhoneField, requireEmailOrPhone } from './contact-fields.ts';
import { formField } from './form-field.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationPrefix, participationRoutes } from './routes.ts';
import { fitSmsList, fitSmsValues } from './sms-length.ts';
import { slugSchema } from '../content/common.ts';
import { t, isErrorKey, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Alerts by neighbourhood, without an account: a resident leaves an email or a cell number on a
 * neighbourhood's (or a topic's) page and gets, once a week, what is on there — and, if they ask,
 * each new petition or consultation the moment it is published. Double opt-in: nothing is sent
 * before the person confirms (the link in the email, or `OUI` to the text). This module holds what
 * the site and the CMS share: the form, its schema, and the words of every alert message (pure
 * functions, so their length is tested here).
 */
export const alertPaths = {
  subscribe: `${participationPrefix}${participationRoutes.subscribeToAlerts.path}`,
  confirm: `${participationPrefix}${participationRoutes.confirmAlerts.path}`,
  stop: `${participationPrefix}${participationRoutes.stopAlerts.path}`,
  requested: `${participationPrefix}${participationRoutes.showAlertsRequested.path}`,
  confirmed: `${participationPrefix}${participationRoutes.showAlertsConfirmed.path}`,
  stopped: `${participationPrefix}${participationRoutes.showAlertsStopped.path}`,
} as const;

export const alertFields = ['neighbourhood', 'area', 'topic', 'email', 'phone', 'rightAway', 'website', 'locale'] as const;
export type AlertField = (typeof alertFields)[number];
export type AlertFormValues = Partial<Record<AlertField, string>>;
export type AlertErrors = Partial<Record<AlertField, MessageKey>>;

/** A whole CLSC territory, or only the neighbourhood. */
export const alertAreas = ['neighbourhood', 'territory'] as const;
export type AlertArea = (typeof alertAreas)[number];

export const alertSubscriptionSchema = z
  .object({
    neighbourhood: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .pipe(slugSchema),
    area: z
      .string()
      .optional()
      .transform((v) => (v === 'territory' ? 'territory' : 'neighbourhood')),
    topic: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .pipe(slugSchema.or(z.literal('')))
      .transform((v) => (v === '' ? null : v)),
    email: optionalEmailField,
    phone: optionalPhoneField,
    rightAway: z
      .string()
      .optional()
      .transform((v) => v === 'yes'),
    website: honeypotField,
    locale: formLocaleField,
  })
  .superRefine(requireEmailOrPhone);

export type AlertSubscriptionInput = z.infer<typeof alertSubscriptionSchema>;
export type AlertParseResult = { ok: true; value: AlertSubscriptionInput } | { ok: false; errors: AlertErrors };

export function parseAlertSubscription(values: Record<string, string>): AlertParseResult {
  const result = alertSubscriptionSchema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const errors: AlertErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'neighbourhood') as AlertField;
    errors[field] ??= isErrorKey(issue.message) ? issue.message : field === 'email' || field === 'phone' ? 'errContactAnyRequired' : 'errAlertPlace';
  }
  addContactRequiredError(values, errors);
  return { ok: false, errors };
}

/** Where the form sits: a neighbourhood's page (the place is fixed), or a topic's (the place is chosen). */
export type AlertFormScope =
  | { kind: 'neighbourhood'; slug: string; name: string; territory: string }
  | { kind: 'topic'; slug: string; name: string; neighbourhoods: ReadonlyArray<{ slug: string; name: string }> };

const id = (field: AlertField) => `alerte-${field}`;
const order: AlertField[] = ['neighbourhood', 'email', 'phone'];

export function renderAlertForm({
  locale,
  scope,
  values = {},
  errors = {},
  headingLevel = 2,
}: {
  locale: Locale;
  scope: AlertFormScope;
  values?: AlertFormValues;
  errors?: AlertErrors;
  headingLevel?: 1 | 2;
}): string {
  const h = `h${headingLevel}`;
  const input = (name: AlertField, extra: Record<string, string | number | boolean | undefined>) => (describedBy: string | undefined, invalid: boolean) =>
    `<input${attrs({ id: id(name), name, value: values[name] ?? '', 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined, ...extra })}>`;
  const radio = (value: AlertArea, label: string) =>
    `<label class="check"><input type="radio" name="area" value="${value}"${(values.area ?? 'neighbourhood') === value ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
  const place =
    scope.kind === 'neighbourhood'
      ? `<input type="hidden" name="neighbourhood" value="${escapeHtml(scope.slug)}">`
      : formField(
          locale,
          id('neighbourhood'),
          'alertPlaceLabel',
          null,
          (describedBy, invalid) =>
            `<select${attrs({ id: id('neighbourhood'), name: 'neighbourhood', 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined })}>` +
            `<option value="">${escapeHtml(t(locale, 'alertPlaceChoose'))}</option>` +
            scope.neighbourhoods
              .map((n) => `<option value="${escapeHtml(n.slug)}"${values.neighbourhood === n.slug ? ' selected' : ''}>${escapeHtml(n.name)}</option>`)
              .join('') +
            `</select>`,
          errors.neighbourhood,
        ) + `<input type="hidden" name="topic" value="${escapeHtml(scope.slug)}">`;
  const title = scope.kind === 'neighbourhood' ? t(locale, 'alertTitle', { name: scope.name }) : t(locale, 'alertTopicTitle', { name: scope.name });
  return (
    `<section class="form" aria-labelledby="alerte-titre"><${h} id="alerte-titre">${escapeHtml(title)}</${h}>` +
    `<p>${escapeHtml(t(locale, 'alertIntro'))}</p>` +
    renderErrorSummary(locale, order.filter((f) => errors[f]).map((f) => ({ href: `#${id(f)}`, key: errors[f]! }))) +
    `<form method="post" action="${alertPaths.subscribe}" novalidate><input type="hidden" name="locale" value="${locale}">` +
    place +
    `<fieldset><legend>${escapeHtml(t(locale, 'alertAreaLegend'))}</legend>` +
    radio('neighbourhood', scope.kind === 'neighbourhood' ? t(locale, 'alertAreaOnly', { name: scope.name }) : t(locale, 'alertAreaNeighbourhood')) +
    radio('territory', scope.kind === 'neighbourhood' ? t(locale, 'alertAreaTerritoryOf', { territory: scope.territory }) : t(locale, 'alertAreaTerritory')) +
    `</fieldset>` +
    `<fieldset aria-describedby="alerte-contact-aide"><legend>${escapeHtml(t(locale, 'alertContactLegend'))}</legend>` +
    `<p class="hint" id="alerte-contact-aide">${escapeHtml(t(locale, 'alertContactHint'))}</p>` +
    formField(locale, id('email'), 'email', null, input('email', { type: 'email', autocomplete: 'email', maxlength: 254 }), errors.email) +
    formField(locale, id('phone'), 'alertPhone', 'phoneHint', input('phone', { type: 'tel', autocomplete: 'tel', maxlength: 20 }), errors.phone) +
    `</fieldset>` +
    `<div class="field"><label class="check"><input type="checkbox" id="${id('rightAway')}" name="rightAway" value="yes"${values.rightAway === 'yes' ? ' checked' : ''}> ${escapeHtml(t(locale, 'alertRightAway'))}</label></div>` +
    `<div class="hp"><label for="${id('website')}">${escapeHtml(t(locale, 'honeypot'))}</label><input type="text" id="${id('website')}" name="website" value="" tabindex="-1" autocomplete="off"></div>` +
    `<p class="hint">${escapeHtml(t(locale, 'alertPrivacyNote'))}</p>` +
    `<button type="submit">${escapeHtml(t(locale, 'alertSubmit'))}</button></form></section>`
  );
}

/** What a subscription covers, in words: `Villeray`, `tout le territoire Cœur-de-l'Île`, `Logement à Villeray`. */
export function alertPlaceName(locale: Locale, scope: { area: AlertArea; neighbourhoodName: string; territory: string; topicName?: string | null }): string {
  const place = scope.area === 'territory' ? t(locale, 'alertPlaceTerritory', { territory: scope.territory }) : scope.neighbourhoodName;
  return scope.topicName ? t(locale, 'alertPlaceTopic', { topic: scope.topicName, place }) : place;
}

/** `ALERT_DIGEST_DAY` in words: `jeudi` / `Thursday`. */
export const alertWeekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type AlertWeekday = (typeof alertWeekdays)[number];
export function weekdayName(locale: Locale, day: AlertWeekday): string {
  // 2024-01-07 was a Sunday.
  const date = new Date(Date.UTC(2024, 0, 7 + alertWeekdays.indexOf(day), 12));
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { weekday: 'long', timeZone: 'UTC' }).format(date);
}

/** One item of a digest, already in the subscriber's language. */
export interface DigestLine {
  kind: 'event' | 'petition' | 'consultation';
  title: string;
  /** `sam. 12 déc., 18 h 30` for an event; `jusqu'au 30 septembre` for the others. */
  when: string;
  url: string;
  /** The item's short link, for text messages (`https://…/e/7K2/`); the page otherwise. */
  shortUrl?: string;
}

/** A text message shows this many items at most; the email shows them all (up to the CMS's cap). */
export const maxDigestSmsLines = 4;

function kindLabel(locale: Locale, kind: DigestLine['kind']): string {
  return t(locale, kind === 'event' ? 'alertKindEvent' : kind === 'petition' ? 'alertKindPetition' : 'alertKindConsultation');
}

/** The weekly email: every item with its date and page, then why they get it and the one-click way out. */
export function digestEmail(locale: Locale, place: string, lines: readonly DigestLine[], stopLink: string): { subject: string; text: string } {
  const items = lines.map((l) => `• ${kindLabel(locale, l.kind)} — ${l.title}\n  ${l.when}\n  ${l.url}`).join('\n\n');
  return {
    subject: t(locale, 'mailAlertDigestSubject', { place }),
    text: t(locale, 'mailAlertDigestBody', { place, items, link: stopLink }),
  };
}

/**
 * The weekly text: numbered lines with short links between a header and the `ARRET` footer. The
 * footer is never cut; when even shortened lines do not fit, fewer items go (the email, and the
 * neighbourhood's page, have them all).
 */
export function digestSms(locale: Locale, place: string, lines: readonly DigestLine[]): string {
  const header = t(locale, 'smsAlertDigestHeader', { place });
  const footer = t(locale, 'smsAlertDigestFooter');
  const numbered = lines.slice(0, maxDigestSmsLines).map((l, i) => `${i + 1}. ${l.title}, ${l.when} ${l.shortUrl ?? l.url}`);
  for (let count = numbered.length; count >= 1; count--) {
    const text = fitSmsList(header, numbered.slice(0, count), footer);
    if (text.endsWith(footer) && numbered.slice(0, count).every((_, i) => text.includes(`\n${i + 1}. `))) return text;
  }
  return fitSmsList(header, numbered.slice(0, 1), footer);
}

/** "Right away": one new petition or consultation. */
export function newItemEmail(locale: Locale, place: string, line: DigestLine, stopLink: string): { subject: string; text: string } {
  const kind = kindLabel(locale, line.kind);
  return {
    subject: t(locale, 'mailAlertNewSubject', { place, title: line.title }),
    text: t(locale, 'mailAlertNewBody', { place, kind, title: line.title, when: line.when, url: line.url, link: stopLink }),
  };
}

export function newItemSms(locale: Locale, place: string, line: DigestLine): string {
  return fitSmsValues((v) => t(locale, 'smsAlertNewItem', v), { place, kind: kindLabel(locale, line.kind), title: line.title, url: line.shortUrl ?? line.url }, ['title', 'place']);
}
