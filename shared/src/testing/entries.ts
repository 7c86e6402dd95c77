import type { DemoCollection, DemoItem, PlaceInput, QuestionInput } from '../demo-data/index.ts';

/**
 * What every builder returns: one item in the demo-data format (cms/data/README.md) — French and
 * English side by side, dates in days relative to "now", relations by slug — tagged with its
 * collection. The types are the demo-data schema's (shared/src/demo-data/), so a field is added
 * once, and a built item is a valid line of a seed file: the adapters derive the GraphQL node and
 * the Strapi document from it, and the CMS seed reads it as is.
 */
export type EntryOf = { [C in DemoCollection]: DemoItem<C> };

export type NeighbourhoodEntry = EntryOf['neighbourhoods'];
export type TopicEntry = EntryOf['topics'];
export type OrganizationEntry = EntryOf['organizations'];
export type EventEntry = EntryOf['events'];
export type CallEntry = EntryOf['calls'];
export type ConsultationEntry = EntryOf['consultations'];
export type PetitionEntry = EntryOf['petitions'];
export type AccessPointEntry = EntryOf['accessPoints'];
export type EpisodeEntry = EntryOf['episodes'];
export type TrainingModuleEntry = EntryOf['trainingModules'];
export type PlaceEntry = PlaceInput;
export type QuestionEntry = QuestionInput;

/** One built item: its demo-data entry and the collection it belongs to. */
export type Fixture<C extends DemoCollection = DemoCollection> = { [K in C]: EntryOf[K] & { collection: K } }[C];

/** Overrides for a builder: top-level fields replace, `fr`/`en` are merged field by field. */
export type Overrides<E> = Partial<Omit<E, 'fr' | 'en'>> & { fr?: Partial<LocalizedPart<E>>; en?: Partial<LocalizedPart<E>> };
export type LocalizedPart<E> = E extends { fr: infer T } ? T : never;
