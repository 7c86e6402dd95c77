import type { Core } from '@strapi/strapi';
import { petitionConfirmedPath } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { sendMessage } from '../http/form-action';
import { seeOther, type Ctx } from '../http/respond';
import { findPetitionByDocumentId } from './petition-lookup';

/** After a link or a code confirmed a signature: its petition's "confirmed" page (home if unpublished since). */
export async function redirectToConfirmed(strapi: Core.Strapi, ctx: Ctx, petitionDocumentId: string, locale: Locale): Promise<void> {
  const petition = await findPetitionByDocumentId(strapi, petitionDocumentId, locale);
  seeOther(ctx, petition ? petitionConfirmedPath(locale, petition.slug) : locale === 'fr' ? '/' : '/en/');
}

/** A link or a code page reference that leads nowhere: one page whatever the reason. */
export function sendInvalidLink(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 404, locale, { title: 'linkInvalidTitle', body: 'linkInvalidBody' });
}
