import type { Core } from '@strapi/strapi';
import {
  confirmTokenSchema,
  confirmedCountSentence,
  escapeHtml,
  formatPhone,
  parsePetitionSignature,
  participationPaths,
  petitionConfirmedPath,
  petitionFields,
  petitionPagePath,
  petitionThanksPath,
  pt,
  renderErrorSummary,
  renderMessagePage,
  renderPage,
  renderPetitionForm,
  smsCodeSchema,
  toParticipationLocale,
  type ParticipationLocale,
  type PetitionFormValues,
} from '../../generated/participation';
import { hashIp } from '../crypto';
import { spendProofOfWork } from '../proof-of-work/challenges';
import { clientIp } from '../http/client-ip';
import { readFormBody } from '../http/form-body';
import { sendLanding } from '../http/pages';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { acceptsSignatures, findPetition, findPetitionByDocumentId, type PetitionTarget } from './petition-lookup';
import { sendSignatureConfirmation } from './messages';
import { petitionTotals } from './counts';
import { confirmByCode, confirmByToken, findByCodeRef, findByToken, maxCodeAttempts, recordSignature } from './signatures';

/** Reads the form and answers 415/413 pages itself; returns null when it already answered. */
export async function formOrRefusal(ctx: Ctx, locale: ParticipationLocale): Promise<Record<string, string> | null> {
  const body = await readFormBody(ctx.req);
  if (body.kind === 'ok') return body.fields;
  if (body.kind === 'wrong-type') sendHtml(ctx, 415, renderMessagePage(locale, pt(locale, 'wrongTypeTitle'), pt(locale, 'wrongTypeBody')));
  else sendHtml(ctx, 413, renderMessagePage(locale, pt(locale, 'tooLargeTitle'), pt(locale, 'tooLargeBody')));
  return null;
}

function unknownPetition(ctx: Ctx, locale: ParticipationLocale) {
  sendHtml(ctx, 404, renderMessagePage(locale, pt(locale, 'petitionUnknownTitle'), pt(locale, 'petitionUnknownBody')));
}

function backLink(locale: ParticipationLocale, slug: string) {
  return { href: petitionPagePath(locale, slug), label: pt(locale, 'backToPetition') };
}

export async function signPetition(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: ParticipationLocale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toParticipationLocale(fields.locale);
  const petition = await findPetition(strapi, slug, locale);
  if (!petition) return unknownPetition(ctx, locale);
  if (!acceptsSignatures(petition)) {
    return sendHtml(ctx, 409, renderMessagePage(locale, pt(locale, 'petitionClosedTitle'), pt(locale, 'petitionClosedBody'), backLink(locale, petition.slug)));
  }
  const parsed = parsePetitionSignature(fields);
  if (!parsed.ok) return sendHtml(ctx, 422, formPage(locale, petition, fields, parsed.errors));

  const checkedBy = (await spendProofOfWork(strapi, fields.altcha)) ? 'proof-of-work' : 'ip-rate-limit';
  const outcome = await recordSignature(strapi, petition, parsed.value, hashIp(clientIp(ctx)), checkedBy);
  if (outcome.kind === 'suspect') {
    return seeOther(ctx, outcome.ref ? codePageUrl(outcome.ref, locale) : petitionThanksPath(locale, petition.slug));
  }
  await sendSignatureConfirmation(strapi, locale, petition.title, outcome, outcome.secrets);
  seeOther(ctx, outcome.phone ? codePageUrl(outcome.secrets.ref, locale) : petitionThanksPath(locale, petition.slug));
}

