import { eventPagePath, fitSmsValues } from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { afterPublish } from '../../document-middlewares/after-publish';
import type { DocumentMiddleware, StrapiInstance } from '../../document-middlewares/types';
import { participationConfig } from '../config';
import { queueEmail, queueSms } from '../messages/send';

const eventUid = 'api::event.event';
const proposalUid = 'api::participation.event-proposal';

interface ProposalRow {
  id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
}

/**
 * A group proposed an activity without an account; the OC who publishes the draft event is its
 * moderator. Once that publish succeeds, the proposal leaves "to-review" and the person who proposed
 * it is told, in their language, by e-mail (or by text message when they gave only a phone), with
 * the address of the event page. Sent once: the status change is the guard, so re-publishing after
 * an edit does not message them again; the message is queued in the same transaction as that change.
 */
export function tellProposerOnPublish(strapi: StrapiInstance): DocumentMiddleware {
  return afterPublish(strapi, [eventUid], 'proposals', (_uid, documentId) => tellProposers(strapi, documentId));
}

async function tellProposers(strapi: StrapiInstance, documentId: string): Promise<void> {
  const proposals = (await strapi.db.query(proposalUid).findMany({
    where: { proposedEventDocumentId: documentId, proposalStatus: 'to-review', suspectReason: null },
    select: ['id', 'name', 'email', 'phone', 'language'],
  })) as ProposalRow[];
  if (proposals.length === 0) return;

  const published = (await strapi.db.query(eventUid).findMany({
    where: { documentId, publishedAt: { $notNull: true } },
    select: ['title', 'slug', 'locale'],
  })) as Array<{ title: string; slug: string; locale: string }>;
  if (published.length === 0) return;

  for (const proposal of proposals) {
    await strapi.db.transaction(async () => {
      // Claim the row first: two publishes racing must not both send the message.
      const claimed = await strapi.db.query(proposalUid).updateMany({
        where: { id: proposal.id, proposalStatus: 'to-review' },
        data: { proposalStatus: 'published' },
      });
      if (claimed.count === 0) return;
      const locale: Locale = toLocale(proposal.language ?? 'fr');
      // The proposal's language when the event exists in it (an OC may add the translation later).
      const event = published.find((e) => e.locale === locale) ?? published.find((e) => e.locale === 'fr') ?? published[0]!;
      const eventLocale = toLocale(event.locale);
      const url = `${participationConfig().siteUrl}${eventPagePath(eventLocale, event.slug)}`;
      const name = proposal.name ?? '';
      const origin = { kind: 'proposal-published', key: String(proposal.id) } as const;
      if (proposal.email) {
        await queueEmail(strapi, origin, {
          to: proposal.email,
          subject: t(locale, 'mailProposalPublishedSubject', { title: event.title }),
          text: t(locale, 'mailProposalPublishedBody', { name, url }),
        });
      } else if (proposal.phone) {
        await queueSms(strapi, origin, proposal.phone, fitSmsValues((values) => t(locale, 'smsProposalPublished', values), { title: event.title, url }, ['title']));
      }
    });
  }
}
