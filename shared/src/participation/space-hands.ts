import { z } from 'zod';
import { formatDate, formatDateTime } from '../dates.ts';
import { attrs, escapeHtml } from './html.ts';
import { formField, fieldError } from './form-field.ts';
import { button, form, hidden, link, paragraphs, withLocale } from './space-html.ts';
import { publicDraftBlock, type PublicDraftMark } from './space-public-draft-link.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { spaceText } from './space-meetings.ts';
import { enumKey, t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Requests for a hand (« coups de main ») in the practitioners' space: a member asks the round
 * tables they sit at for a room, volunteers, an interpreter, a partner, equipment; members of those
 * tables answer in the request's thread; the author (or an OC at one of its tables) marks it
 * resolved. And "Mes avis": how each member is told (at once, in a weekly digest, or not at all).
 * Pages, forms and message words only: who may see or do what is decided by the CMS.
 */
export const spaceHandPaths = {
  list: participationUrl(participationRoutes.showSpaceHands.path),
  create: participationUrl(participationRoutes.createSpaceHand.path),
  notices: participationUrl(participationRoutes.showSpaceNotices.path),
} as const;
export const spaceHandPath = (requestId: string) => participationUrl(participationRoutes.showSpaceHand.path, requestId);
export const spaceHandActions = {
  reply: (requestId: string) => participationUrl(participationRoutes.replyToSpaceHand.path, requestId),
  resolve: (requestId: string) => participationUrl(participationRoutes.resolveSpaceHand.path, requestId),
  edit: (requestId: string) => participationUrl(participationRoutes.editSpaceHand.path, requestId),
} as const;

export const handKinds = ['salle', 'benevoles', 'interprete', 'partenaire', 'materiel', 'autre'] as const;
export type HandKind = (typeof handKinds)[number];
export const noticeModes = ['immediate', 'digest', 'none'] as const;
export type NoticeMode = (typeof noticeModes)[number];
export const noticeChannels = ['email', 'sms'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

export const handRules = {
  titleMax: 160,
  detailsMax: 2000,
  replyMax: 2000,
  /** New requests per member per 24 hours: each one can notify every member of several tables. */
  requestsPerDay: 5,
  /** Replies per member per hour: each one notifies the author and everyone who answered before. */
  repliesPerHour: 20,
  /** Replies per page of a request: page 1 holds the latest ones, older ones are a link away. */
  repliesPerPage: 20,
  /** A needed-by date at most this far ahead (a typo'd year is not a plan). */
  neededByMaxDays: 366,
} as const;

export type HandField = 'kind' | 'title' | 'details' | 'neededBy' | 'tables';
export type HandFormValues = { kind?: string; title?: string; details?: string; neededBy?: string; tables?: string[]; neighbourhoods?: string[] };
export type HandErrors = Partial<Record<HandField, MessageKey>>;
export interface HandInput {
  kind: HandKind;
  title: string;
  details: string;
  neededBy: string | null;
  tables: string[];
  neighbourhoods: string[];
}

/** Who a request may be sent to: the tables its author sits at, and the published neighbourhoods (by documentId). */
export interface HandChoices {
  tables: readonly string[];
  neighbourhoods: readonly string[];
}

const handSchema = z.object({
  kind: z.enum(handKinds, { message: 'errHandKind' }),
  title: spaceText(handRules.titleMax, { required: true }),
  details: spaceText(handRules.detailsMax, { required: true, multiline: true }),
  neededBy: z
    .string()
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      if (v === '') return;
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const real = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().startsWith(v);
      if (!real) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errDateInvalid' });
    }),
  tables: z.array(z.string()),
  neighbourhoods: z.array(z.string()),
});

/** The ids ticked in the form under a prefix (`table-<id>`, `quartier-<id>`), whatever they are: checked against the choices after. */
function ticked(fields: Record<string, string | undefined>, prefix: string): string[] {
  return Object.keys(fields)
    .filter((name) => name.startsWith(prefix) && fields[name] === '1')
    .map((name) => name.slice(prefix.length))
    .slice(0, 200);
}

/**
 * The request form (new or edited), read against what the author may choose: the tables they sit
 * at (checkboxes `table-<id>`) and the published neighbourhoods (`quartier-<id>`). A ticked id
 * outside those choices (another table, a neighbourhood that does not exist) refuses the whole form
 * with an error rather than being dropped quietly: the author sees who the request would not reach.
 * `keptNeededBy`: an edit may keep the date the request already has, even once it has passed.
 */
