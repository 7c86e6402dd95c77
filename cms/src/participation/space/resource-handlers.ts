import type { Core } from '@strapi/strapi';
import {
  parseResourceForm,
  renderResourceForm,
  renderSpaceResources,
  resourceFileField,
  resourceThemes,
  spaceResourcePaths,
  spaceSignInPath,
  type ResourceErrors,
  type ResourceTheme,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { rm } from 'node:fs/promises';
import { sendMessage } from '../http/form-action';
import { isMultipartContentType, readMultipartBody } from '../http/multipart-body';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { tablesOfMember } from './hands';
import { withLimitLock } from './limit-lock';
import { forbidden, notFound, pageSession, send, sessionForm, withLocale } from './meeting-handlers';
import { acceptIncomingFile, asciiFileName, incomingDir, openStoredFile, removeStoredFile, spaceUploadMaxBytes, spaceUploadQuotas, type FileRefusal } from './resource-files';
import { documentKinds } from './file-sniff';
import { createResource, deleteResource, overResourceLimit, overStorageQuota, resourceFileOfMember, resourceOfMember, resourcesOfMember, tableStorageLock, type StorageQuota, type StoredDocument } from './resources';
import { currentSession, sessionCsrf, sessionCsrfValid, type SpaceSession } from './sessions';

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
  send(ctx, 200, locale, renderResourceForm(locale, sessionCsrf(session), await tablesOfMember(strapi, session.member.documentId), {}, {}, spaceUploadMaxBytes()));
}

type ResourceForm = { fields: Record<string, string>; locale: Locale; session: SpaceSession; incoming: { path: string; name: string } | null };

/**
 * The add form sent as multipart (the page's form, which may carry a file). The session is known
 * from its cookie before the body is read; the CSRF token, the form's first field, is checked when
 * the file starts, so a forged form never gets a byte written, and again once the body is read.
 * Null when already answered (sign-in, 403, 413 with the form and its values, 400, 415).
 */
