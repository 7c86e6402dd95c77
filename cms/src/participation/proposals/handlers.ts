import type { Core } from '@strapi/strapi';
import {
  parseProposal,
  proposalFields,
  proposedPath,
  renderPage,
  renderProposalForm,
  type ProposalFormValues,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { formOrRefusal } from '../petitions/handlers';
import { recordProposal } from './proposals';

export async function proposeActivity(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const parsed = parseProposal(fields);
  if (!parsed.ok) {
    const values: ProposalFormValues = {};
    for (const field of proposalFields) if (field !== 'website' && fields[field] !== undefined) values[field] = fields[field];
    return sendHtml(
      ctx,
      422,
      renderPage({
        locale,
        title: t(locale, 'proposeTitle'),
        hasErrors: true,
        body: renderProposalForm({ locale, values, errors: parsed.errors, headingLevel: 1 }),
      }),
    );
  }
  await recordProposal(strapi, parsed.value, hashIp(clientIp(ctx)));
  seeOther(ctx, proposedPath(locale));
}