export function parseHandForm(
  fields: Record<string, string | undefined>,
  choices: HandChoices,
  today: string,
  keptNeededBy: string | null = null,
): { values: HandFormValues; result: { ok: true; value: HandInput } | { ok: false; errors: HandErrors } } {
  const tables = ticked(fields, 'table-');
  const neighbourhoods = ticked(fields, 'quartier-');
  const values: HandFormValues = {
    kind: (fields.kind ?? '').slice(0, 20),
    title: (fields.title ?? '').slice(0, handRules.titleMax + 100),
    details: (fields.details ?? '').slice(0, handRules.detailsMax + 100),
    neededBy: (fields.neededBy ?? '').slice(0, 20),
    tables: tables.filter((id) => choices.tables.includes(id)),
    neighbourhoods: neighbourhoods.filter((id) => choices.neighbourhoods.includes(id)),
  };
  const parsed = handSchema.safeParse({ ...values, neededBy: values.neededBy ?? '' });
  const errors: HandErrors = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as HandField] ??= issue.message as MessageKey;
  const unknown = values.tables!.length < tables.length || values.neighbourhoods!.length < neighbourhoods.length;
  if (unknown) errors.tables = 'errHandAudienceUnknown';
  else if (values.tables!.length + values.neighbourhoods!.length === 0) errors.tables = 'errHandTables';
  if (!parsed.success || errors.tables) return { values, result: { ok: false, errors } };
  const v = parsed.data;
  if (v.neededBy !== '' && v.neededBy !== keptNeededBy) {
    const days = (Date.parse(`${v.neededBy}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000;
    if (days < 0) return { values, result: { ok: false, errors: { neededBy: 'errHandNeededByPast' } } };
    if (days > handRules.neededByMaxDays) return { values, result: { ok: false, errors: { neededBy: 'errDateInvalid' } } };
  }
  return { values, result: { ok: true, value: { kind: v.kind, title: v.title, details: v.details, neededBy: v.neededBy || null, tables: v.tables, neighbourhoods: v.neighbourhoods } } };
}

export function parseReplyForm(fields: Record<string, string | undefined>): { value: string; result: { ok: true; value: string } | { ok: false; error: MessageKey } } {
  const value = (fields.text ?? '').slice(0, handRules.replyMax + 100);
  const parsed = spaceText(handRules.replyMax, { required: true, multiline: true }).safeParse(value);
  if (parsed.success) return { value, result: { ok: true, value: parsed.data } };
  return { value, result: { ok: false, error: (parsed.error.issues[0]?.message ?? 'errFieldInvalid') as MessageKey } };
}

export interface NoticePreferences {
  mode: NoticeMode;
  channel: NoticeChannel;
}

/** "Mes avis": a mode, and a channel among those the member has (an unknown value keeps the form, with an error). */
export function parseNoticesForm(fields: Record<string, string | undefined>, available: readonly NoticeChannel[]): { ok: true; value: NoticePreferences } | { ok: false; error: MessageKey } {
  const parsed = z.object({ mode: z.enum(noticeModes), channel: z.enum(noticeChannels) }).safeParse({ mode: fields.mode, channel: fields.channel ?? available[0] });
  if (!parsed.success || !available.includes(parsed.data.channel)) return { ok: false, error: 'errNoticesChoice' };
  return { ok: true, value: parsed.data };
}

export interface HandSummary {
  documentId: string;
  kind: HandKind;
  title: string;
  /** null: the author was erased or is no longer a member ("Ancien membre"). */
  authorName: string | null;
  tables: string[];
  /** The neighbourhoods it was sent to, by name. */
  neighbourhoods: string[];
  createdAt: string;
  /** When its author last edited it; null if never. */
  editedAt: string | null;
  neededBy: string | null;
  resolved: boolean;
  replies: number;
}

export interface HandReply {
  /** null: the author was erased or is no longer a member ("Ancien membre"). */
  authorName: string | null;
  text: string;
  createdAt: string;
}

/**
 * One page of a request's replies. Page 1 is the latest ones; each page reads oldest first, as a
 * conversation does, so the reply form follows the newest reply.
 */
export interface HandThread {
  replies: HandReply[];
  page: number;
  hasOlder: boolean;
}

export interface HandView extends Omit<HandSummary, 'replies'> {
  details: string;
  thread: HandThread;
  canResolve: boolean;
  /** Its author, while it is open. */
  canEdit: boolean;
  /** Drafts for the public site already made from this request. */
  publicDrafts: PublicDraftMark[];
}

const kindLabel = (locale: Locale, kind: HandKind) => t(locale, enumKey('handKind', kind));
const authorOf = (locale: Locale, name: string | null) => name ?? t(locale, 'handFormerMember');

function summaryLine(locale: Locale, hand: HandSummary): string {
  const facts = [
    kindLabel(locale, hand.kind),
    t(locale, 'handBy', { name: authorOf(locale, hand.authorName) }),
    [...hand.tables, ...hand.neighbourhoods].join(', '),
    ...(hand.neededBy ? [t(locale, 'handNeededByOn', { date: formatDate(`${hand.neededBy}T12:00:00Z`, locale) })] : []),
    t(locale, 'handReplyCount', { count: hand.replies }),
  ].filter(Boolean);
  return `<li>${link(withLocale(spaceHandPath(hand.documentId), locale), hand.title)}<br><span class="hint">${escapeHtml(facts.join(' · '))}</span></li>`;
}

/** Where a list of requests stands: page 1 is the newest; `hasOlder` when a next page has some. */
export interface HandPaging {
  page: number;
  hasOlder: boolean;
}

function handPager(locale: Locale, paging: HandPaging): string {
  const href = (page: number) => {
    const query = [...(page > 1 ? [`page=${page}`] : []), ...(locale === 'en' ? ['locale=en'] : [])];
    return query.length ? `${spaceHandPaths.list}?${query.join('&')}` : spaceHandPaths.list;
  };
  const links = [...(paging.page > 1 ? [link(href(paging.page - 1), t(locale, 'handNewer'))] : []), ...(paging.hasOlder ? [link(href(paging.page + 1), t(locale, 'handOlder'))] : [])];
  return links.length ? `<nav aria-label="${escapeHtml(t(locale, 'threadPagesLabel'))}"><p>${links.join(' · ')}</p></nav>` : '';
}

/** The open requests a member can see (their tables' and their own), a page at a time, and their own resolved ones (on page 1). */
export function renderSpaceHands(locale: Locale, open: HandSummary[], mineResolved: HandSummary[], paging: HandPaging = { page: 1, hasOlder: false }): SpacePage {
  const title = paging.page > 1 ? `${t(locale, 'handListTitle')} (${t(locale, 'threadPageNumber', { page: paging.page })})` : t(locale, 'handListTitle');
  return {
    title,
    body:
      `<p>${link(withLocale('/participer/espace/', locale), t(locale, 'spaceBackHome'))}</p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'handListIntro'))}</p>` +
      `<p>${link(withLocale(spaceHandPaths.create, locale), t(locale, 'handNewLink'))} · ${link(withLocale(spaceHandPaths.notices, locale), t(locale, 'noticesLink'))}</p>` +
      `<h2>${escapeHtml(t(locale, 'handOpenHeading'))}</h2>` +
      (open.length ? `<ul>${open.map((h) => summaryLine(locale, h)).join('')}</ul>` : `<p>${escapeHtml(t(locale, 'handNoneOpen'))}</p>`) +
      handPager(locale, paging) +
      (mineResolved.length ? `<h2>${escapeHtml(t(locale, 'handMineResolvedHeading'))}</h2><ul>${mineResolved.map((h) => summaryLine(locale, h)).join('')}</ul>` : ''),
  };
}

type Named = { documentId: string; name: string };

/** One group of audience checkboxes (the author's tables, or the neighbourhoods), in its own fieldset. */
function audienceBoxes(prefix: 'table' | 'quartier', legend: MessageKey, items: Named[], chosen: Set<string>, escape: (s: string) => string, locale: Locale): string {
  if (items.length === 0) return '';
  return (
    `<fieldset><legend>${escape(t(locale, legend))}</legend>` +
    items.map((x) => `<div class="check"><input${attrs({ type: 'checkbox', id: `demande-${prefix}-${x.documentId}`, name: `${prefix}-${x.documentId}`, value: '1', checked: chosen.has(x.documentId) })}> <label for="demande-${escape(prefix)}-${escape(x.documentId)}">${escape(x.name)}</label></div>`).join('') +
    `</fieldset>`
  );
}

/**
 * The request form, new or edited (`editing`: the request's documentId): the author's own tables
 * (all ticked the first time) and the published neighbourhoods as checkboxes.
 */
export function renderHandForm(locale: Locale, csrf: string, choices: { tables: Named[]; neighbourhoods: Named[] }, values: HandFormValues, errors: HandErrors = {}, editing?: string): SpacePage {
  const { tables, neighbourhoods } = choices;
  const title = t(locale, editing ? 'handEditTitle' : 'handNewTitle');
  const invalid = (e: boolean) => (e ? 'true' : undefined);
  const chosen = new Set([...(values.tables ?? tables.map((x) => x.documentId)), ...(values.neighbourhoods ?? [])]);
  const firstBox = tables[0] ? `#demande-table-${tables[0].documentId}` : `#demande-quartier-${neighbourhoods[0]?.documentId ?? ''}`;
  const summary = renderErrorSummary(
    locale,
    (['kind', 'title', 'details', 'neededBy', 'tables'] as const).flatMap((f) => (errors[f] ? [{ href: f === 'tables' ? firstBox : `#demande-${f}`, key: errors[f] }] : [])),
  );
  const back = editing ? link(withLocale(spaceHandPath(editing), locale), t(locale, 'handBackToRequest')) : link(withLocale(spaceHandPaths.list, locale), t(locale, 'handListTitle'));
  if (tables.length === 0 && neighbourhoods.length === 0) {
    return { title, body: `<p>${back}</p><h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'handNoTables'))}</p>` };
  }
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      `<p>${back}</p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, editing ? 'handEditIntro' : 'handNewIntro'))}</p>` +
      summary +
      form(
        editing ? spaceHandActions.edit(editing) : spaceHandPaths.create,
        locale,
        csrf,
        formField(
          locale,
          'demande-kind',
          'handKindLabel',
          null,
          (d, e) =>
            `<select${attrs({ id: 'demande-kind', name: 'kind', 'aria-describedby': d, 'aria-invalid': invalid(e) })}><option value="">${escapeHtml(t(locale, 'handKindChoose'))}</option>` +
            handKinds.map((k) => `<option${attrs({ value: k, selected: values.kind === k })}>${escapeHtml(kindLabel(locale, k))}</option>`).join('') +
            `</select>`,
          errors.kind,
        ) +
          formField(locale, 'demande-title', 'handTitleLabel', 'handTitleHint', (d, e) => `<input${attrs({ id: 'demande-title', name: 'title', type: 'text', maxlength: handRules.titleMax, value: values.title ?? '', 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`, errors.title) +
          formField(
            locale,
            'demande-details',
            'handDetailsLabel',
            'handDetailsHint',
            (d, e) => `<textarea${attrs({ id: 'demande-details', name: 'details', rows: 8, maxlength: handRules.detailsMax, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>${escapeHtml(values.details ?? '')}</textarea>`,
            errors.details,
          ) +
          formField(locale, 'demande-neededBy', 'handNeededByLabel', 'handNeededByHint', (d, e) => `<input${attrs({ id: 'demande-neededBy', name: 'neededBy', type: 'date', value: values.neededBy ?? '', 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`, errors.neededBy) +
          `<fieldset${attrs({ 'aria-describedby': errors.tables ? 'demande-tables-erreur' : 'demande-tables-aide' })}><legend>${escapeHtml(t(locale, 'handTablesLegend'))}</legend>` +
          `<span class="hint" id="demande-tables-aide">${escapeHtml(t(locale, 'handTablesHint'))}</span>` +
          fieldError(locale, 'demande-tables', errors.tables) +
          audienceBoxes('table', 'handTablesMine', tables, chosen, escapeHtml, locale) +
          audienceBoxes('quartier', 'handNeighbourhoodsLegend', neighbourhoods, chosen, escapeHtml, locale) +
          `</fieldset>` +
          button(locale, editing ? 'handEditSave' : 'handCreate'),
        ' novalidate',
      ),
  };
}

