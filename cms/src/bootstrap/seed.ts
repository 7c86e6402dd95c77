import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { zonedDate, zonedDateTime } from '../lib/relative-dates';
import { uploadDemoPhoto } from '../upload/demo-upload';

/**
 * Demo data seeding (format: cms/data/README.md). Idempotent: an entry whose slug already exists,
 * in any locale or status, is left alone. Each entry is written in its own transaction (French
 * version, English version, publication), so a bad entry is rolled back and reported without
 * stopping the others, and SQLite commits once per entry instead of once per statement.
 *
 * `seedDemoData` takes arrays, so benchmarks can seed generated data with the same code path.
 */

type Localized<T> = { fr: T; en: T };
type Base = { slug: string; draft?: boolean };
type Links = { organization?: string; neighbourhoods?: string[]; topics?: string[] };
type PlaceInput = { venueName: string; address: string; lat: number; lng: number } & Partial<
  Localized<{ accessibilityNotes?: string; transitHint?: string }>
>;
/** A generated photo (cms/src/upload/demo-photo.ts): no binary in the repository, nothing downloaded. */
type DemoImageInput = { photoSeed: number };
type ContactInput = { name?: string; phone?: string; email?: string; textingOk?: boolean };

export type NeighbourhoodInput = Base & { territory?: string; lat: number; lng: number; fsas?: string[]; boundary?: unknown; ocEmails?: string[] } & Localized<{ name: string }>;
export type TopicInput = Base & Localized<{ name: string }>;
export type OrganizationInput = Base & {
  name: string;
  kind: string;
  phone?: string;
  email?: string;
  website?: string;
  address?: string;
  neighbourhood?: string;
} & Localized<{ description?: string }>;
export type EventInput = Base &
  Links & {
    startsInDays: number;
    time: string;
    durationMinutes?: number;
    registrationMode?: string;
    registrationUrl?: string;
    capacity?: number;
    maxSeatsPerRegistration?: number;
    place: PlaceInput;
    contact?: ContactInput;
    image?: DemoImageInput;
  } & Localized<{ title: string; summary: string; body?: string; cost?: string; imageAlt?: string }>;
export type CallInput = Base &
  Links & {
    kind: string;
    startsInDays?: number;
    time?: string;
    durationMinutes?: number;
    deadlineInDays?: number;
    place?: PlaceInput;
    contact?: ContactInput;
    image?: DemoImageInput;
  } & Localized<{ title: string; summary: string; body?: string; imageAlt?: string }>;
export type ConsultationInput = Base &
  Links & {
    opensInDays: number;
    closesInDays: number;
    questions?: Array<{ kind: string; required?: boolean } & Localized<{ prompt: string; options?: string[] }>>;
  } & Localized<{ title: string; summary: string; body?: string; results?: string }>;
export type PetitionInput = Base &
  Links & {
    opensInDays: number;
    closesInDays: number;
    status: string;
    signatureGoal?: number;
    paperSignatures?: number;
  } & Localized<{ title: string; summary: string; demand: string; addressee: string; body?: string; response?: string }>;

export interface DemoData {
  topics: TopicInput[];
  neighbourhoods: NeighbourhoodInput[];
  organizations: OrganizationInput[];
  events: EventInput[];
  calls: CallInput[];
  consultations: ConsultationInput[];
  petitions: PetitionInput[];
}
export type DemoCollection = keyof DemoData;

/** Seeding order: relation targets before the items pointing at them. */
export const seedOrder: DemoCollection[] = ['topics', 'neighbourhoods', 'organizations', 'events', 'calls', 'consultations', 'petitions'];

const uidOf: Record<DemoCollection, string> = {
  topics: 'api::topic.topic',
  neighbourhoods: 'api::neighbourhood.neighbourhood',
  organizations: 'api::organization.organization',
  events: 'api::event.event',
  calls: 'api::call.call',
  consultations: 'api::consultation.consultation',
  petitions: 'api::petition.petition',
};

export interface SeedCount {
  created: number;
  skipped: number;
  failed: number;
  drafts: number;
}

