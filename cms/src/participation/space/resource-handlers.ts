import type { Core } from '@strapi/strapi';
import { parseResourceForm, renderResourceForm, renderSpaceResources, resourceThemes, spaceResourcePaths, type ResourceTheme } from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { sendMessage } from '../http/form-action';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { tablesOfMember } from './hands';
import { withLimitLock } from './limit-lock';
import { notFound, pageSession, send, sessionForm, withLocale } from './meeting-handlers';
import { createResource, deleteResource, overResourceLimit, resourceOfMember, resourcesOfMember } from './resources';
import { sessionCsrf } from './sessions';

/**
 * The shared resources' pages. Same rules as the rest of the space: a session or the sign-in page;
 * every POST's CSRF token checked before anything is read or done; a resource the member may not
 * see answers exactly like one that does not exist (404).
 */
function overLimit(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 429, locale, { title: 'handLimitTitle', body: 'handLimitBody', back: { href: withLocale(spaceResourcePaths.list, locale), label: t(locale, 'resourceListTitle') } });
}

export async function showSpaceResources(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const memberId = session.member.documentId;
  const tables = await tablesOfMember(strapi, memberId);
  const theme = resourceThemes.find((x) => x === query.get('theme')) ?? null;
  const askedTable = query.get('table') ?? '';
  const table = tables.some((x) => x.documentId === askedTable) ? askedTable : null;
  const filters: { theme: ResourceTheme | null; table: string | null } = { theme, table };
  send(ctx, 200, locale, renderSpaceResources(locale, sessionCsrf(session), await resourcesOfMember(strapi, memberId, filters), tables, filters));
}

export async function showNewSpaceResource(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  send(ctx, 200, locale, renderResourceForm(locale, sessionCsrf(session), await tablesOfMember(strapi, session.member.documentId), {}));
}

export async function createSpaceResource(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const memberId = session.member.documentId;
  const tables = await tablesOfMember(strapi, memberId);
  const { values, result } = parseResourceForm(fields, tables.map((x) => x.documentId));
  if (!result.ok) {
    reportOutcome(ctx, 'space-resource', 'invalid');
    return send(ctx, 422, locale, renderResourceForm(locale, sessionCsrf(session), tables, values, result.errors));
  }
  // Counted and written with the member's row locked: simultaneous shares count one after the other (limit-lock.ts).
  const accepted = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (await overResourceLimit(strapi, memberId)) return false;
    await createResource(strapi, memberId, result.value);
    return true;
  });
  if (!accepted) {
    reportOutcome(ctx, 'space-resource', 'throttled');
    return overLimit(ctx, locale);
  }
  reportOutcome(ctx, 'space-resource', 'accepted');
  seeOther(ctx, withLocale(spaceResourcePaths.list, locale));
}

export async function deleteSpaceResource(strapi: Core.Strapi, ctx: Ctx, resourceId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { locale, session } = form;
  const resource = await resourceOfMember(strapi, resourceId, session.member.documentId);
  // Seeing a resource is not enough: only its author and OCs delete it; anyone else gets the same 404.
  if (!resource || !resource.canDelete) return notFound(ctx, locale);
  await deleteResource(strapi, resource.documentId);
  reportOutcome(ctx, 'space-resource', 'cancelled');
  seeOther(ctx, withLocale(spaceResourcePaths.list, locale));
}