async function multipartResourceForm(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<ResourceForm | null> {
  const session = await currentSession(strapi, ctx);
  if (!session) {
    ctx.req.resume();
    seeOther(ctx, spaceSignInPath(queryLocale));
    return null;
  }
  const maxBytes = spaceUploadMaxBytes();
  const body = await readMultipartBody(ctx.req, { maxFileBytes: maxBytes, dir: await incomingDir(strapi), fileField: resourceFileField, mayKeepFile: (fields) => sessionCsrfValid(session, fields.csrf) });
  if (body.kind === 'wrong-type' || body.kind === 'malformed') {
    sendMessage(ctx, body.kind === 'wrong-type' ? 415 : 400, queryLocale, { title: 'wrongTypeTitle', body: 'wrongTypeBody' });
    return null;
  }
  const locale = toLocale(body.fields.locale);
  if (ctx.state) ctx.state.passerelleFormLocale = locale;
  // Too large before its token was read (a declared size over the limit): nothing was kept, and a
  // page carrying the session's token is not given to a request that did not show it.
  if (body.kind === 'too-large' && !sessionCsrfValid(session, body.fields.csrf)) {
    sendMessage(ctx, 413, locale, { title: 'tooLargeTitle', body: 'tooLargeBody' });
    return null;
  }
  if (body.kind === 'refused' || !sessionCsrfValid(session, body.fields.csrf)) {
    if (body.kind === 'ok' && body.file) await rm(body.file.path, { force: true });
    forbidden(ctx, locale);
    return null;
  }
  if (body.kind === 'too-large') {
    reportOutcome(ctx, 'space-resource', 'invalid');
    const tables = await tablesOfMember(strapi, session.member.documentId);
    const { values } = parseResourceForm(body.fields, tables.map((x) => x.documentId), true);
    send(ctx, 413, locale, renderResourceForm(locale, sessionCsrf(session), tables, values, { file: 'errResourceFileTooLarge' }, maxBytes));
    return null;
  }
  return { fields: body.fields, locale, session, incoming: body.file };
}

const fileRefusals: Record<FileRefusal, NonNullable<ResourceErrors['file']>> = {
  unknown: 'errResourceFileType',
  active: 'errResourceFileActive',
  empty: 'errResourceFileEmpty',
  infected: 'errResourceFileInfected',
  unscanned: 'errResourceFileUnscanned',
  unstrippable: 'errResourceFileUnstrippable',
};

const quotaErrors: Record<StorageQuota, NonNullable<ResourceErrors['file']>> = {
  member: 'errResourceFileMemberQuota',
  table: 'errResourceFileTableQuota',
};

/** A resource from the form: a link (urlencoded or multipart) or a document (multipart only). */
export async function createSpaceResource(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = isMultipartContentType(ctx.req.headers['content-type']) ? await multipartResourceForm(strapi, ctx, queryLocale) : await sessionForm(strapi, ctx, queryLocale).then((f) => (f ? { ...f, incoming: null } : null));
  if (!form) return;
  const { fields, locale, session, incoming } = form;
  const discard = () => (incoming ? rm(incoming.path, { force: true }) : Promise.resolve());
  try {
    const memberId = session.member.documentId;
    const tables = await tablesOfMember(strapi, memberId);
    const maxBytes = spaceUploadMaxBytes();
    const { values, result } = parseResourceForm(fields, tables.map((x) => x.documentId), incoming !== null);
    if (!result.ok) {
      reportOutcome(ctx, 'space-resource', 'invalid');
      return send(ctx, 422, locale, renderResourceForm(locale, sessionCsrf(session), tables, values, result.errors, maxBytes));
    }
    if (await overResourceLimit(strapi, memberId)) {
      reportOutcome(ctx, 'space-resource', 'throttled');
      return overLimit(ctx, locale);
    }
    // The file is checked (and an image re-encoded) before the lock below, which it would hold for seconds.
    let stored: StoredDocument | null = null;
    if (incoming) {
      const accepted = await acceptIncomingFile(strapi, incoming.path, incoming.name);
      if (!accepted.ok) {
        // No verdict from the scanner is our failure, not the member's: 503, the form kept to try again later.
        const unscanned = accepted.reason === 'unscanned';
        reportOutcome(ctx, 'space-resource', unscanned ? 'refused' : 'invalid');
        return send(ctx, unscanned ? 503 : 422, locale, renderResourceForm(locale, sessionCsrf(session), tables, values, { file: fileRefusals[accepted.reason] }, maxBytes));
      }
      stored = accepted;
    }
    // Counted and written with the member's row (and, for a document, its table's key) locked:
    // simultaneous shares count one after the other, for the day's limit and the storage quotas (limit-lock.ts).
    const table = result.value.table;
    const locks = [{ member: memberId }, ...(stored && table ? [{ key: tableStorageLock(table) }] : [])];
    const outcome = await withLimitLock(strapi, locks, async (): Promise<'created' | 'limit' | StorageQuota> => {
      if (await overResourceLimit(strapi, memberId)) return 'limit';
      const over = stored ? await overStorageQuota(strapi, memberId, table, stored.size, spaceUploadQuotas()) : null;
      if (over) return over;
      await createResource(strapi, memberId, result.value, stored);
      return 'created';
    });
    if (outcome !== 'created') {
      await removeStoredFile(strapi, stored?.key);
      reportOutcome(ctx, 'space-resource', 'throttled');
      if (outcome === 'limit') return overLimit(ctx, locale);
      return send(ctx, 422, locale, renderResourceForm(locale, sessionCsrf(session), tables, values, { file: quotaErrors[outcome] }, maxBytes));
    }
    reportOutcome(ctx, 'space-resource', 'accepted');
    seeOther(ctx, withLocale(spaceResourcePaths.list, locale));
  } finally {
    await discard();
  }
}

/**
 * A resource's document, for whoever may see the resource (else the space's 404, as for its page).
 * Always a download, never rendered by the browser: `attachment`, `nosniff`, a sandboxing CSP;
 * never cached (the next member to use a shared computer must not find it).
 */
export async function downloadSpaceResourceFile(strapi: Core.Strapi, ctx: Ctx, resourceId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const file = await resourceFileOfMember(strapi, resourceId, session.member.documentId);
  const stored = file ? await openStoredFile(strapi, file.key) : null;
  if (!file || !stored) return notFound(ctx, locale);
  ctx.status = 200;
  ctx.set({
    'Content-Type': documentKinds[file.kind].mime,
    'Content-Length': String(stored.size),
    'Content-Disposition': `attachment; filename="${asciiFileName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': 'sandbox',
    'Cache-Control': 'private, no-store',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  ctx.body = stored.stream();
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
