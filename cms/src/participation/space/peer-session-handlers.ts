import type { Core } from '@strapi/strapi';
import { parsePeerSessionForm, peerSessionFormValues, renderCancelPeerSession, renderPeerSession, renderPeerSessionForm, spacePeerSessionPath, type PeerSessionView } from '@passerelle/shared/participation';
import { toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { sendMessage } from '../http/form-action';
import { seeOther, sendCalendar, type Ctx } from '../http/respond';
import { noticeFolding } from '../messages/fold';
import { reportOutcome } from '../outcomes';
import { notFound, pageSession, send, sessionForm, withLocale } from './meeting-handlers';
import { cancelPeerSeat, cancelPeerSession, createPeerSession, isOc, mayManagePeerSession, peerSessionIcs, peerSessionOfMember, peerSessionView, registerForPeerSession, updatePeerSession, type PeerSessionRow } from './peer-sessions';
import { tablesOfMember } from './hands';
import { sessionCsrf, type SpaceSession } from './sessions';

/**
 * The pages of members-only peer sessions. Same rules as the rest of the space: a session or the
 * sign-in page; every POST's CSRF token checked before anything is read or done; a session the
 * member may not see answers exactly like one that does not exist (404), for its page, its .ics
 * and its forms; the announcement form is for OCs only (404 for anyone else), and so are the change
 * and cancel forms of a session, for the OCs who may manage it (404 for anyone else, as if unknown).
 * A change saved after the people on the session had their notices of the day about it says so.
 */
export async function showNewSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  if (!(await isOc(strapi, session.member.documentId))) return notFound(ctx, locale);
  send(ctx, 200, locale, renderPeerSessionForm(locale, sessionCsrf(session), await tablesOfMember(strapi, session.member.documentId), {}));
}

export async function createSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  if (!(await isOc(strapi, session.member.documentId))) return notFound(ctx, locale);
  const tables = await tablesOfMember(strapi, session.member.documentId);
  const { values, result } = parsePeerSessionForm(fields, tables.map((t) => t.documentId));
  if (!result.ok) {
    reportOutcome(ctx, 'space-peer-session', 'invalid');
    return send(ctx, 422, locale, renderPeerSessionForm(locale, sessionCsrf(session), tables, values, result.errors));
  }
  const id = await createPeerSession(strapi, session.member.documentId, result.value);
  reportOutcome(ctx, 'space-peer-session', 'accepted');
  seeOther(ctx, withLocale(spacePeerSessionPath(id), locale));
}

export async function showSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, sessionId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const row = await peerSessionOfMember(strapi, sessionId, session.member.documentId);
  if (!row) return notFound(ctx, locale);
  const view = await peerSessionView(strapi, row, session.member.documentId, await isOc(strapi, session.member.documentId), await mayManagePeerSession(strapi, row, session.member.documentId));
  send(ctx, 200, locale, renderPeerSession(locale, sessionCsrf(session), view));
}

export async function spacePeerSessionIcs(strapi: Core.Strapi, ctx: Ctx, sessionId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const row = await peerSessionOfMember(strapi, sessionId, session.member.documentId);
  if (!row) return notFound(ctx, locale);
  sendCalendar(ctx, `seance-${row.documentId}.ics`, peerSessionIcs(row, locale));
}

export async function registerForSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, sessionId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { locale, session } = form;
  const row = await peerSessionOfMember(strapi, sessionId, session.member.documentId);
  if (!row) return notFound(ctx, locale);
  const outcome = await registerForPeerSession(strapi, row, session.member.documentId);
  reportOutcome(ctx, 'space-peer-session', outcome === 'closed' ? 'invalid' : outcome === 'already' ? 'confirmed' : 'accepted');
  seeOther(ctx, withLocale(spacePeerSessionPath(row.documentId), locale));
}