/** A page of a request's replies: `#reponses`, so a link lands on them rather than on the request's details. */
function replyPageHref(requestId: string, page: number, locale: Locale): string {
  const query = [...(page > 1 ? [`page=${page}`] : []), ...(locale === 'en' ? ['locale=en'] : [])];
  return `${spaceHandPath(requestId)}${query.length ? `?${query.join('&')}` : ''}#reponses`;
}

/**
 * The replies of one page, oldest first: "Réponses plus anciennes" above them (where older ones
 * would be), "Réponses plus récentes" under them. Plain links, so paging works without JavaScript.
 */
function replyList(locale: Locale, requestId: string, thread: HandThread): string {
  const list = thread.replies.length
    ? `<ol class="thread">${thread.replies.map((r) => `<li><p><strong>${escapeHtml(authorOf(locale, r.authorName))}</strong>, ${escapeHtml(formatDateTime(r.createdAt, locale))}</p>${paragraphs(r.text)}</li>`).join('')}</ol>`
    : `<p>${escapeHtml(t(locale, thread.page > 1 ? 'handNoRepliesOnPage' : 'handNoReplies'))}</p>`;
  return (
    (thread.page > 1 ? `<p>${escapeHtml(t(locale, 'threadPageNumber', { page: thread.page }))}</p>` : '') +
    (thread.hasOlder ? `<p>${link(replyPageHref(requestId, thread.page + 1, locale), t(locale, 'handRepliesOlder'))}</p>` : '') +
    list +
    (thread.page > 1 ? `<p>${link(replyPageHref(requestId, thread.page - 1, locale), t(locale, 'handRepliesNewer'))}</p>` : '')
  );
}

