import type { Core } from '@strapi/strapi';
import {
  parseThreadMessage,
  renderSpaceResource,
  renderSpaceTable,
  renderTableMessages,
  renderTableThreadBlock,
  spaceResourcePath,
  spaceTablePath,
  threadPageOf,
  threadRules,
  type Composer,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { sendMessage } from '../http/form-action';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { queueThreadNotices } from './hands-notices';
import { notFound, pageSession, send, sessionForm, withLocale } from './meeting-handlers';
import { tableOfMember, tableView, type MemberTable } from './meetings';
import { resourceOfMember } from './resources';
import { sessionCsrf, type SpaceSession } from './sessions';
import { withLimitLock } from './limit-lock';
import { addThreadMessage, overThreadLimit, threadPage, type ThreadSubject } from './threads';

/**
 * The threads' pages: a table's page with its latest messages, its older messages page by page, a
 * resource's own page with its thread, and posting in either. Same rules as the rest of the space:
 * a session or the sign-in page; every POST's CSRF token checked before anything is read or done; a
 * table or resource the member may not see answers exactly like one that does not exist (404).
 */
function overLimit(ctx: Ctx, locale: Locale, back: { href: string; label: string }): void {
  sendMessage(ctx, 429, locale, { title: 'handLimitTitle', body: 'threadLimitBody', back });
}

const tableSubject = (table: MemberTable): ThreadSubject => ({ kind: 'table', documentId: table.row.documentId, id: table.row.id });

/** A table's page: its meetings, members and calendar (meetings.ts), with its discussion's latest messages. */
export async function showTableWithThread(strapi: Core.Strapi, ctx: Ctx, status: number, locale: Locale, session: SpaceSession, table: MemberTable, options: { calendarUrl?: string; allPast?: boolean; composer?: Composer } = {}): Promise<void> {
  const [view, latest] = await Promise.all([tableView(strapi, table, session.member.documentId, locale, options.allPast ?? false), threadPage(strapi, tableSubject(table), 1, threadRules.onTablePage)]);
  const csrf = sessionCsrf(session);
  const block = renderTableThreadBlock(locale, csrf, table.row.documentId, latest, options.composer);
  send(ctx, status, locale, renderSpaceTable(locale, csrf, view, options.calendarUrl, block, Boolean(options.composer?.error)));
}

export async function showSpaceTableMessages(strapi: Core.Strapi, ctx: Ctx, tableId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table) return notFound(ctx, locale);
  const thread = await threadPage(strapi, tableSubject(table), threadPageOf(query.get('page')));
  send(ctx, 200, locale, renderTableMessages(locale, { documentId: table.row.documentId, name: table.row.name }, thread));
}

export async function postSpaceTableMessage(strapi: Core.Strapi, ctx: Ctx, tableId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const memberId = session.member.documentId;
  const table = await tableOfMember(strapi, tableId, memberId);
  if (!table) return notFound(ctx, locale);
  const { value, result } = parseThreadMessage(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-thread', 'invalid');
    return showTableWithThread(strapi, ctx, 422, locale, session, table, { composer: { value, error: result.error } });
  }
  // The limit, the message and its notices in one transaction, the member's row locked: both
  // exist, or neither, and simultaneous posts count one after the other (limit-lock.ts).
  const accepted = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (await overThreadLimit(strapi, memberId)) return false;
    const id = await addThreadMessage(strapi, tableSubject(table), memberId, result.value);
    await queueThreadNotices(strapi, { kind: 'table', documentId: table.row.documentId }, id, memberId);
    return true;
  });
  if (!accepted) {
    reportOutcome(ctx, 'space-thread', 'throttled');
    return overLimit(ctx, locale, { href: withLocale(spaceTablePath(table.row.documentId), locale), label: t(locale, 'spaceBackToTable') });
  }
  reportOutcome(ctx, 'space-thread', 'accepted');
  seeOther(ctx, `${withLocale(spaceTablePath(table.row.documentId), locale)}#discussion`);
}

export async function showSpaceResource(strapi: Core.Strapi, ctx: Ctx, resourceId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const resource = await resourceOfMember(strapi, resourceId, session.member.documentId);
  if (!resource) return notFound(ctx, locale);
  const thread = await threadPage(strapi, { kind: 'resource', documentId: resource.documentId }, threadPageOf(query.get('page')));
  send(ctx, 200, locale, renderSpaceResource(locale, sessionCsrf(session), resource, thread));
}

export async function postSpaceResourceMessage(strapi: Core.Strapi, ctx: Ctx, resourceId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const memberId = session.member.documentId;
  const resource = await resourceOfMember(strapi, resourceId, memberId);
  if (!resource) return notFound(ctx, locale);
  const subject: ThreadSubject = { kind: 'resource', documentId: resource.documentId };
  const { value, result } = parseThreadMessage(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-thread', 'invalid');
    return send(ctx, 422, locale, renderSpaceResource(locale, sessionCsrf(session), resource, await threadPage(strapi, subject, 1), { value, error: result.error }));
  }
  const accepted = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (await overThreadLimit(strapi, memberId)) return false;
    const id = await addThreadMessage(strapi, subject, memberId, result.value);
    await queueThreadNotices(strapi, subject, id, memberId);
    return true;
  });
  if (!accepted) {
    reportOutcome(ctx, 'space-thread', 'throttled');
    return overLimit(ctx, locale, { href: withLocale(spaceResourcePath(resource.documentId), locale), label: resource.title });
  }
  reportOutcome(ctx, 'space-thread', 'accepted');
  seeOther(ctx, `${withLocale(spaceResourcePath(resource.documentId), locale)}#discussion`);
}