export async function cancelSpacePeerSessionSeat(strapi: Core.Strapi, ctx: Ctx, sessionId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { locale, session } = form;
  const row = await peerSessionOfMember(strapi, sessionId, session.member.documentId);
  if (!row) return notFound(ctx, locale);
  await cancelPeerSeat(strapi, row, session.member.documentId, locale);
  reportOutcome(ctx, 'space-peer-session', 'cancelled');
  seeOther(ctx, withLocale(spacePeerSessionPath(row.documentId), locale));
}

/**
 * The session an OC may change or cancel, seen by them, or null once answered: the space's 404 for
 * anyone else (as for an unknown id), and back to its page once it is cancelled or has started.
 */
async function managedSession(strapi: Core.Strapi, ctx: Ctx, sessionId: string, session: SpaceSession, locale: Locale): Promise<{ row: PeerSessionRow; view: PeerSessionView } | null> {
  const row = await peerSessionOfMember(strapi, sessionId, session.member.documentId);
  if (!row || !(await mayManagePeerSession(strapi, row, session.member.documentId))) {
    notFound(ctx, locale);
    return null;
  }
  if (row.cancelledAt || Date.parse(String(row.startsAt)) <= Date.now()) {
    seeOther(ctx, withLocale(spacePeerSessionPath(row.documentId), locale));
    return null;
  }
  return { row, view: await peerSessionView(strapi, row, session.member.documentId, true, true) };
}

const editingOf = (view: PeerSessionView) => ({ sessionId: view.documentId, title: view.title, tableName: view.tableName });

export async function showEditSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, sessionId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const managed = await managedSession(strapi, ctx, sessionId, session, locale);
  if (!managed) return;
  send(ctx, 200, locale, renderPeerSessionForm(locale, sessionCsrf(session), [], peerSessionFormValues(managed.view), {}, editingOf(managed.view)));
}

export async function editSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, sessionId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const managed = await managedSession(strapi, ctx, sessionId, session, locale);
  if (!managed) return;
  const { values, result } = parsePeerSessionForm(fields, null);
  const refuse = (errors: Parameters<typeof renderPeerSessionForm>[4]) => {
    reportOutcome(ctx, 'space-peer-session', 'invalid');
    send(ctx, 422, locale, renderPeerSessionForm(locale, sessionCsrf(session), [], values, errors, editingOf(managed.view)));
  };
  if (!result.ok) return refuse(result.errors);
  const outcome = await updatePeerSession(strapi, managed.row, result.value, locale);
  if (outcome === 'capacity-below') return refuse({ capacity: 'errSpacePeerSessionCapacityBelow' });
  reportOutcome(ctx, 'space-peer-session', outcome === 'closed' ? 'invalid' : 'accepted');
  if (outcome === 'saved-untold') {
    // Said plainly, not hidden behind the usual redirect: the editor must know the people on it will not hear of this change today.
    const back = { href: withLocale(spacePeerSessionPath(managed.row.documentId), locale), label: managed.view.title };
    return sendMessage(ctx, 200, locale, { title: 'spacePeerSessionUntoldTitle', body: 'spacePeerSessionUntoldBody', values: { count: noticeFolding().perDay }, back });
  }
  seeOther(ctx, withLocale(spacePeerSessionPath(managed.row.documentId), locale));
}

export async function showCancelSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, sessionId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const managed = await managedSession(strapi, ctx, sessionId, session, locale);
  if (!managed) return;
  send(ctx, 200, locale, renderCancelPeerSession(locale, sessionCsrf(session), managed.view));
}

export async function cancelSpacePeerSession(strapi: Core.Strapi, ctx: Ctx, sessionId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { locale, session } = form;
  const managed = await managedSession(strapi, ctx, sessionId, session, locale);
  if (!managed) return;
  const cancelled = await cancelPeerSession(strapi, managed.row, locale);
  reportOutcome(ctx, 'space-peer-session', cancelled ? 'cancelled' : 'confirmed');
  seeOther(ctx, withLocale(spacePeerSessionPath(managed.row.documentId), locale));
}