/** A request, its thread, and "mark as resolved" for its author and the OCs at its tables. */
export function renderSpaceHand(locale: Locale, csrf: string, hand: HandView, reply: { value?: string; error?: MessageKey } = {}): SpacePage {
  const status = t(locale, hand.resolved ? 'handStatusResolved' : 'handStatusOpen');
  return {
    title: hand.thread.page > 1 ? `${hand.title} (${t(locale, 'threadPageNumber', { page: hand.thread.page })})` : hand.title,
    hasErrors: Boolean(reply.error),
    body:
      `<p>${link(withLocale(spaceHandPaths.list, locale), t(locale, 'handListTitle'))}</p>` +
      `<h1>${escapeHtml(hand.title)}</h1>` +
      `<p><strong>${escapeHtml(status)}</strong> · ${escapeHtml(kindLabel(locale, hand.kind))}</p>` +
      `<p>${escapeHtml(t(locale, 'handAskedBy', { name: authorOf(locale, hand.authorName), date: formatDateTime(hand.createdAt, locale) }))}</p>` +
      `<p>${escapeHtml(t(locale, 'handSeenBy'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml([...hand.tables, ...hand.neighbourhoods].join(', '))}</p>` +
      (hand.editedAt ? `<p>${escapeHtml(t(locale, 'handEditedOn', { date: formatDateTime(hand.editedAt, locale) }))}</p>` : '') +
      (hand.neededBy ? `<p>${escapeHtml(t(locale, 'handNeededByOn', { date: formatDate(`${hand.neededBy}T12:00:00Z`, locale) }))}</p>` : '') +
      paragraphs(hand.details) +
      publicDraftBlock(locale, 'hand', hand.documentId, hand.publicDrafts) +
      (hand.canEdit ? `<p>${link(withLocale(spaceHandActions.edit(hand.documentId), locale), t(locale, 'handEditLink'))}</p>` : '') +
      (hand.canResolve && !hand.resolved ? form(spaceHandActions.resolve(hand.documentId), locale, csrf, button(locale, 'handResolve')) : '') +
      `<h2 id="reponses">${escapeHtml(t(locale, 'handThreadHeading'))}</h2>` +
      replyList(locale, hand.documentId, hand.thread) +
      (hand.resolved
        ? `<p>${escapeHtml(t(locale, 'handResolvedNoReplies'))}</p>`
        : hand.thread.page > 1
          ? `<p>${link(replyPageHref(hand.documentId, 1, locale), t(locale, 'handReplyOnFirstPage'))}</p>`
          : renderErrorSummary(locale, reply.error ? [{ href: '#reponse-text', key: reply.error }] : []) +
            form(
              spaceHandActions.reply(hand.documentId),
              locale,
              csrf,
              formField(
                locale,
                'reponse-text',
                'handReplyLabel',
                'handReplyHint',
                (d, e) => `<textarea${attrs({ id: 'reponse-text', name: 'text', rows: 5, maxlength: handRules.replyMax, 'aria-describedby': d, 'aria-invalid': e ? 'true' : undefined })}>${escapeHtml(reply.value ?? '')}</textarea>`,
                reply.error,
              ) + button(locale, 'handReplySend'),
              ' novalidate',
            )),
  };
}

