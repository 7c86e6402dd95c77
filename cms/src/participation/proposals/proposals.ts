import type { Core } from '@strapi/strapi';
import { formatPhone, type ProposalInput } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import { suspectReasonFor } from '../abuse';
import { newDocumentId, newToken } from '../crypto';
import { queueEmail } from '../messages/send';
import { cmsConfig } from '../../config';

/**
 * A group's proposal becomes (1) an unpublished draft event, in French, that OCs find in the admin
 * under Events with the status "Draft", and (2) a private event-proposal row "to-review" holding the
 * proposer's contact. The draft has no place component: coordinates are required for the map, so
 * the OC adds the place (address and venue are in the draft's body) before publishing.
 */
const proposalUid = 'api::participation.event-proposal';

export function slugFor(title: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${base || 'activite'}-${newToken(6).toLowerCase().replace(/[^a-z0-9]/g, '') || 'x'}`;
}

export type ProposalOutcome = { kind: 'accepted'; eventDocumentId: string } | { kind: 'suspect' };

export async function recordProposal(strapi: Core.Strapi, input: ProposalInput & { startsAt: string }, ipHash: string, now = Date.now()): Promise<ProposalOutcome> {
  const outcome = await strapi.db.transaction(async (): Promise<ProposalOutcome> => {
    const reason = await suspectReasonFor(strapi, proposalUid, {}, ipHash, input.website, now);
    let eventDocumentId: string | null = null;
    if (!reason) {
      const draft = await strapi.documents('api::event.event').create({
        locale: 'fr',
        data: {
          title: input.title,
          slug: slugFor(input.title),
          summary: input.summary,
          startsAt: input.startsAt,
          registrationMode: 'none',
          body: `${input.summary}\n\nLieu proposé : ${input.venueName}, ${input.address}\nProposé par : ${input.organizationName}`,
        },
      });
      eventDocumentId = String(draft.documentId);
    }
    await strapi.db.query(proposalUid).create({
      data: {
        documentId: newDocumentId(),
        proposedEventDocumentId: eventDocumentId,
        organizationName: input.organizationName,
        name: input.name,
        email: input.email,
        phone: input.phone,
        proposalStatus: 'to-review',
        language: input.locale,
        ipHash,
        submittedAtMs: now,
        suspectReason: reason,
      },
    });
    // Queued with the draft and the proposal: all three exist, or none.
    if (eventDocumentId) await notifyOrganizers(strapi, input, eventDocumentId);
    return eventDocumentId ? { kind: 'accepted', eventDocumentId } : { kind: 'suspect' };
  });
  return outcome;
}

async function notifyOrganizers(strapi: Core.Strapi, input: ProposalInput & { startsAt: string }, eventDocumentId: string): Promise<void> {
  const to = cmsConfig().participation.PROPOSALS_NOTIFY_EMAIL;
  if (!to) {
    strapi.log.warn('[participation] event proposal saved as a draft; PROPOSALS_NOTIFY_EMAIL is not set, so nobody was emailed');
    return;
  }
  const when = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'full', timeStyle: 'short', timeZone: 'America/Toronto' }).format(new Date(input.startsAt));
  await queueEmail(strapi, { kind: 'proposal-notification', key: eventDocumentId }, {
    to,
    subject: t('fr', 'mailProposalSubject', { title: input.title }),
    text: t('fr', 'mailProposalBody', {
      title: input.title,
      when,
      place: `${input.venueName}, ${input.address}`,
      organization: input.organizationName,
      name: input.name,
      email: input.email ?? '—',
      phone: input.phone ? formatPhone(input.phone) : '—',
    }),
  });
}
