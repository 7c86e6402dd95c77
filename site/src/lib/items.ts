import type { CallToParticipate, CommunityEvent, Consultation, ItemCollection, Petition } from '@passerelle/shared';

/**
 * The four kinds of item, each as the site lists them. Its own module: the content reader
 * (content.ts) and the pure lifecycle rules (lifecycle.ts) both speak of it, and the rules must
 * not import the reader, which needs Astro's content store.
 */
export interface ItemsByType {
  events: CommunityEvent[];
  calls: CallToParticipate[];
  consultations: Consultation[];
  petitions: Petition[];
}
export type AnyItem = ItemsByType[ItemCollection][number];