/** "Mes avis": how this member hears of new requests and replies. */
export function renderSpaceNotices(locale: Locale, csrf: string, current: NoticePreferences, available: readonly NoticeChannel[], state: { saved?: boolean; error?: MessageKey } = {}): SpacePage {
  const title = t(locale, 'noticesTitle');
  const radio = (name: string, value: string, label: MessageKey, checked: boolean) =>
    `<div class="check"><input${attrs({ type: 'radio', id: `avis-${name}-${value}`, name, value, checked })}> <label for="avis-${name}-${value}">${escapeHtml(t(locale, label))}</label></div>`;
  return {
    title,
    hasErrors: Boolean(state.error),
    body:
      `<p>${link(withLocale(spaceHandPaths.list, locale), t(locale, 'handListTitle'))}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      (state.saved ? `<p role="status"><strong>${escapeHtml(t(locale, 'noticesSaved'))}</strong></p>` : '') +
      renderErrorSummary(locale, state.error ? [{ href: `#avis-mode-${current.mode}`, key: state.error }] : []) +
      `<p>${escapeHtml(t(locale, 'noticesIntro'))}</p>` +
      form(
        spaceHandPaths.notices,
        locale,
        csrf,
        `<fieldset><legend>${escapeHtml(t(locale, 'noticesModeLegend'))}</legend>` +
          radio('mode', 'immediate', 'noticesModeImmediate', current.mode === 'immediate') +
          radio('mode', 'digest', 'noticesModeDigest', current.mode === 'digest') +
          radio('mode', 'none', 'noticesModeNone', current.mode === 'none') +
          `</fieldset>` +
          (available.length > 1
            ? `<fieldset><legend>${escapeHtml(t(locale, 'noticesChannelLegend'))}</legend>` +
              radio('channel', 'email', 'noticesChannelEmail', current.channel === 'email') +
              radio('channel', 'sms', 'noticesChannelSms', current.channel === 'sms') +
              `</fieldset>`
            : hidden('channel', available[0] ?? 'email') + `<p class="hint">${escapeHtml(t(locale, available[0] === 'sms' ? 'noticesOnlySms' : 'noticesOnlyEmail'))}</p>`) +
          button(locale, 'noticesSave'),
      ),
  };
}

