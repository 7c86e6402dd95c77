import type { Core } from '@strapi/strapi';
import type { ParticipationLocale } from '../../generated/participation';

/** The published call to participate an "I'm interested" form posts to, and who hears about it. */
export interface CallTarget {
  documentId: string;
  slug: string;
  title: string;
  deadline: string | null;
  endsAt: string | null;
  startsAt: string | null;
  /** The call's contact person, else the organization's email; null when neither has one. */
  notifyEmail: string | null;
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export async function findCall(strapi: Core.Strapi, slug: string, locale: ParticipationLocale): Promise<CallTarget | null> {
  if (slug.length > 120 || !slugPattern.test(slug)) return null;
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const doc = (await strapi.documents('api::call.call').findFirst({
      filters: { slug },
      status: 'published',
      locale: tryLocale,
      fields: ['title', 'slug', 'deadline', 'startsAt', 'endsAt'],
      populate: { contact: true, organization: { fields: ['email'] } },
    } as any)) as Record<string, any> | null;
    if (doc) {
      return {
        documentId: String(doc.documentId),
        slug: String(doc.slug),
        title: String(doc.title),
        deadline: doc.deadline ? String(doc.deadline) : null,
        startsAt: doc.startsAt ? String(doc.startsAt) : null,
        endsAt: doc.endsAt ? String(doc.endsAt) : null,
        notifyEmail: (doc.contact?.email as string | undefined) || (doc.organization?.email as string | undefined) || null,
      };
    }
  }
  return null;
}

const quebecDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** Same rule as the site's list (lifecycle.ts callIsCurrent): until the deadline day, else until it ends. */
export function acceptsInterest(call: CallTarget, now = new Date()): boolean {
  if (call.deadline) return call.deadline >= quebecDay(now);
  const end = call.endsAt ?? call.startsAt;
  return end ? Date.parse(end) >= now.getTime() : true;
}
