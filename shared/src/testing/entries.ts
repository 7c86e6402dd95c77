import type { CollectionName } from '../content/index.ts';

/**
 * What every builder returns: one item in the demo-data format (cms/data/README.md) — French and
 * English side by side, dates in days relative to "now", relations by slug — tagged with its
 * collection. It is the richest of the three shapes and plain JSON, so the adapters can derive the
 * GraphQL node and the Strapi document from it, and the CMS seed can read it as is.
 */
export type Localized<T> = { fr: T; en: T };

export interface PlaceEntry {
  venueName: string;
  address: string;
  lat: number;
  lng: number;
  fr: { accessibilityNotes?: string; transitHint?: string };
  en: { accessibilityNotes?: string; transitHint?: string };
}

export interface ContactEntry {
  name?: string;
  phone?: string;
  email?: string;
  textingOk?: boolean;
}

export interface Base {
  slug: string;
  /** Created but never published. */
  draft?: boolean;
}

export interface Links {
  organization?: string;
  neighbourhoods?: string[];
  topics?: string[];
}

export type NeighbourhoodEntry = Base & {
  territory: string;
  lat: number;
  lng: number;
  fsas?: string[];
  boundary?: unknown;
  ocEmails?: string[];
} & Localized<{ name: string }>;

export type TopicEntry = Base & Localized<{ name: string }>;

export type OrganizationEntry = Base & {
  name: string;
  kind: 'community_group' | 'health_network' | 'municipality' | 'other';
  phone?: string;
  email?: string;
  website?: string;
  address?: string;
  neighbourhood?: string;
} & Localized<{ description?: string }>;

export type EventEntry = Base &
  Links & {
    startsInDays: number;
    time: string;
    durationMinutes?: number;
    registrationMode?: 'none' | 'form' | 'phone' | 'external';
    registrationUrl?: string;
    capacity?: number;
    maxSeatsPerRegistration?: number;
    place: PlaceEntry;
    contact?: ContactEntry;
  } & Localized<{ title: string; summary: string; body?: string; cost?: string }>;

export type CallEntry = Base &
  Links & {
    kind: 'volunteering' | 'committee' | 'public_meeting' | 'survey' | 'other';
    startsInDays?: number;
    time?: string;
    durationMinutes?: number;
    deadlineInDays?: number;
    place?: PlaceEntry;
    contact?: ContactEntry;
  } & Localized<{ title: string; summary: string; body?: string }>;

export interface QuestionEntry {
  kind: 'single' | 'multiple' | 'text' | 'scale';
  required?: boolean;
  fr: { prompt: string; options?: string[] };
  en: { prompt: string; options?: string[] };
}

export type ConsultationEntry = Base &
  Links & {
    opensInDays: number;
    closesInDays: number;
    questions?: QuestionEntry[];
  } & Localized<{ title: string; summary: string; body?: string; results?: string }>;

export type PetitionEntry = Base &
  Links & {
    opensInDays: number;
    closesInDays: number;
    status: 'open' | 'closed' | 'delivered' | 'answered';
    signatureGoal?: number;
    paperSignatures?: number;
  } & Localized<{ title: string; summary: string; demand: string; addressee: string; body?: string; response?: string }>;

export interface EntryOf {
  neighbourhoods: NeighbourhoodEntry;
  topics: TopicEntry;
  organizations: OrganizationEntry;
  events: EventEntry;
  calls: CallEntry;
  consultations: ConsultationEntry;
  petitions: PetitionEntry;
}

/** One built item: its demo-data entry and the collection it belongs to. */
export type Fixture<C extends CollectionName = CollectionName> = { [K in C]: EntryOf[K] & { collection: K } }[C];

/** Overrides for a builder: top-level fields replace, `fr`/`en` are merged field by field. */
export type Overrides<E> = Partial<Omit<E, 'fr' | 'en'>> & { fr?: Partial<LocalizedPart<E>>; en?: Partial<LocalizedPart<E>> };
export type LocalizedPart<E> = E extends { fr: infer T } ? T : never;
