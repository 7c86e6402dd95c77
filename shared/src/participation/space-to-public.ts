import { z } from 'zod';
import { attrs, escapeHtml } from './html.ts';
import { quebecLocalToIso } from './event-proposal.ts';
import { formField, fieldError } from './form-field.ts';
import { button, form, link, withLocale } from './space-html.ts';
import { renderErrorSummary } from './petition-form.ts';
import { spaceText } from './space-meetings.ts';
import { publicDraftKinds, spacePublicDraftPath, type PublicDraftKind, type PublicDraftSource } from './space-public-draft-link.ts';
import type { SpacePage } from './practitioners.ts';
import { t, type MessageKey } from '../i18n.ts';
import { localeTags, locales, type Locale } from '../locales.ts';

/**
 * "Proposer au site public": a member turns a meeting's decision or a request for a hand into a
 * DRAFT event or call to participate for the public site. The form is prefilled from the source,
 * and only what the member sends in it is copied: the source's other words (minutes, replies, who
 * was there) never reach the draft. Who may propose, and the draft itself, are the CMS's business.
 */
export const publicDraftRules = {
  titleMax: 200,
  summaryMax: 280,
  detailsMax: 2000,
  placeMax: 200,
  /** Drafts per member per 24 hours: each one lands in the OCs' review list and mailbox. */
  draftsPerDay: 3,
  /** A date at most this far ahead (a typo'd year is not a plan). */
  maxDaysAhead: 400,
} as const;

export const publicDraftFields = ['kind', 'language', 'title', 'summary', 'details', 'date', 'start', 'end', 'place', 'neighbourhood'] as const;
export type PublicDraftField = (typeof publicDraftFields)[number];
export type PublicDraftValues = Partial<Record<PublicDraftField, string>>;
export type PublicDraftErrors = Partial<Record<PublicDraftField, MessageKey>>;

export interface PublicDraftInput {
  kind: PublicDraftKind;
  /** The language the member wrote in: the draft is made in that locale (the OC adds the other). */
  language: Locale;
  title: string;
  summary: string;
  details: string;
  /** An event's start; a call's when it is a meeting at a time. */
  startsAt: string | null;
  endsAt: string | null;
  /** A call's date without a time: its deadline. */
  deadline: string | null;
  place: string;
  /** A neighbourhood's documentId, among those the form offered; null when it offered none. */
  neighbourhood: string | null;
}

const optionalDate = z
  .string()
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    if (v === '') return;
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const real = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().startsWith(v);
    if (!real) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errDateInvalid' });
  });
const optionalTime = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => v === '' || /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), { message: 'errTimeInvalid' });

const draftSchema = z
  .object({
    kind: z.enum(publicDraftKinds, { message: 'errPublicDraftKind' }),
    language: z.enum(locales, { message: 'errPublicDraftLanguage' }),
    title: spaceText(publicDraftRules.titleMax, { required: true }),
    summary: spaceText(publicDraftRules.summaryMax, { required: true }),
    details: spaceText(publicDraftRules.detailsMax, { multiline: true }),
    date: optionalDate,
    start: optionalTime,
    end: optionalTime,
    place: spaceText(publicDraftRules.placeMax),
    neighbourhood: z.string(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: PublicDraftField, message: MessageKey) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (v.kind !== 'event') return;
    // An event is a date, a time and a place: the public page and the map need them.
    if (v.date === '') issue('date', 'errSpaceDateRequired');
    if (v.start === '') issue('start', 'errSpaceTimeRequired');
    if (v.place === '') issue('place', 'errPublicDraftPlace');
  });

/**
 * The form, read. `neighbourhoods` is the set the form offered (the source's tables'
 * neighbourhoods): any other value is refused, so a member cannot send a draft to the OCs of a
 * neighbourhood their table does not cover. Anything else in the form (a status, a publication
 * date) is not read at all.
 */
