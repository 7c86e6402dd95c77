import type { Core } from '@strapi/strapi';
import {
  escapeHtml,
  parsePetitionSignature,
  petitionFields,
  petitionThanksPath,
  renderPage,
  renderPetitionForm,
  type PetitionFormValues,
} from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { formAction } from '../http/form-action';
import type { Ctx } from '../http/respond';
import { spendProofOfWork } from '../proof-of-work/challenges';
import { backToPetition } from './back-link';
import { codePageUrl } from './confirm-code';
import { queueSignatureMessages } from './messages';
import { acceptsSignatures, findPetition, type PetitionTarget } from './petition-lookup';
import { reportOutcome } from '../outcomes';
import { recordSignature } from './signatures';

type SignatureErrors = Parameters<typeof renderPetitionForm>[0]['errors'];

/** POST of the petition form: records the signature and queues the confirmation link or code. */
export function signPetition(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  return formAction(ctx, queryLocale, {
    form: 'signature',
    item: {
      find: (locale) => findPetition(strapi, slug, locale),
      unknown: { title: 'petitionUnknownTitle', body: 'petitionUnknownBody' },
      refusal: (petition, locale) =>
        acceptsSignatures(petition) ? null : { title: 'petitionClosedTitle', body: 'petitionClosedBody', back: backToPetition(locale, petition.slug) },
    },
    parse: (fields) => parsePetitionSignature(fields),
    formPage: signatureFormPage,
    act: async ({ item: petition, value, fields, locale }) => {
      const checkedBy = (await spendProofOfWork(strapi, fields.altcha)) ? 'proof-of-work' : 'ip-rate-limit';
      // The messages are queued in the signature's own transaction and leave a moment later.
      const outcome = await recordSignature(strapi, petition, value, hashIp(clientIp(ctx)), checkedBy, Date.now(), (recorded) =>
        queueSignatureMessages(strapi, locale, petition.title, recorded.messages),
      );
      reportOutcome(ctx, 'signature', outcome.kind === 'pending' ? 'accepted' : outcome.kind === 'resend' ? 'repeat' : outcome.suspectReason === 'rate-limit' ? 'throttled' : 'suspect');
      // The next page depends only on what was typed here — never on what was on file, on whether
      // anything was sent, or on whether the submission was held back — so it tells nobody anything.
      if (value.phone) {
        if (!outcome.ref) throw new Error('a typed phone always gets a code page ticket');
        return codePageUrl(outcome.ref, locale, Boolean(value.email));
      }
      return petitionThanksPath(locale, petition.slug);
    },
  });
}

function signatureFormPage(locale: Locale, petition: PetitionTarget, fields: Record<string, string>, errors: SignatureErrors) {
  const values: PetitionFormValues = {};
  for (const field of petitionFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
  const back = backToPetition(locale, petition.slug);
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
