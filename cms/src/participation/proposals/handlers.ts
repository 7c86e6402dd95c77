import type { Core } from '@strapi/strapi';
import {
  parseProposal,
  proposalFields,
  proposedPath,
  renderPage,
  renderProposalForm,
  type ProposalErrors,
  type ProposalFormValues,
} from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { formAction } from '../http/form-action';
import type { Ctx } from '../http/respond';
import { recordProposal } from './proposals';
import { reportOutcome } from '../outcomes';

/** POST of "propose an activity": about no published item, so nothing to look up or refuse. */
export function proposeActivity(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  return formAction(ctx, queryLocale, {
    form: 'proposal',
    parse: (fields) => parseProposal(fields),
    formPage: (locale, _item, fields, errors) => formPage(locale, fields, errors),
    act: async ({ value, locale }) => {
      reportOutcome(ctx, 'proposal', (await recordProposal(strapi, value, hashIp(clientIp(ctx)))).kind);
      return proposedPath(locale);
    },
  });
}

function formPage(locale: Locale, fields: Record<string, string>, errors: ProposalErrors) {
  const values: ProposalFormValues = {};
  for (const field of proposalFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
  return renderPage({
    locale,
    title: t(locale, 'proposeTitle'),
    hasErrors: true,
    body: renderProposalForm({ locale, values, errors, headingLevel: 1 }),
  });
}