/** A new request, told at once: its kind, title and tables, and the link back. Never anyone's contact details. */
export function handNotice(locale: Locale, hand: { kind: HandKind; title: string; tables: string[] }, url: string): { subject: string; text: string; sms: string } {
  const subject = t(locale, 'handNoticeSubject', { kind: kindLabel(locale, hand.kind) });
  const text = `${t(locale, 'handNoticeBody', { title: hand.title, tables: hand.tables.join(', ') })}\n\n${url}\n\n${t(locale, 'noticesFooter')}`;
  return { subject, text, sms: `${t(locale, 'handNoticeSms', { title: hand.title })} ${url}` };
}

/** A reply in a thread the person is part of. */
export function replyNotice(locale: Locale, hand: { title: string }, url: string): { subject: string; text: string; sms: string } {
  const subject = t(locale, 'handReplyNoticeSubject');
  const text = `${t(locale, 'handReplyNoticeBody', { title: hand.title })}\n\n${url}\n\n${t(locale, 'noticesFooter')}`;
  return { subject, text, sms: `${t(locale, 'handReplyNoticeSms', { title: hand.title })} ${url}` };
}

/**
 * The week's digest: new requests at the person's tables, threads of theirs with new replies, and
 * discussions (a table's, a resource's) with new messages by others.
 */
export function handDigest(
  locale: Locale,
  fresh: Array<{ title: string; url: string }>,
  answered: Array<{ title: string; url: string }>,
  listUrl: string,
  discussed: Array<{ title: string; url: string }> = [],
): { subject: string; text: string; sms: string } {
  const lines = (items: Array<{ title: string; url: string }>) => items.map((i) => `- ${i.title}\n  ${i.url}`).join('\n');
  const parts = [
    ...(fresh.length ? [`${t(locale, 'handDigestNew', { count: fresh.length })}\n${lines(fresh)}`] : []),
    ...(answered.length ? [`${t(locale, 'handDigestReplies', { count: answered.length })}\n${lines(answered)}`] : []),
    ...(discussed.length ? [`${t(locale, 'threadDigestDiscussed', { count: discussed.length })}\n${lines(discussed)}`] : []),
  ];
  const sms = discussed.length
    ? t(locale, 'threadDigestSms', { fresh: fresh.length, answered: answered.length, discussed: discussed.length })
    : t(locale, 'handDigestSms', { fresh: fresh.length, answered: answered.length });
  return {
    subject: t(locale, 'handDigestSubject'),
    text: `${parts.join('\n\n')}\n\n${listUrl}\n\n${t(locale, 'noticesFooter')}`,
    sms: `${sms} ${listUrl}`,
  };
}
