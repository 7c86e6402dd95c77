import type { Core } from '@strapi/strapi';
import { parseDirectoryForm, renderDirectoryEntry, renderSpaceDirectory, spaceDirectoryPaths, type DirectoryFormValues } from '@passerelle/shared/participation';
import { toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { directoryMember, directoryView, saveDirectoryConsent } from './directory';
import { pageSession, send, sessionForm } from './meeting-handlers';
import { sessionCsrf } from './sessions';

/**
 * The partner directory's pages. Same rules as the rest of the space: a session or the sign-in
 * page; the "Ma fiche" POST's CSRF token checked before anything is read or done.
 */
export async function showSpaceDirectory(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const chosen = (query.get('quartier') ?? '').slice(0, 120) || null;
  send(ctx, 200, locale, renderSpaceDirectory(locale, await directoryView(strapi, locale, chosen)));
}

export async function showSpaceDirectoryEntry(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const member = await directoryMember(strapi, session.member.documentId, locale);
  const values: DirectoryFormValues = { listed: member.directoryListed, forWhat: member.directoryForWhat ?? '', showEmail: member.directoryShowEmail, showPhone: member.directoryShowPhone };
  send(ctx, 200, locale, renderDirectoryEntry(locale, sessionCsrf(session), { email: member.email, phone: member.phone, organization: member.organizationName }, values, { saved: query.get('enregistre') === '1' }));
}

export async function saveSpaceDirectoryEntry(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const member = await directoryMember(strapi, session.member.documentId, locale);
  const { values, result } = parseDirectoryForm(fields, { email: Boolean(member.email), phone: Boolean(member.phone) });
  if (!result.ok) {
    reportOutcome(ctx, 'space-directory', 'invalid');
    return send(ctx, 422, locale, renderDirectoryEntry(locale, sessionCsrf(session), { email: member.email, phone: member.phone, organization: member.organizationName }, values, { errors: result.errors }));
  }
  await saveDirectoryConsent(strapi, member.documentId, result.value);
  reportOutcome(ctx, 'space-directory', 'accepted');
  seeOther(ctx, `${spaceDirectoryPaths.entry}?enregistre=1${locale === 'en' ? '&locale=en' : ''}`);
}