function formPage(locale: ParticipationLocale, petition: PetitionTarget, fields: Record<string, string>, errors: Parameters<typeof renderPetitionForm>[0]['errors']) {
  const values: PetitionFormValues = {};
  for (const field of petitionFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
  const back = backLink(locale, petition.slug);
  return renderPage({
    locale,
    title: pt(locale, 'signTitle'),
    hasErrors: true,
    body:
      `<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>` +
      `<p class="lead">${escapeHtml(petition.title)}</p>` +
      renderPetitionForm({ locale, slug: petition.slug, values, errors: errors ?? {}, headingLevel: 1 }),
  });
}

function codePageUrl(ref: string, locale: ParticipationLocale): string {
  return `${participationPaths.code}?ref=${encodeURIComponent(ref)}&locale=${locale}`;
}

/** GET behind the email link: shows a button, never confirms (mail scanners follow links). */
export async function showConfirmPage(strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): Promise<void> {
  const locale = toParticipationLocale(params.get('locale'));
  const token = confirmTokenSchema.safeParse(params.get('jeton') ?? '');
  const found = token.success ? await findByToken(strapi, token.data) : null;
  const petition = found ? await findPetitionByDocumentId(strapi, found.petitionDocumentId, locale) : null;
  if (!token.success || !found || !petition) {
    return sendHtml(ctx, 404, renderMessagePage(locale, pt(locale, 'linkInvalidTitle'), pt(locale, 'linkInvalidBody')));
  }
  sendHtml(
    ctx,
    200,
    renderPage({
      locale,
      title: pt(locale, 'confirmTitle'),
      body:
        `<h1>${escapeHtml(pt(locale, 'confirmTitle'))}</h1>` +
        `<p>${escapeHtml(pt(locale, 'confirmBody', { title: petition.title }))}</p>` +
        `<form method="post" action="${participationPaths.confirm}">` +
        `<input type="hidden" name="jeton" value="${escapeHtml(token.data)}"><input type="hidden" name="locale" value="${locale}">` +
        `<button type="submit">${escapeHtml(pt(locale, 'confirmButton'))}</button></form>`,
    }),
  );
}

export async function confirmWithToken(strapi: Core.Strapi, ctx: Ctx, queryLocale: ParticipationLocale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toParticipationLocale(fields.locale);
  const token = confirmTokenSchema.safeParse(fields.jeton ?? '');
  const outcome = token.success ? await confirmByToken(strapi, token.data) : ({ kind: 'invalid' } as const);
  if (outcome.kind !== 'confirmed' && outcome.kind !== 'already-confirmed') {
    return sendHtml(ctx, 404, renderMessagePage(locale, pt(locale, 'linkInvalidTitle'), pt(locale, 'linkInvalidBody')));
  }
  await redirectToConfirmed(strapi, ctx, outcome.petitionDocumentId, locale);
}

async function redirectToConfirmed(strapi: Core.Strapi, ctx: Ctx, petitionDocumentId: string, locale: ParticipationLocale) {
  const petition = await findPetitionByDocumentId(strapi, petitionDocumentId, locale);
  seeOther(ctx, petition ? petitionConfirmedPath(locale, petition.slug) : locale === 'fr' ? '/' : '/en/');
}

/** Where the code was sent, and whether an email link was sent too. */
type CodeTarget = { phone: string | null; hasEmail: boolean };

function codeForm(locale: ParticipationLocale, ref: string, { phone, hasEmail }: CodeTarget, error?: 'err_code_invalid' | 'err_code_wrong'): string {
  const errorHtml = error
    ? `<p class="error-message" id="code-erreur"><span class="vh">${locale === 'fr' ? 'Erreur :' : 'Error:'} </span>${escapeHtml(pt(locale, error))}</p>`
    : '';
  return renderPage({
    locale,
    title: pt(locale, 'codeTitle'),
    hasErrors: Boolean(error),
    body:
      `<h1>${escapeHtml(pt(locale, 'codeTitle'))}</h1>` +
      renderErrorSummary(locale, error ? [{ href: '#code', key: error }] : []) +
      (phone ? `<p>${escapeHtml(pt(locale, 'codeBody', { phone: formatPhone(phone) }))}</p>` : '') +
      `<form method="post" action="${participationPaths.code}" novalidate>` +
      `<input type="hidden" name="ref" value="${escapeHtml(ref)}"><input type="hidden" name="locale" value="${locale}">` +
      `<div class="field${error ? ' field-error' : ''}"><label for="code">${escapeHtml(pt(locale, 'codeLabel'))}</label>${errorHtml}` +
      `<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="7" pattern="[0-9 ]*"` +
      `${error ? ' aria-invalid="true" aria-describedby="code-erreur"' : ''}></div>` +
      `<button type="submit">${escapeHtml(pt(locale, 'codeButton'))}</button></form>` +
      // What to do when no text message comes: old phones and patchy networks lose some.
      (hasEmail ? `<p>${escapeHtml(pt(locale, 'codeOrEmail'))}</p>` : '') +
      `<p>${escapeHtml(pt(locale, 'codeResend'))}</p>`,
  });
}

export async function showCodePage(strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): Promise<void> {
  const locale = toParticipationLocale(params.get('locale'));
  const ref = params.get('ref') ?? '';
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(ref)) {
    return sendHtml(ctx, 404, renderMessagePage(locale, pt(locale, 'linkInvalidTitle'), pt(locale, 'linkInvalidBody')));
  }
  const found = await findByCodeRef(strapi, ref);
  sendHtml(ctx, 200, codeForm(locale, ref, found ?? { phone: null, hasEmail: false }));
}

export async function confirmWithCode(strapi: Core.Strapi, ctx: Ctx, queryLocale: ParticipationLocale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toParticipationLocale(fields.locale);
  const ref = fields.ref ?? '';
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(ref)) {
    return sendHtml(ctx, 404, renderMessagePage(locale, pt(locale, 'linkInvalidTitle'), pt(locale, 'linkInvalidBody')));
  }
  const parsed = smsCodeSchema.safeParse(fields);
  const target = (await findByCodeRef(strapi, ref)) ?? { phone: null, hasEmail: false };
  if (!parsed.success) return sendHtml(ctx, 422, codeForm(locale, ref, target, 'err_code_invalid'));
  const outcome = await confirmByCode(strapi, ref, parsed.data.code);
  switch (outcome.kind) {
    case 'confirmed':
    case 'already-confirmed':
      return redirectToConfirmed(strapi, ctx, outcome.petitionDocumentId, locale);
    case 'wrong-code':
      return sendHtml(ctx, 422, codeForm(locale, ref, target, 'err_code_wrong'));
    case 'locked':
      return sendHtml(ctx, 429, renderMessagePage(locale, pt(locale, 'codeLockedTitle'), pt(locale, 'codeLockedBody')));
    default:
      return sendHtml(ctx, 404, renderMessagePage(locale, pt(locale, 'linkInvalidTitle'), pt(locale, 'linkInvalidBody')));
  }
}

/**
 * GET where a signature lands: "check your messages" or "confirmed", with the petition's title.
 * "Confirmed" also gives the count as of now: without JavaScript the petition's own page shows the
 * count of its last build, and the person who just signed should see their signature counted.
 */
export async function showPetitionLanding(strapi: Core.Strapi, ctx: Ctx, kind: 'petitionThanks' | 'petitionConfirmed', slug: string, locale: ParticipationLocale): Promise<void> {
  const petition = await findPetition(strapi, slug, locale);
  if (!petition) return sendLanding(ctx, locale, kind, null);
  const facts = kind === 'petitionConfirmed' ? [confirmedCountSentence(locale, (await petitionTotals(strapi, petition)).total)] : [];
  sendLanding(ctx, locale, kind, { title: petition.title, pageHref: petitionPagePath(locale, petition.slug), facts });
}

export { maxCodeAttempts };