export function parsePublicDraftForm(
  fields: Record<string, string | undefined>,
  neighbourhoods: readonly string[],
  today: string,
  pageLocale: Locale,
): { values: PublicDraftValues; result: { ok: true; value: PublicDraftInput } | { ok: false; errors: PublicDraftErrors } } {
  const values = Object.fromEntries(publicDraftFields.map((f) => [f, (fields[f] ?? '').slice(0, publicDraftRules.detailsMax + 100)])) as Record<PublicDraftField, string>;
  // A form without the choice (an old page, a script) writes in the language of the page it came from.
  if (values.language.trim() === '') values.language = pageLocale;
  const errors: PublicDraftErrors = {};
  const parsed = draftSchema.safeParse(values);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as PublicDraftField] ??= issue.message as MessageKey;
  const neighbourhood = values.neighbourhood.trim();
  if (neighbourhoods.length > 0 ? !neighbourhoods.includes(neighbourhood) : neighbourhood !== '') errors.neighbourhood ??= 'errPublicDraftNeighbourhood';
  if (!parsed.success || Object.keys(errors).length > 0) return { values, result: { ok: false, errors } };

  const v = parsed.data;
  if (v.date !== '') {
    const days = (Date.parse(`${v.date}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000;
    if (days < 0) return { values, result: { ok: false, errors: { date: 'errPublicDraftPast' } } };
    if (days > publicDraftRules.maxDaysAhead) return { values, result: { ok: false, errors: { date: 'errDateInvalid' } } };
  }
  const timed = v.date !== '' && v.start !== '';
  const startsAt = timed ? quebecLocalToIso(v.date, v.start) : null;
  const endsAt = timed && v.end !== '' ? quebecLocalToIso(v.date, v.end) : null;
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) return { values, result: { ok: false, errors: { end: 'errSpaceEndBeforeStart' } } };
  return {
    values,
    result: {
      ok: true,
      value: {
        kind: v.kind,
        language: v.language,
        title: v.title,
        summary: v.summary,
        details: v.details,
        startsAt,
        endsAt,
        deadline: v.kind === 'call' && !timed && v.date !== '' ? v.date : null,
        place: v.place,
        neighbourhood: neighbourhoods.length > 0 ? neighbourhood : null,
      },
    },
  };
}

/**
 * At most `max` UTF-16 units, as the form's own check and the database count (an emoji is two),
 * never ending on half an emoji: a prefilled value the form would then refuse as too long is no help.
 */
function cutToUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The first paragraph of a text, cut on a word to fit `max` UTF-16 units. */
function firstParagraph(text: string, max: number): string {
  const first = (text.split(/\n{2,}|\n/)[0] ?? '').trim();
  if (first.length <= max) return first;
  const cut = cutToUnits(first, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}…`;
}

/** The form's first values, from the source: its title and text (a meeting's decisions, a request's details), a request's date. */
export function publicDraftPrefill(source: { title: string; text: string; date?: string | null; neighbourhoods: readonly string[]; locale: Locale }): PublicDraftValues {
  return {
    kind: 'event',
    language: source.locale,
    title: cutToUnits(source.title, publicDraftRules.titleMax),
    summary: firstParagraph(source.text, publicDraftRules.summaryMax),
    details: cutToUnits(source.text, publicDraftRules.detailsMax),
    date: source.date ?? '',
    neighbourhood: source.neighbourhoods.length === 1 ? source.neighbourhoods[0] : '',
  };
}

export interface PublicDraftFormContext {
  source: PublicDraftSource;
  documentId: string;
  /** The source's title and page, for the link back. */
  sourceTitle: string;
  sourceHref: string;
  neighbourhoods: ReadonlyArray<{ documentId: string; name: string }>;
}

const fieldId = (f: PublicDraftField) => `brouillon-${f}`;

export function renderPublicDraftForm(locale: Locale, csrf: string, context: PublicDraftFormContext, values: PublicDraftValues, errors: PublicDraftErrors = {}): SpacePage {
  const title = t(locale, 'publicDraftTitle');
  const invalid = (e: boolean) => (e ? 'true' : undefined);
  const v = (f: PublicDraftField) => values[f] ?? '';
  const input = (f: PublicDraftField, label: MessageKey, hint: MessageKey | null, extra: Record<string, string | number>) =>
    formField(locale, fieldId(f), label, hint, (d, e) => `<input${attrs({ id: fieldId(f), name: f, value: v(f), 'aria-describedby': d, 'aria-invalid': invalid(e), ...extra })}>`, errors[f]);
  const kindRadio = (k: PublicDraftKind) =>
    `<div class="check"><input${attrs({ type: 'radio', id: `${fieldId('kind')}-${k}`, name: 'kind', value: k, checked: v('kind') === k })}> <label for="${fieldId('kind')}-${k}">${escapeHtml(t(locale, k === 'event' ? 'publicDraftKindEvent' : 'publicDraftKindCall'))}</label></div>`;
  // Each language's name in that language, marked as such for screen readers.
  const languageRadio = (l: Locale) =>
    `<div class="check"><input${attrs({ type: 'radio', id: `${fieldId('language')}-${l}`, name: 'language', value: l, checked: v('language') === l })}> <label${attrs({ for: `${fieldId('language')}-${l}`, lang: localeTags[l] })}>${escapeHtml(t(l, 'languageName'))}</label></div>`;
  const neighbourhood =
    context.neighbourhoods.length > 0
      ? formField(
          locale,
          fieldId('neighbourhood'),
          'publicDraftNeighbourhoodLabel',
          'publicDraftNeighbourhoodHint',
          (d, e) =>
            `<select${attrs({ id: fieldId('neighbourhood'), name: 'neighbourhood', 'aria-describedby': d, 'aria-invalid': invalid(e) })}><option value="">${escapeHtml(t(locale, 'handKindChoose'))}</option>` +
            context.neighbourhoods.map((n) => `<option${attrs({ value: n.documentId, selected: v('neighbourhood') === n.documentId })}>${escapeHtml(n.name)}</option>`).join('') +
            `</select>`,
          errors.neighbourhood,
        )
      : '';
  const summary = renderErrorSummary(
    locale,
    publicDraftFields.flatMap((f) => (errors[f] ? [{ href: f === 'kind' ? `#${fieldId('kind')}-event` : f === 'language' ? `#${fieldId('language')}-fr` : `#${fieldId(f)}`, key: errors[f] }] : [])),
  );
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      `<p>${link(withLocale(context.sourceHref, locale), context.sourceTitle)}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      `<p>${escapeHtml(t(locale, 'publicDraftIntro'))}</p>` +
      `<p class="hint">${escapeHtml(t(locale, 'publicDraftPrivacyHint'))}</p>` +
      summary +
      form(
        spacePublicDraftPath(context.source, context.documentId),
        locale,
        csrf,
        `<fieldset${attrs({ 'aria-describedby': errors.kind ? `${fieldId('kind')}-erreur` : undefined })}><legend>${escapeHtml(t(locale, 'publicDraftKindLegend'))}</legend>` +
          fieldError(locale, fieldId('kind'), errors.kind) +
          publicDraftKinds.map(kindRadio).join('') +
          `</fieldset>` +
          `<fieldset${attrs({ 'aria-describedby': [`${fieldId('language')}-aide`, errors.language ? `${fieldId('language')}-erreur` : ''].filter(Boolean).join(' ') })}><legend>${escapeHtml(t(locale, 'publicDraftLanguageLegend'))}</legend>` +
          `<p class="hint" id="${fieldId('language')}-aide">${escapeHtml(t(locale, 'publicDraftLanguageHint'))}</p>` +
          fieldError(locale, fieldId('language'), errors.language) +
          locales.map(languageRadio).join('') +
          `</fieldset>` +
          input('title', 'publicDraftTitleLabel', 'publicDraftTitleHint', { type: 'text', maxlength: publicDraftRules.titleMax }) +
          input('summary', 'publicDraftSummaryLabel', 'publicDraftSummaryHint', { type: 'text', maxlength: publicDraftRules.summaryMax }) +
          formField(
            locale,
            fieldId('details'),
            'publicDraftDetailsLabel',
            'publicDraftDetailsHint',
            (d, e) => `<textarea${attrs({ id: fieldId('details'), name: 'details', rows: 8, maxlength: publicDraftRules.detailsMax, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>${escapeHtml(v('details'))}</textarea>`,
            errors.details,
          ) +
          input('date', 'publicDraftDateLabel', 'publicDraftDateHint', { type: 'date' }) +
          input('start', 'spaceMeetingStartLabel', 'publicDraftTimeHint', { type: 'time' }) +
          input('end', 'spaceMeetingEndLabel', 'publicDraftTimeHint', { type: 'time' }) +
          input('place', 'publicDraftPlaceLabel', 'publicDraftPlaceHint', { type: 'text', maxlength: publicDraftRules.placeMax }) +
          neighbourhood +
          button(locale, 'publicDraftSubmit'),
        ' novalidate',
      ),
  };
}
