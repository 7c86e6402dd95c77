import type { Core } from '@strapi/strapi';
import { confirmTokenSchema, escapeHtml, participationPaths, renderPage } from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { readFormOrRefuse } from '../http/form-action';
import { sendHtml, type Ctx } from '../http/respond';
import { confirmationOutcome, reportOutcome } from '../outcomes';
import { redirectToConfirmed, sendInvalidLink } from './confirmed';
import { findPetitionByDocumentId } from './petition-lookup';
import { confirmByToken, findByToken } from './signatures';

/** GET behind the email link: shows a button, never confirms (mail scanners follow links). */
export async function showConfirmPage(strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): Promise<void> {
  const locale = toLocale(params.get('locale'));
  const token = confirmTokenSchema.safeParse(params.get('jeton') ?? '');
  const found = token.success ? await findByToken(strapi, token.data) : null;
  const petition = found ? await findPetitionByDocumentId(strapi, found.petitionDocumentId, locale) : null;
  if (!token.success || !found || !petition) return sendInvalidLink(ctx, locale);
  sendHtml(
    ctx,
    200,
    renderPage({
      locale,
      title: t(locale, 'confirmTitle'),
      body:
        `<h1>${escapeHtml(t(locale, 'confirmTitle'))}</h1>` +
        `<p>${escapeHtml(t(locale, 'confirmBody', { title: petition.title }))}</p>` +
        `<form method="post" action="${participationPaths.confirm}">` +
        `<input type="hidden" name="jeton" value="${escapeHtml(token.data)}"><input type="hidden" name="locale" value="${locale}">` +
        `<button type="submit">${escapeHtml(t(locale, 'confirmButton'))}</button></form>`,
    }),
  );
}

/** POST of that button: confirms the signature the token names. */
export async function confirmWithToken(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const token = confirmTokenSchema.safeParse(fields.jeton ?? '');
  const outcome = token.success ? await confirmByToken(strapi, token.data) : ({ kind: 'invalid' } as const);
  reportOutcome(ctx, 'signature-confirmation', confirmationOutcome(outcome.kind));
  if (outcome.kind !== 'confirmed' && outcome.kind !== 'already-confirmed') return sendInvalidLink(ctx, locale);
  await redirectToConfirmed(strapi, ctx, outcome.petitionDocumentId, locale);
}
