import type { Core } from '@strapi/strapi';
import { petitionPagePath } from '@passerelle/shared/participation';
import { confirmedCountSentence } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { sendLanding } from '../http/pages';
import type { Ctx } from '../http/respond';
import { petitionTotals } from './counts';
import { findPetition } from './petition-lookup';

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
