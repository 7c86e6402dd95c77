import type { Core } from '@strapi/strapi';
import {
  callPagePath,
  callThanksPath,
  escapeHtml,
  interestFields,
  parseInterest,
  renderInterestForm,
  renderPage,
  type InterestErrors,
  type InterestFormValues,
} from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { sendLanding } from '../http/pages';
import { formAction } from '../http/form-action';
import type { Ctx } from '../http/respond';
import { acceptsInterest, findCall, type CallTarget } from './call-lookup';
import { recordInterest } from './interests';
import { reportOutcome } from '../outcomes';

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

/** POST of "I'm interested": the call's contact person is told. */
export function sayInterested(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  return formAction(ctx, queryLocale, {
    form: 'interest',
    item: {
      find: (locale) => findCall(strapi, slug, locale),
      unknown: { title: 'callUnknownTitle', body: 'callUnknownBody' },
      refusal: (call, locale) =>
        acceptsInterest(call) ? null : { title: 'callClosedTitle', body: 'callClosedBody', back: { href: callPagePath(locale, call.slug), label: t(locale, 'backToCall') } },
    },
    parse: (fields) => parseInterest(fields),
    formPage,
    act: async ({ item: call, value, locale }) => {
      reportOutcome(ctx, 'interest', await recordInterest(strapi, call, value, hashIp(clientIp(ctx))));
      return callThanksPath(locale, call.slug);
    },
  });
}

/** GET where "I'm interested" lands: "thank you", with the call's title. */
export async function showCallLanding(strapi: Core.Strapi, ctx: Ctx, kind: 'callThanks', slug: string, locale: Locale): Promise<void> {
  const call = await findCall(strapi, slug, locale);
  sendLanding(ctx, locale, kind, call && { title: call.title, pageHref: callPagePath(locale, call.slug) });
}
