import type { Core } from '@strapi/strapi';
import {
  escapeHtml,
  participationPaths,
  renderErrorSummary,
  renderPage,
  smsCodeSchema,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { z } from 'zod';
import { readFormOrRefuse } from '../http/form-action';
import { sendHtml, type Ctx } from '../http/respond';
import { backToPetition } from './back-link';
import { redirectToConfirmed, sendInvalidLink } from './confirmed';
import { findPetitionByDocumentId } from './petition-lookup';
import { confirmByCode } from './signatures';
import { confirmationOutcome, reportOutcome } from '../outcomes';

/**
 * `courriel=1` says an email was typed with the phone, in that submission: the code page may then
 * mention the email link. It comes from the person's own form, never from the row on file.
 */
export function codePageUrl(ref: string, locale: Locale, typedEmail: boolean): string {
  return `${participationPaths.code}?ref=${encodeURIComponent(ref)}&locale=${locale}${typedEmail ? '&courriel=1' : ''}`;
}

/** The code page's own fields, from its URL (GET) or its form (POST); any other `courriel` is "no". */
const codePageFields = z.object({
  ref: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  courriel: z.literal('1').optional().catch(undefined),
});

/** Shows no phone number at all, and mentions the email link only when one was typed (`courriel`). */
function codeForm(locale: Locale, ref: string, typedEmail: boolean, error?: 'errCodeInvalid' | 'errCodeWrong'): string {
  const errorHtml = error
    ? `<p class="error-message" id="code-erreur"><span class="vh">${locale === 'fr' ? 'Erreur :' : 'Error:'} </span>${escapeHtml(t(locale, error))}</p>`
    : '';
  return renderPage({
    locale,
    title: t(locale, 'codeTitle'),
    hasErrors: Boolean(error),
    body:
      `<h1>${escapeHtml(t(locale, 'codeTitle'))}</h1>` +
      renderErrorSummary(locale, error ? [{ href: '#code', key: error }] : []) +
      `<p>${escapeHtml(t(locale, 'codeBody'))}</p>` +
      `<form method="post" action="${participationPaths.code}" novalidate>` +
      `<input type="hidden" name="ref" value="${escapeHtml(ref)}"><input type="hidden" name="locale" value="${locale}">` +
      (typedEmail ? '<input type="hidden" name="courriel" value="1">' : '') +
      `<div class="field${error ? ' field-error' : ''}"><label for="code">${escapeHtml(t(locale, 'codeLabel'))}</label>${errorHtml}` +
      `<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="7" pattern="[0-9 ]*"` +
      `${error ? ' aria-invalid="true" aria-describedby="code-erreur"' : ''}></div>` +
      `<button type="submit">${escapeHtml(t(locale, 'codeButton'))}</button></form>` +
      // What to do when no text message comes: old phones and patchy networks lose some.
      (typedEmail ? `<p>${escapeHtml(t(locale, 'codeOrEmail'))}</p>` : '') +
      `<p>${escapeHtml(t(locale, 'codeResend'))}</p>`,
  });
}

/**
 * After too many tries: a new code would not help (guesses are counted per signature), so say
 * what still works — the email link if one was typed, and the organization behind the petition.
 */
async function lockedPage(strapi: Core.Strapi, locale: Locale, petitionDocumentId: string | null, typedEmail: boolean): Promise<string> {
  const petition = petitionDocumentId ? await findPetitionByDocumentId(strapi, petitionDocumentId, locale) : null;
  const back = petition ? backToPetition(locale, petition.slug) : { href: locale === 'fr' ? '/' : '/en/', label: t(locale, 'home') };
  const paragraphs = [t(locale, 'codeLockedBody'), ...(typedEmail ? [t(locale, 'codeLockedEmail')] : []), t(locale, 'codeLockedHelp')];
  return renderPage({
    locale,
    title: t(locale, 'codeLockedTitle'),
    body:
      `<h1>${escapeHtml(t(locale, 'codeLockedTitle'))}</h1>` +
      paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('') +
      `<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>`,
  });
}

/** The same page for every well-formed ref: nothing is looked up to show it. */
export function showCodePage(ctx: Ctx, params: URLSearchParams): void {
  const locale = toLocale(params.get('locale'));
  const page = codePageFields.safeParse({ ref: params.get('ref') ?? '', courriel: params.get('courriel') ?? undefined });
  if (!page.success) return sendInvalidLink(ctx, locale);
  sendHtml(ctx, 200, codeForm(locale, page.data.ref, page.data.courriel === '1'));
}

/** POST of the code page: the code texted to the phone typed on the petition form. */
export async function confirmWithCode(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const page = codePageFields.safeParse({ ref: fields.ref ?? '', courriel: fields.courriel });
  if (!page.success) return sendInvalidLink(ctx, locale);
  const { ref } = page.data;
  const typedEmail = page.data.courriel === '1';
  const parsed = smsCodeSchema.safeParse(fields);
  if (!parsed.success) return sendHtml(ctx, 422, codeForm(locale, ref, typedEmail, 'errCodeInvalid'));
  const outcome = await confirmByCode(strapi, ref, parsed.data.code);
  reportOutcome(ctx, 'signature-confirmation', confirmationOutcome(outcome.kind));
  switch (outcome.kind) {
    case 'confirmed':
    case 'already-confirmed':
      return redirectToConfirmed(strapi, ctx, outcome.petitionDocumentId, locale);
    case 'wrong-code':
      return sendHtml(ctx, 422, codeForm(locale, ref, typedEmail, 'errCodeWrong'));
    case 'locked':
      return sendHtml(ctx, 429, await lockedPage(strapi, locale, outcome.petitionDocumentId, typedEmail));
    default:
      return sendInvalidLink(ctx, locale);
  }
}
