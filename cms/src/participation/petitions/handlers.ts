import type { Core } from '@strapi/strapi';
import {
  confirmTokenSchema,
  escapeHtml,
  parsePetitionSignature,
  participationPaths,
  petitionConfirmedPath,
  petitionFields,
  petitionPagePath,
  petitionThanksPath,
  renderErrorSummary,
  renderMessagePage,
  renderPage,
  renderPetitionForm,
  smsCodeSchema,
  type PetitionFormValues,
} from '@passerelle/shared/participation';
import { confirmedCountSentence, t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { z } from 'zod';
import { hashIp } from '../crypto';
import { spendProofOfWork } from '../proof-of-work/challenges';
import { clientIp } from '../http/client-ip';
import { readFormBody } from '../http/form-body';
import { sendLanding } from '../http/pages';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { acceptsSignatures, findPetition, findPetitionByDocumentId, type PetitionTarget } from './petition-lookup';
import { sendSignatureMessages } from './messages';
import { petitionTotals } from './counts';
import { confirmByCode, confirmByToken, findByToken, maxCodeAttempts, recordSignature } from './signatures';

/** Reads the form and answers 415/413 pages itself; returns null when it already answered. */
export async function formOrRefusal(ctx: Ctx, locale: Locale): Promise<Record<string, string> | null> {
  const body = await readFormBody(ctx.req);
  if (body.kind === 'ok') return body.fields;
  if (body.kind === 'wrong-type') sendHtml(ctx, 415, renderMessagePage(locale, t(locale, 'wrongTypeTitle'), t(locale, 'wrongTypeBody')));
  else sendHtml(ctx, 413, renderMessagePage(locale, t(locale, 'tooLargeTitle'), t(locale, 'tooLargeBody')));
  return null;
}

function unknownPetition(ctx: Ctx, locale: Locale) {
  sendHtml(ctx, 404, renderMessagePage(locale, t(locale, 'petitionUnknownTitle'), t(locale, 'petitionUnknownBody')));
}

function backLink(locale: Locale, slug: string) {
  return { href: petitionPagePath(locale, slug), label: t(locale, 'backToPetition') };
}

export async function signPetition(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const petition = await findPetition(strapi, slug, locale);
  if (!petition) return unknownPetition(ctx, locale);
  if (!acceptsSignatures(petition)) {
    return sendHtml(ctx, 409, renderMessagePage(locale, t(locale, 'petitionClosedTitle'), t(locale, 'petitionClosedBody'), backLink(locale, petition.slug)));
  }
  const parsed = parsePetitionSignature(fields);
  if (!parsed.ok) return sendHtml(ctx, 422, formPage(locale, petition, fields, parsed.errors));

  const checkedBy = (await spendProofOfWork(strapi, fields.altcha)) ? 'proof-of-work' : 'ip-rate-limit';
  const { value } = parsed;
  const outcome = await recordSignature(strapi, petition, value, hashIp(clientIp(ctx)), checkedBy);
  await sendSignatureMessages(strapi, locale, petition.title, outcome.messages);
  // The next page depends only on what was typed here — never on what was on file, on whether
  // anything was sent, or on whether the submission was held back — so it tells nobody anything.
  if (value.phone) {
    if (!outcome.ref) throw new Error('a typed phone always gets a code page ticket');
    return seeOther(ctx, codePageUrl(outcome.ref, locale, Boolean(value.email)));
  }
  seeOther(ctx, petitionThanksPath(locale, petition.slug));
}

function formPage(locale: Locale, petition: PetitionTarget, fields: Record<string, string>, errors: Parameters<typeof renderPetitionForm>[0]['errors']) {
  const values: PetitionFormValues = {};
  for (const field of petitionFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
  const back = backLink(locale, petition.slug);
  return renderPage({
    locale,
    title: t(locale, 'signTitle'),
    hasErrors: true,
    body:
      `<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>` +
      `<p class="lead">${escapeHtml(petition.title)}</p>` +
      renderPetitionForm({ locale, slug: petition.slug, values, errors: errors ?? {}, headingLevel: 1 }),
  });
}

/**
 * `courriel=1` says an email was typed with the phone, in that submission: the code page may then
 * mention the email link. It comes from the person's own form, never from the row on file.
 */
function codePageUrl(ref: string, locale: Locale, typedEmail: boolean): string {
  return `${participationPaths.code}?ref=${encodeURIComponent(ref)}&locale=${locale}${typedEmail ? '&courriel=1' : ''}`;
}

/** The code page's own fields, from its URL (GET) or its form (POST); any other `courriel` is "no". */
const codePageFields = z.object({
  ref: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  courriel: z.literal('1').optional().catch(undefined),
});

/** GET behind the email link: shows a button, never confirms (mail scanners follow links). */
export async function showConfirmPage(strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): Promise<void> {
  const locale = toLocale(params.get('locale'));
  const token = confirmTokenSchema.safeParse(params.get('jeton') ?? '');
  const found = token.success ? await findByToken(strapi, token.data) : null;
  const petition = found ? await findPetitionByDocumentId(strapi, found.petitionDocumentId, locale) : null;
  if (!token.success || !found || !petition) {
    return sendHtml(ctx, 404, renderMessagePage(locale, t(locale, 'linkInvalidTitle'), t(locale, 'linkInvalidBody')));
  }
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

export async function confirmWithToken(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const token = confirmTokenSchema.safeParse(fields.jeton ?? '');
  const outcome = token.success ? await confirmByToken(strapi, token.data) : ({ kind: 'invalid' } as const);
  if (outcome.kind !== 'confirmed' && outcome.kind !== 'already-confirmed') {
    return sendHtml(ctx, 404, renderMessagePage(locale, t(locale, 'linkInvalidTitle'), t(locale, 'linkInvalidBody')));
  }
  await redirectToConfirmed(strapi, ctx, outcome.petitionDocumentId, locale);
}

async function redirectToConfirmed(strapi: Core.Strapi, ctx: Ctx, petitionDocumentId: string, locale: Locale) {
  const petition = await findPetitionByDocumentId(strapi, petitionDocumentId, locale);
  seeOther(ctx, petition ? petitionConfirmedPath(locale, petition.slug) : locale === 'fr' ? '/' : '/en/');
}

function invalidLink(ctx: Ctx, locale: Locale) {
  sendHtml(ctx, 404, renderMessagePage(locale, t(locale, 'linkInvalidTitle'), t(locale, 'linkInvalidBody')));
}

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
  const back = petition ? backLink(locale, petition.slug) : { href: locale === 'fr' ? '/' : '/en/', label: t(locale, 'home') };
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
export function showCodePage(_strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): void {
  const locale = toLocale(params.get('locale'));
  const page = codePageFields.safeParse({ ref: params.get('ref') ?? '', courriel: params.get('courriel') ?? undefined });
  if (!page.success) return invalidLink(ctx, locale);
  sendHtml(ctx, 200, codeForm(locale, page.data.ref, page.data.courriel === '1'));
}

export async function confirmWithCode(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const page = codePageFields.safeParse({ ref: fields.ref ?? '', courriel: fields.courriel });
  if (!page.success) return invalidLink(ctx, locale);
  const { ref } = page.data;
  const typedEmail = page.data.courriel === '1';
  const parsed = smsCodeSchema.safeParse(fields);
  if (!parsed.success) return sendHtml(ctx, 422, codeForm(locale, ref, typedEmail, 'errCodeInvalid'));
  const outcome = await confirmByCode(strapi, ref, parsed.data.code);
  switch (outcome.kind) {
    case 'confirmed':
    case 'already-confirmed':
      return redirectToConfirmed(strapi, ctx, outcome.petitionDocumentId, locale);
    case 'wrong-code':
      return sendHtml(ctx, 422, codeForm(locale, ref, typedEmail, 'errCodeWrong'));
    case 'locked':
      return sendHtml(ctx, 429, await lockedPage(strapi, locale, outcome.petitionDocumentId, typedEmail));
    default:
      return invalidLink(ctx, locale);
  }
}

/**
 * GET where a signature lands: "check your messages" or "confirmed", with the petition's title.
 * "Confirmed" also gives the count as of now: without JavaScript the petition's own page shows the
 * count of its last build, and the person who just signed should see their signature counted.
 */
export async function showPetitionLanding(strapi: Core.Strapi, ctx: Ctx, kind: 'petitionThanks' | 'petitionConfirmed', slug: string, locale: Locale): Promise<void> {
  const petition = await findPetition(strapi, slug, locale);
  if (!petition) return sendLanding(ctx, locale, kind, null);
  const facts = kind === 'petitionConfirmed' ? [confirmedCountSentence(locale, (await petitionTotals(strapi, petition)).total)] : [];
  sendLanding(ctx, locale, kind, { title: petition.title, pageHref: petitionPagePath(locale, petition.slug), facts });
}

export { maxCodeAttempts };
