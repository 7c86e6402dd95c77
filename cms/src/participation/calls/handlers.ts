import type { Core } from '@strapi/strapi';
import {
  callPagePath,
  callThanksPath,
  escapeHtml,
  interestFields,
  parseInterest,
  renderInterestForm,
  renderMessagePage,
  renderPage,
  type InterestErrors,
  type InterestFormValues,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { sendLanding } from '../http/pages';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { formOrRefusal } from '../petitions/handlers';
import { acceptsInterest, findCall, type CallTarget } from './call-lookup';
import { recordInterest } from './interests';

function formPage(locale: Locale, call: CallTarget, fields: Record<string, string>, errors: InterestErrors) {
  const values: InterestFormValues = {};
  for (const field of interestFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
  return renderPage({
    locale,
    title: t(locale, 'interestTitle'),
    hasErrors: true,
    body:
      `<p><a href="${escapeHtml(callPagePath(locale, call.slug))}">${escapeHtml(t(locale, 'backToCall'))}</a></p>` +
      `<p class="lead">${escapeHtml(call.title)}</p>` +
      renderInterestForm({ locale, slug: call.slug, values, errors, headingLevel: 1 }),
  });
}

export async function sayInterested(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const call = await findCall(strapi, slug, locale);
  if (!call) return sendHtml(ctx, 404, renderMessagePage(locale, t(locale, 'callUnknownTitle'), t(locale, 'callUnknownBody')));
  if (!acceptsInterest(call)) {
    return sendHtml(
      ctx,
      409,
      renderMessagePage(locale, t(locale, 'callClosedTitle'), t(locale, 'callClosedBody'), { href: callPagePath(locale, call.slug), label: t(locale, 'backToCall') }),
    );
  }
  const parsed = parseInterest(fields);
  if (!parsed.ok) return sendHtml(ctx, 422, formPage(locale, call, fields, parsed.errors));
  await recordInterest(strapi, call, parsed.value, hashIp(clientIp(ctx)));
  seeOther(ctx, callThanksPath(locale, call.slug));
}

/** GET where "I'm interested" lands: "thank you", with the call's title. */
export async function showCallLanding(strapi: Core.Strapi, ctx: Ctx, kind: 'callThanks', slug: string, locale: Locale): Promise<void> {
  const call = await findCall(strapi, slug, locale);
  sendLanding(ctx, locale, kind, call && { title: call.title, pageHref: callPagePath(locale, call.slug) });
}
