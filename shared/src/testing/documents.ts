import { contentTypes, type CollectionName } from '../content/index.ts';
import { slugify } from '../slug.ts';
import { collectionOf, placeIn, toStrapiDocument, type Node } from './adapters.ts';
import { aNeighbourhood, anAccessPoint, anEpisode, anOpenCall, anOpenConsultation, anOpenPetition, anOrganization, anUpcomingEvent, aPlace, aTopic, aTrainingModule, uniqueSuffix } from './builders.ts';
import type { Fixture } from './entries.ts';

/**
 * For tests about the CMS itself rather than a lifecycle (permissions, validation, drafts): the
 * usual valid item of any content type, as a French Strapi document without relations.
 */
const usual: Record<CollectionName, (label?: string) => Fixture> = {
  neighbourhoods: (label) => aNeighbourhood(named(label, 'name')),
  topics: (label) => aTopic(named(label, 'name')),
  organizations: (label) => {
    const name = `${label ?? 'Organisme'} ${uniqueSuffix()}`;
    return anOrganization({ name, slug: `${slugify(name)}` });
  },
  events: (label) => anUpcomingEvent(named(label, 'title')),
  calls: (label) => anOpenCall(named(label, 'title')),
  consultations: (label) => anOpenConsultation(named(label, 'title')),
  petitions: (label) => anOpenPetition(named(label, 'title')),
  accessPoints: (label) => {
    const name = `${label ?? 'Point d’accès'} ${uniqueSuffix()}`;
    return anAccessPoint({ name, slug: slugify(name) });
  },
  episodes: (label) => anEpisode(named(label, 'title')),
  trainingModules: (label) => aTrainingModule(named(label, 'title')),
};

/** A label makes the title (or name) `<label> <unique suffix>`, to find that text in answers. */
function named(label: string | undefined, field: 'name' | 'title') {
  if (label === undefined) return field === 'name' ? { slug: `${field}-${uniqueSuffix()}` } : {};
  const text = `${label} ${uniqueSuffix()}`;
  return { slug: slugify(text), fr: { [field]: text }, en: { [field]: text } };
}

export function aValidDocument(uid: string, label?: string): Node {
  return toStrapiDocument(usual[collectionOf(uid)](label));
}

/** REST path segment of a content type (`events`, `access-points`): Strapi's pluralName, the GraphQL field in kebab case. */
export const pluralOf = (uid: string): string => contentTypes[collectionOf(uid)].query.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The title-like field of a content type, to spot draft-only text in answers. */
export const labelFieldOf = (uid: string): 'name' | 'title' =>
  ['neighbourhoods', 'topics', 'organizations', 'accessPoints'].includes(collectionOf(uid)) ? 'name' : 'title';

/** An event's place in Montréal, as a Strapi component in French. */
export const montrealPlace = placeIn(aPlace(), 'fr') as Node;
