import { formatDateTime } from '../dates.ts';
import { attrs, escapeHtml } from './html.ts';
import { formField } from './form-field.ts';
import { button, form, link, paragraphs, withLocale } from './space-html.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { spaceTablePath, spaceText } from './space-meetings.ts';
import { resourceTarget, resourceThemeLabel, spaceResourceDelete, spaceResourcePaths, type ResourceSummary } from './space-resources.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Threads of the practitioners' space: a round table's members talk on the table's page, and
 * whoever sees a shared resource talks on the resource's own page. Replies are on the web only; a
 * notice (at once or in the weekly digest, by each member's "Mes avis") carries a title and a link
 * back, never the message. Pages, forms and message words only: who may read or post is decided by
 * the CMS.
 */
export const spaceTableMessagesPath = (tableId: string) => participationUrl(participationRoutes.showSpaceTableMessages.path, tableId);
export const spaceResourcePath = (resourceId: string) => participationUrl(participationRoutes.showSpaceResource.path, resourceId);
export const spaceThreadActions = {
  table: (tableId: string) => participationUrl(participationRoutes.postSpaceTableMessage.path, tableId),
  resource: (resourceId: string) => participationUrl(participationRoutes.postSpaceResourceMessage.path, resourceId),
} as const;

export const threadRules = {
  messageMax: 2000,
  /** Messages per member per hour, every thread together: each one can notify a whole table. */
  messagesPerHour: 20,
  /** The latest messages shown on a table's page; the rest are on its messages' pages. */
  onTablePage: 5,
  /** Messages per page of a thread's older messages, and of a resource's thread. */
  perPage: 20,
  /** The highest page number read from an address: past it, a thread's page is empty, not a slow query. */
  maxPage: 500,
} as const;

export interface ThreadMessage {
  /** null: the author is gone from the space ("Ancien membre"). */
  authorName: string | null;
  text: string;
  createdAt: string;
}

/** One page of a thread, newest first: page 1 is the latest messages. */
export interface ThreadPage {
  messages: ThreadMessage[];
  page: number;
  hasOlder: boolean;
}

export interface Composer {
  value?: string;
  error?: MessageKey;
}

/** `?page=` from an address: a whole number from 1 to maxPage, anything else is page 1. */
export function threadPageOf(value: string | null): number {
  const n = /^\d{1,4}$/.test(value ?? '') ? Number(value) : 1;
  return n >= 1 && n <= threadRules.maxPage ? n : 1;
}

export function parseThreadMessage(fields: Record<string, string | undefined>): { value: string; result: { ok: true; value: string } | { ok: false; error: MessageKey } } {
  // What comes back in the form is cut a little past the limit: a megabyte pasted is not echoed back.
  const value = (fields.text ?? '').slice(0, threadRules.messageMax + 100);
  const parsed = spaceText(threadRules.messageMax, { required: true, multiline: true }).safeParse(value);
  if (parsed.success) return { value, result: { ok: true, value: parsed.data } };
  return { value, result: { ok: false, error: (parsed.error.issues[0]?.message ?? 'errFieldInvalid') as MessageKey } };
}

const pageHref = (path: string, page: number, locale: Locale) => {
  const query = [...(page > 1 ? [`page=${page}`] : []), ...(locale === 'en' ? ['locale=en'] : [])];
  return query.length ? `${path}?${query.join('&')}` : path;
};

function messageList(locale: Locale, messages: ThreadMessage[]): string {
  if (messages.length === 0) return `<p>${escapeHtml(t(locale, 'threadEmpty'))}</p>`;
  return `<ol class="thread">${messages
    .map((m) => `<li><p><strong>${escapeHtml(m.authorName ?? t(locale, 'handFormerMember'))}</strong>, ${escapeHtml(formatDateTime(m.createdAt, locale))}</p>${paragraphs(m.text)}</li>`)
    .join('')}</ol>`;
}

/** "Plus anciens" / "Plus récents": plain links, so paging works without JavaScript. */
function pager(locale: Locale, path: string, thread: ThreadPage): string {
  const links = [
    ...(thread.page > 1 ? [link(pageHref(path, thread.page - 1, locale), t(locale, 'threadNewer'))] : []),
    ...(thread.hasOlder ? [link(pageHref(path, thread.page + 1, locale), t(locale, 'threadOlder'))] : []),
  ];
  return links.length ? `<nav aria-label="${escapeHtml(t(locale, 'threadPagesLabel'))}"><p>${links.join(' · ')}</p></nav>` : '';
}

function composerForm(locale: Locale, csrf: string, action: string, composer: Composer): string {
  return (
    renderErrorSummary(locale, composer.error ? [{ href: '#message-text', key: composer.error }] : []) +
    form(
      action,
      locale,
      csrf,
      formField(
        locale,
        'message-text',
        'threadMessageLabel',
        'threadMessageHint',
        (d, e) => `<textarea${attrs({ id: 'message-text', name: 'text', rows: 4, maxlength: threadRules.messageMax, 'aria-describedby': d, 'aria-invalid': e ? 'true' : undefined })}>${escapeHtml(composer.value ?? '')}</textarea>`,
        composer.error,
      ) + button(locale, 'threadSend'),
      ' novalidate',
    )
  );
}

/** The table page's discussion: its latest messages, a link to the older ones, and the form to post. */
export function renderTableThreadBlock(locale: Locale, csrf: string, tableId: string, latest: ThreadPage, composer: Composer = {}): string {
  return (
    `<h2 id="discussion">${escapeHtml(t(locale, 'threadTableHeading'))}</h2>` +
    `<p class="hint">${escapeHtml(t(locale, 'threadTableIntro'))}</p>` +
    messageList(locale, latest.messages) +
    (latest.hasOlder ? `<p>${link(pageHref(spaceTableMessagesPath(tableId), 2, locale), t(locale, 'threadOlder'))}</p>` : '') +
    composerForm(locale, csrf, spaceThreadActions.table(tableId), composer)
  );
}

/** A table's messages, a page at a time (page 1 is the latest), for the ones the table page no longer shows. */
export function renderTableMessages(locale: Locale, table: { documentId: string; name: string }, thread: ThreadPage): SpacePage {
  const title = t(locale, 'threadTableMessagesTitle', { table: table.name });
  return {
    title: thread.page > 1 ? `${title} (${t(locale, 'threadPageNumber', { page: thread.page })})` : title,
    body:
      `<p>${link(withLocale(spaceTablePath(table.documentId), locale), table.name)}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      `<p>${escapeHtml(t(locale, 'threadPageNumber', { page: thread.page }))}</p>` +
      messageList(locale, thread.messages) +
      pager(locale, spaceTableMessagesPath(table.documentId), thread),
  };
}

/** A resource's own page: the link, what it is, and its thread (paged like a table's). */
export function renderSpaceResource(locale: Locale, csrf: string, resource: ResourceSummary, thread: ThreadPage, composer: Composer = {}): SpacePage {
  const facts = [
    resource.themes.map((theme) => resourceThemeLabel(locale, theme)).join(', '),
    resource.table ?? t(locale, 'resourceAllMembers'),
    t(locale, 'handBy', { name: resource.authorName ?? t(locale, 'handFormerMember') }),
  ];
  const target = resourceTarget(locale, resource);
  return {
    title: resource.title,
    hasErrors: Boolean(composer.error),
    body:
      `<p>${link(withLocale(spaceResourcePaths.list, locale), t(locale, 'resourceListTitle'))}</p>` +
      `<h1>${escapeHtml(resource.title)}</h1>` +
      `<p><a${attrs({ href: target.href, rel: 'noopener noreferrer nofollow', download: Boolean(resource.file) })}>${escapeHtml(t(locale, resource.file ? 'resourceFileOpen' : 'threadResourceOpen'))}<span class="vh"> ${escapeHtml(resource.title)}</span></a><br><span class="hint">${escapeHtml(target.where)} · ${escapeHtml(facts.join(' · '))}</span></p>` +
      (resource.description ? paragraphs(resource.description) : '') +
      (resource.canDelete ? form(spaceResourceDelete(resource.documentId), locale, csrf, button(locale, 'resourceDelete')) : '') +
      `<h2 id="discussion">${escapeHtml(t(locale, 'threadResourceHeading'))}</h2>` +
      (thread.page > 1 ? `<p>${escapeHtml(t(locale, 'threadPageNumber', { page: thread.page }))}</p>` : '') +
      messageList(locale, thread.messages) +
      pager(locale, spaceResourcePath(resource.documentId), thread) +
      composerForm(locale, csrf, spaceThreadActions.resource(resource.documentId), composer),
  };
}

/**
 * A new message, told at once: where (a table's name or a resource's title) and the link back.
 * Never the message itself, nor its author's contact details: a text message may be read by anyone
 * holding the phone.
 */
export function threadNotice(locale: Locale, where: { kind: 'table' | 'resource'; title: string }, url: string): { subject: string; text: string; sms: string } {
  const subject = t(locale, where.kind === 'table' ? 'threadTableNoticeSubject' : 'threadResourceNoticeSubject', { title: where.title });
  const text = `${t(locale, 'threadNoticeBody', { title: where.title })}\n\n${url}\n\n${t(locale, 'noticesFooter')}`;
  return { subject, text, sms: `${t(locale, 'threadNoticeSms', { title: where.title })} ${url}` };
}