/** Reads whichever `<collection>.json` files exist in `dir`; a missing file means "nothing to seed". */
export function readDemoDataFiles(dir: string): Partial<DemoData> {
  const data: Partial<DemoData> = {};
  for (const name of seedOrder) {
    const file = path.join(dir, `${name}.json`);
    if (!fs.existsSync(file)) continue;
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array`);
    (data as Record<string, unknown>)[name] = parsed;
  }
  return data;
}

type Locale = 'fr' | 'en';
type SlugMaps = Record<'topics' | 'neighbourhoods' | 'organizations', Map<string, string>>;

const pick = <T extends object>(value: T | undefined) =>
  value ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) : {};

function placeFor(place: PlaceInput | undefined, locale: Locale) {
  if (!place) return undefined;
  const { fr: _fr, en: _en, ...shared } = place;
  return { ...shared, ...pick(place[locale]) };
}

/** Builds the Strapi `data` for one locale of one entry; absent fields are left out, not set to undefined. */
function toData(collection: DemoCollection, item: any, locale: Locale, maps: SlugMaps, now: Date): Record<string, unknown> {
  return pick(entryData(collection, item, locale, maps, now));
}

function entryData(collection: DemoCollection, item: any, locale: Locale, maps: SlugMaps, now: Date): Record<string, unknown> {
  const text = pick(item[locale]);
  const ref = (kind: keyof SlugMaps, slug: string | undefined) => {
    if (!slug) return undefined;
    const id = maps[kind].get(slug);
    if (!id) throw new Error(`${kind} "${slug}" does not exist`);
    return id;
  };
  const links = () => ({
    organization: ref('organizations', item.organization) ?? null,
    neighbourhoods: (item.neighbourhoods ?? []).map((s: string) => ref('neighbourhoods', s)),
    topics: (item.topics ?? []).map((s: string) => ref('topics', s)),
  });
  const opensCloses = () => ({
    opensAt: zonedDateTime(now, item.opensInDays, '09:00'),
    closesAt: zonedDateTime(now, item.closesInDays, '23:59'),
  });
  const window = () => {
    if (item.startsInDays === undefined) return {};
    const startsAt = zonedDateTime(now, item.startsInDays, item.time ?? '09:00');
    const endsAt = item.durationMinutes ? new Date(startsAt.getTime() + item.durationMinutes * 60_000) : null;
    return { startsAt, endsAt };
  };

  switch (collection) {
    case 'topics':
      return { slug: item.slug, ...text };
    case 'neighbourhoods':
      return {
        slug: item.slug,
        territory: item.territory,
        lat: item.lat,
        lng: item.lng,
        fsas: item.fsas ?? [],
        boundary: item.boundary ?? null,
        // Private: who reviews drafts for this neighbourhood (editorial/review-notification.ts).
        ocEmails: item.ocEmails ?? null,
        ...text,
      };
    case 'organizations':
      return {
        slug: item.slug,
        name: item.name,
        kind: item.kind,
        phone: item.phone,
        email: item.email,
        website: item.website,
        address: item.address,
        neighbourhood: ref('neighbourhoods', item.neighbourhood) ?? null,
        ...text,
      };
    case 'events':
      return {
        slug: item.slug,
        ...window(),
        registrationMode: item.registrationMode ?? 'none',
        registrationUrl: item.registrationUrl,
        capacity: item.capacity,
        maxSeatsPerRegistration: item.maxSeatsPerRegistration,
        place: placeFor(item.place, locale),
        contact: item.contact,
        image: item.imageId,
        ...links(),
        ...text,
      };
    case 'calls':
      return {
        slug: item.slug,
        kind: item.kind,
        ...window(),
        deadline: item.deadlineInDays === undefined ? null : zonedDate(now, item.deadlineInDays),
        place: placeFor(item.place, locale),
        contact: item.contact,
        image: item.imageId,
        ...links(),
        ...text,
      };
    case 'consultations':
      return {
        slug: item.slug,
        ...opensCloses(),
        questions: (item.questions ?? []).map((q: any) => ({
          kind: q.kind,
          required: q.required ?? false,
          prompt: q[locale]?.prompt,
          options: q[locale]?.options ?? [],
        })),
        ...links(),
        ...text,
      };
    case 'petitions':
      return {
        slug: item.slug,
        petitionStatus: item.status,
        signatureGoal: item.signatureGoal,
        paperSignatures: item.paperSignatures ?? 0,
        ...opensCloses(),
        ...links(),
        ...text,
      };
  }
}

/** Strapi's validation errors say "4 errors occurred": list the fields so the data can be fixed. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = (error as { details?: { errors?: Array<{ path?: string[]; message?: string }> } }).details;
  const fields = details?.errors?.map((e) => `${(e.path ?? []).join('.')}: ${e.message}`) ?? [];
  return fields.length > 0 ? `${error.message} (${fields.join('; ')})` : error.message;
}

async function slugMap(strapi: Core.Strapi, uid: string): Promise<Map<string, string>> {
  const rows: Array<{ slug: string; documentId: string }> = await strapi.db
    .query(uid as any)
    .findMany({ select: ['slug', 'documentId'] });
  return new Map(rows.map((r) => [r.slug, r.documentId]));
}

export interface SeedOptions {
  /** The day relative dates count from (default: now). */
  now?: Date;
  /** Throw on the first bad entry instead of logging it and going on. */
  strict?: boolean;
}

export async function seedDemoData(
  strapi: Core.Strapi,
  data: Partial<DemoData>,
  { now = new Date(), strict = false }: SeedOptions = {},
): Promise<Record<DemoCollection, SeedCount>> {
  const maps: SlugMaps = {
    topics: await slugMap(strapi, uidOf.topics),
    neighbourhoods: await slugMap(strapi, uidOf.neighbourhoods),
    organizations: await slugMap(strapi, uidOf.organizations),
  };
  const counts = {} as Record<DemoCollection, SeedCount>;

  for (const collection of seedOrder) {
    const items = (data[collection] ?? []) as Array<Base & Record<string, unknown>>;
    const count: SeedCount = { created: 0, skipped: 0, failed: 0, drafts: 0 };
    counts[collection] = count;
    if (items.length === 0) continue;
    const uid = uidOf[collection];
    const existing = collection in maps ? maps[collection as keyof SlugMaps] : await slugMap(strapi, uid);
    const started = Date.now();

    for (const item of items) {
      if (existing.has(item.slug)) {
        count.skipped += 1;
        continue;
      }
      // Uploaded before the transaction (files are not transactional) and removed if the entry is refused.
      let photo: { id: number } | undefined;
      try {
        const image = (item as { image?: DemoImageInput }).image;
        if (image) photo = await uploadDemoPhoto(strapi, image.photoSeed, item.slug);
        const withImage = photo ? { ...item, imageId: photo.id } : item;
        const documentId = await strapi.db.transaction(async () => {
          const documents = strapi.documents(uid as any);
          const created = await documents.create({ locale: 'fr', data: toData(collection, withImage, 'fr', maps, now) as any });
          await documents.update({ documentId: created.documentId, locale: 'en', data: toData(collection, withImage, 'en', maps, now) as any });
          if (!item.draft) await documents.publish({ documentId: created.documentId, locale: '*' });
          return created.documentId;
        });
        existing.set(item.slug, documentId);
        count.created += 1;
        if (item.draft) count.drafts += 1;
        if (count.created % 1000 === 0) strapi.log.info(`[passerelle] seed ${collection}: ${count.created}/${items.length}…`);
      } catch (error) {
        count.failed += 1;
        if (photo) await strapi.plugin('upload').service('upload').remove(photo);
        const reason = describeError(error);
        if (strict) throw new Error(`seed ${collection} "${item.slug}": ${reason}`, { cause: error });
        strapi.log.error(`[passerelle] seed ${collection} "${item.slug}" refused: ${reason}`);
      }
    }
    strapi.log.info(
      `[passerelle] seed ${collection}: ${count.created} created (${count.drafts} drafts), ${count.skipped} already there, ` +
        `${count.failed} refused, ${Date.now() - started} ms`,
    );
  }
  return counts;
}

/**
 * Bootstrap entry point: seeds `cms/data/*.json` (or SEED_DATA_DIR) when SEED_DEMO_DATA=true, then
 * SEED_FIXTURES_DIR if set: the named items the browser journeys act on, in the same format, which
 * may link to the demo data's neighbourhoods, topics and organizations.
 */
export async function seedDemoDataFromFiles(strapi: Core.Strapi): Promise<void> {
  const dir = process.env.SEED_DATA_DIR ?? path.join(strapi.dirs.app.root, 'data');
  await seedDemoData(strapi, readDemoDataFiles(dir));
  if (process.env.SEED_FIXTURES_DIR) await seedDemoData(strapi, readDemoDataFiles(process.env.SEED_FIXTURES_DIR), { strict: true });
}
