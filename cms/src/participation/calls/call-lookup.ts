import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';
import { findPublishedBySlug } from '../published-lookup';

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

export async function findCall(strapi: Core.Strapi, slug: string, locale: Locale): Promise<CallTarget | null> {
  const doc = await findPublishedBySlug(strapi, 'api::call.call', slug, locale, {
    fields: ['title', 'slug', 'deadline', 'startsAt', 'endsAt'],
    populate: { contact: true, organization: { fields: ['email'] } },
  });
  if (!doc) return null;
  return {
    documentId: String(doc.documentId),
    slug: String(doc.slug),
    title: String(doc.title),
    deadline: doc.deadline ? String(doc.deadline) : null,
    startsAt: doc.startsAt ? String(doc.startsAt) : null,
    endsAt: doc.endsAt ? String(doc.endsAt) : null,
    notifyEmail: (doc.contact as { email?: string } | null | undefined)?.email || (doc.organization as { email?: string } | null | undefined)?.email || null,
  };
}

const quebecDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** Same rule as the site's list (lifecycle.ts callIsCurrent): until the deadline day, else until it ends. */
export function acceptsInterest(call: CallTarget, now = new Date()): boolean {
  if (call.deadline) return call.deadline >= quebecDay(now);
  const end = call.endsAt ?? call.startsAt;
  return end ? Date.parse(end) >= now.getTime() : true;
}
