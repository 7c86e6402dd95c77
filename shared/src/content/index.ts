import type { z } from 'zod';
import { accessPointSchema, accessPointSelection } from './access-point.ts';
import { callSchema, callSelection } from './call.ts';
import { consultationSchema, consultationSelection } from './consultation.ts';
import { episodeSchema, episodeSelection } from './episode.ts';
import { eventSchema, eventSelection } from './event.ts';
import { neighbourhoodSchema, neighbourhoodSelection } from './neighbourhood.ts';
import { organizationSchema, organizationSelection } from './organization.ts';
import { petitionSchema, petitionSelection } from './petition.ts';
import { topicSchema, topicSelection } from './topic.ts';
import { trainingModuleSchema, trainingModuleSelection } from './training-module.ts';

export * from './common.ts';
export * from './access-point.ts';
export * from './opening-hours.ts';
export * from './closure.ts';
export * from './closures.ts';
export * from './holidays.ts';
export * from './call.ts';
export * from './consultation.ts';
export * from './episode.ts';
export * from './event.ts';
export * from './neighbourhood.ts';
export * from './organization.ts';
export * from './outcome.ts';
export * from './petition.ts';
export * from './topic.ts';
export * from './training-module.ts';

export interface ContentTypeDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  /** Strapi content-type UID (`api::<singular>.<singular>`). */
  uid: string;
  /** Strapi 5 GraphQL collection query field (the content type's pluralName, camelCased). */
  query: string;
  /** GraphQL selection set for one document. */
  selection: string;
  /** zod schema validating one GraphQL node and shaping it for the site. */
  schema: S;
}

/**
 * Every public content type, keyed by the name of its Astro collection, which is also its site
 * section: `pathTo(locale, name, slug)` (routes.ts) is a document's page. The one list: the site's
 * loaders, the publisher, and the CMS's permissions, roles, GraphQL guards and preview derive from
 * it. Order matters: types that others point to come first. The CMS's content-type names
 * (singularName/pluralName) must match `uid` and `query` here: an integration test checks it.
 */
export const contentTypes = {
  neighbourhoods: { uid: 'api::neighbourhood.neighbourhood', query: 'neighbourhoods', selection: neighbourhoodSelection, schema: neighbourhoodSchema },
  topics: { uid: 'api::topic.topic', query: 'topics', selection: topicSelection, schema: topicSchema },
  organizations: { uid: 'api::organization.organization', query: 'organizations', selection: organizationSelection, schema: organizationSchema },
  events: { uid: 'api::event.event', query: 'events', selection: eventSelection, schema: eventSchema },
  calls: { uid: 'api::call.call', query: 'calls', selection: callSelection, schema: callSchema },
  consultations: { uid: 'api::consultation.consultation', query: 'consultations', selection: consultationSelection, schema: consultationSchema },
  petitions: { uid: 'api::petition.petition', query: 'petitions', selection: petitionSelection, schema: petitionSchema },
  accessPoints: { uid: 'api::access-point.access-point', query: 'accessPoints', selection: accessPointSelection, schema: accessPointSchema },
  episodes: { uid: 'api::episode.episode', query: 'episodes', selection: episodeSelection, schema: episodeSchema },
  trainingModules: { uid: 'api::training-module.training-module', query: 'trainingModules', selection: trainingModuleSelection, schema: trainingModuleSchema },
} as const satisfies Record<string, ContentTypeDefinition>;

export type CollectionName = keyof typeof contentTypes;
export type ContentTypeUid = (typeof contentTypes)[CollectionName]['uid'];

export const collectionNames = Object.keys(contentTypes) as CollectionName[];

/** The Strapi UIDs of the public content types, in `contentTypes` order. */
export const contentTypeUids: readonly ContentTypeUid[] = collectionNames.map((name) => contentTypes[name].uid);

const collectionByUid = new Map<string, CollectionName>(collectionNames.map((name) => [contentTypes[name].uid, name]));

/** The site collection a Strapi UID is published as, or undefined for anything else (participation records, proposals). */
export function collectionOfUid(uid: string): CollectionName | undefined {
  return collectionByUid.get(uid);
}

export function isContentTypeUid(uid: string): uid is ContentTypeUid {
  return collectionByUid.has(uid);
}

/** The four kinds of item residents act on (the rest are taxonomies). */
export const itemCollections = ['events', 'calls', 'consultations', 'petitions'] as const;
export type ItemCollection = (typeof itemCollections)[number];

export function isItemCollection(name: string | undefined): name is ItemCollection {
  return (itemCollections as readonly (string | undefined)[]).includes(name);
}

/** Builds the paginated GraphQL query the site's loader sends for one collection and locale. */
export function collectionQuery(name: CollectionName): string {
  const def = contentTypes[name];
  return `query Passerelle_${name}($locale: I18NLocaleCode!, $page: Int!, $pageSize: Int!) {
  ${def.query}(locale: $locale, pagination: { page: $page, pageSize: $pageSize }, sort: ["documentId:asc"]) {
    ${def.selection}
  }
}`;
}

/**
 * One document of a collection by documentId, in one locale and publication state, with the very
 * selection the loader uses (the preview shows what the next build would). `status: DRAFT` returns
 * the draft version; only readers allowed to see drafts (an API token) get one back.
 */
export function documentQuery(name: CollectionName): string {
  const def = contentTypes[name];
  return `query Passerelle_${name}_document($locale: I18NLocaleCode!, $documentId: ID!, $status: PublicationStatus!) {
  ${def.query}(locale: $locale, status: $status, filters: { documentId: { eq: $documentId } }, pagination: { limit: 1 }) {
    ${def.selection}
  }
}`;
}
