import type { Core } from '@strapi/strapi';
import {
  parsePublicDraftForm,
  publicDraftPrefill,
  publicDraftRules,
  renderPublicDraftForm,
  spaceHandPath,
  spaceMeetingPath,
  type PublicDraftErrors,
  type PublicDraftFormContext,
  type PublicDraftSource,
  type PublicDraftValues,
} from '@passerelle/shared/participation';
import { toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { sendMessage } from '../http/form-action';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { montrealDay } from '../events/reminders';
import { audienceOf, handOfMember } from './hands';
import { meetingOfMember } from './meetings';
import { withLimitLock } from './limit-lock';
import { notFound, pageSession, send, sessionForm, withLocale } from './meeting-handlers';
import { makePublicDraft, overDraftLimit } from './public-drafts';
import { roundTableUid, sessionCsrf } from './sessions';
import { namesIn } from './tables';

/**
 * "Proposer au site public" from a meeting (its decisions) or a request for a hand. Who may: the
 * people who can read the source — the members of the meeting's table, the author and the members
 * the request reaches (its tables', its neighbourhoods'); anyone else gets the space's one 404, on
 * the page and on the POST.
 */
interface Source {
  context: PublicDraftFormContext;
  prefill: { title: string; text: string; date?: string | null };
  handKind?: string;
}

type Neighbourhood = { documentId: string; name: string };

/** The neighbourhoods of these tables, and `also` (a request's own neighbourhoods), by name. */
async function neighbourhoodsOf(strapi: Core.Strapi, tableIds: string[], locale: Locale, also: string[] = []): Promise<Neighbourhood[]> {
  const tables = tableIds.length
    ? ((await strapi.db.query(roundTableUid).findMany({
        where: { documentId: { $in: tableIds } },
        select: ['documentId'],
        populate: { neighbourhoods: { select: ['documentId', 'name'] } },
      })) as Array<{ neighbourhoods?: Neighbourhood[] }>)
    : [];
  const ids = [...new Set([...tables.flatMap((x) => (x.neighbourhoods ?? []).map((n) => n.documentId)), ...also])];
  if (ids.length === 0) return [];
  const names = await namesIn(strapi, 'api::neighbourhood.neighbourhood', ids, locale);
  return ids.map((documentId) => ({ documentId, name: names.get(documentId) ?? documentId })).sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The source, if this member may read it; null otherwise (and for an address that does not exist). */
async function sourceFor(strapi: Core.Strapi, kind: PublicDraftSource, documentId: string, memberId: string, locale: Locale): Promise<Source | null> {
  if (kind === 'meeting') {
    const meeting = await meetingOfMember(strapi, documentId, memberId);
    if (!meeting) return null;
    const { row, table } = meeting;
    return {
      context: { source: kind, documentId: row.documentId, sourceTitle: row.title, sourceHref: spaceMeetingPath(row.documentId), neighbourhoods: await neighbourhoodsOf(strapi, [table.row.documentId], locale) },
      prefill: { title: row.title, text: row.decisions ?? '' },
    };
  }
  const hand = await handOfMember(strapi, documentId, memberId);
  if (!hand) return null;
  const { row } = hand;
  return {
    context: {
      source: kind,
      documentId: row.documentId,
      sourceTitle: row.title,
      sourceHref: spaceHandPath(row.documentId),
      // The tables of the request this member sits at (all of them for its author), and the neighbourhoods it was sent to.
      neighbourhoods: await neighbourhoodsOf(strapi, hand.tables.map((x) => x.documentId), locale, audienceOf(row).neighbourhoodIds),
    },
    prefill: { title: row.title, text: row.details, date: row.neededBy ? String(row.neededBy).slice(0, 10) : null },
    handKind: row.kind,
  };
}

function formPage(ctx: Ctx, status: number, locale: Locale, csrf: string, source: Source, values: PublicDraftValues, errors: PublicDraftErrors = {}): void {
  send(ctx, status, locale, renderPublicDraftForm(locale, csrf, source.context, values, errors));
}

async function showPublicDraft(strapi: Core.Strapi, ctx: Ctx, kind: PublicDraftSource, documentId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const source = await sourceFor(strapi, kind, documentId, session.member.documentId, locale);
  if (!source) return notFound(ctx, locale);
  formPage(ctx, 200, locale, sessionCsrf(session), source, publicDraftPrefill({ ...source.prefill, neighbourhoods: source.context.neighbourhoods.map((n) => n.documentId), locale }));
}

async function proposePublicDraft(strapi: Core.Strapi, ctx: Ctx, kind: PublicDraftSource, documentId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const memberId = session.member.documentId;
  const source = await sourceFor(strapi, kind, documentId, memberId, locale);
  if (!source) return notFound(ctx, locale);
  const { values, result } = parsePublicDraftForm(
    fields,
    source.context.neighbourhoods.map((n) => n.documentId),
    montrealDay(Date.now()).date,
    locale,
  );
  if (!result.ok) {
    reportOutcome(ctx, 'space-public-draft', 'invalid');
    return formPage(ctx, 422, locale, sessionCsrf(session), source, values, result.errors);
  }
  // Counted and written with the member's row locked: simultaneous posts count one after the other
  // (limit-lock.ts); the draft's own transaction joins this one.
  const accepted = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (await overDraftLimit(strapi, memberId)) return false;
    await makePublicDraft(strapi, memberId, { kind, documentId: source.context.documentId, handKind: source.handKind }, result.value);
    return true;
  });
  if (!accepted) {
    reportOutcome(ctx, 'space-public-draft', 'throttled');
    const back = { href: withLocale(source.context.sourceHref, locale), label: source.context.sourceTitle };
    return sendMessage(ctx, 429, locale, { title: 'publicDraftLimitTitle', body: 'publicDraftLimitBody', values: { count: publicDraftRules.draftsPerDay }, back });
  }
  reportOutcome(ctx, 'space-public-draft', 'accepted');
  seeOther(ctx, withLocale(source.context.sourceHref, locale));
}

export const showMeetingPublicDraft = (strapi: Core.Strapi, ctx: Ctx, id: string, query: URLSearchParams) => showPublicDraft(strapi, ctx, 'meeting', id, query);
export const proposeMeetingPublicDraft = (strapi: Core.Strapi, ctx: Ctx, id: string, locale: Locale) => proposePublicDraft(strapi, ctx, 'meeting', id, locale);
export const showHandPublicDraft = (strapi: Core.Strapi, ctx: Ctx, id: string, query: URLSearchParams) => showPublicDraft(strapi, ctx, 'hand', id, query);
export const proposeHandPublicDraft = (strapi: Core.Strapi, ctx: Ctx, id: string, locale: Locale) => proposePublicDraft(strapi, ctx, 'hand', id, locale);
