import fs from 'fs';
import path from 'path';
import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@passerelle/shared/content';
import { toStrapiData, type DemoCollection, type DemoData, type DemoItem, type ImageInput, type RelationKind } from '@passerelle/shared/demo-data';
import { uploadDemoPhoto } from '../upload/demo-upload';
import { uploadDemoEpisodeAudio } from '../podcast/demo-audio';
import { removeFiles, type UploadedFile } from '../podcast/episode-audio';
import { cmsConfig } from '../config';
import { seedDemoRoundTables } from '../participation/space/demo-tables';
import { seedDemoDiagnostics } from '../participation/space/demo-diagnostics';

/**
 * Demo data seeding (format: cms/data/README.md). Idempotent: an entry whose slug already exists,
 * in any locale or status, is left alone. Each entry is written in its own transaction (French
 * version, English version, publication), so a bad entry is rolled back and reported without
 * stopping the others, and SQLite commits once per entry instead of once per statement.
 *
 * `seedDemoData` takes arrays, so benchmarks can seed generated data with the same code path. Entries
 * are typed by the demo-data schema (shared/src/demo-data/); `node cms/scripts/check-demo-data.mjs`
 * parses the files with it before anything is seeded.
 */

export type {
  AccessPointInput,
  CallInput,
  ConsultationInput,
  DemoCollection,
  DemoData,
  EventInput,
  NeighbourhoodInput,
  OrganizationInput,
  PetitionInput,
  TopicInput,
} from '@passerelle/shared/demo-data';

/** Seeding order: relation targets before the items pointing at them. */
export const seedOrder: DemoCollection[] = ['topics', 'neighbourhoods', 'organizations', 'episodes', 'trainingModules', 'events', 'calls', 'consultations', 'petitions', 'accessPoints'];

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
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array`);
    // Trusted as typed: the checker has parsed these files with the schema, and Strapi validates each entry.
    Object.assign(data, { [name]: parsed });
  }
  return data;
}

type SlugMaps = Record<RelationKind, Map<string, string>>;

/** Strapi's validation errors say "4 errors occurred": list the fields so the data can be fixed. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = (error as { details?: { errors?: Array<{ path?: string[]; message?: string }> } }).details;
  const fields = details?.errors?.map((e) => `${(e.path ?? []).join('.')}: ${e.message}`) ?? [];
  return fields.length > 0 ? `${error.message} (${fields.join('; ')})` : error.message;
}

async function slugMap(strapi: Core.Strapi, uid: UID.ContentType): Promise<Map<string, string>> {
  const rows: Array<{ slug: string; documentId: string }> = await strapi.db
    .query(uid)
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
    topics: await slugMap(strapi, contentTypes.topics.uid),
    neighbourhoods: await slugMap(strapi, contentTypes.neighbourhoods.uid),
    organizations: await slugMap(strapi, contentTypes.organizations.uid),
    // Training units point to balado episodes, training sessions (events) to training modules.
    episodes: await slugMap(strapi, contentTypes.episodes.uid),
    trainingModules: await slugMap(strapi, contentTypes.trainingModules.uid),
  };
  const counts = {} as Record<DemoCollection, SeedCount>;
  for (const collection of seedOrder) {
    counts[collection] = await seedCollection(strapi, collection, data[collection] ?? [], { maps, now, strict });
  }
  return counts;
}

async function seedCollection<C extends DemoCollection>(
  strapi: Core.Strapi,
  collection: C,
  items: ReadonlyArray<DemoItem<C>>,
  { maps, now, strict }: { maps: SlugMaps; now: Date; strict: boolean },
): Promise<SeedCount> {
  const count: SeedCount = { created: 0, skipped: 0, failed: 0, drafts: 0 };
  if (items.length === 0) return count;
  const uid = contentTypes[collection].uid;
  const existing = collection in maps ? maps[collection as keyof SlugMaps] : await slugMap(strapi, uid);
  const started = Date.now();

  for (const item of items) {
    if (existing.has(item.slug)) {
      count.skipped += 1;
      continue;
    }
    // Uploaded before the transaction (files are not transactional) and removed if the entry is refused.
    let photo: { id: number } | undefined;
    let audio: UploadedFile | undefined;
    try {
      const image = (item as { image?: ImageInput }).image;
      if (image) photo = await uploadDemoPhoto(strapi, image.photoSeed, item.slug);
      if (collection === 'episodes') {
        const episode = item as DemoItem<'episodes'>;
        audio = await uploadDemoEpisodeAudio(strapi, item.slug, episode.fr.transcript, episode.audioSeconds);
      }
      const context = { now, imageId: photo?.id, relations: (kind: RelationKind, slug: string) => maps[kind].get(slug) };
      const documentId = await strapi.db.transaction(async () => {
        const documents = strapi.documents(uid);
        const frData = { ...toStrapiData(collection, item, { ...context, locale: 'fr' }), ...(audio ? { audio: audio.id } : {}) };
        const created = await documents.create({ locale: 'fr', data: frData });
        await documents.update({ documentId: created.documentId, locale: 'en', data: toStrapiData(collection, item, { ...context, locale: 'en' }) });
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
      if (audio) await removeFiles(strapi, [audio]);
      const reason = describeError(error);
      if (strict) throw new Error(`seed ${collection} "${item.slug}": ${reason}`, { cause: error });
      strapi.log.error(`[passerelle] seed ${collection} "${item.slug}" refused: ${reason}`);
    }
  }
  strapi.log.info(
    `[passerelle] seed ${collection}: ${count.created} created (${count.drafts} drafts), ${count.skipped} already there, ` +
      `${count.failed} refused, ${Date.now() - started} ms`,
  );
  return count;
}

/**
 * Bootstrap entry point: seeds `cms/data/*.json` (or SEED_DATA_DIR) when SEED_DEMO_DATA=true, then
 * SEED_FIXTURES_DIR if set: the named items the browser journeys act on, in the same format, which
 * may link to the demo data's neighbourhoods, topics and organizations.
 */
export async function seedDemoDataFromFiles(strapi: Core.Strapi): Promise<void> {
  const { SEED_DATA_DIR, SEED_FIXTURES_DIR } = cmsConfig().runtime;
  await seedDemoData(strapi, readDemoDataFiles(SEED_DATA_DIR ?? path.join(strapi.dirs.app.root, 'data')));
  // The practitioners' space's two demo round tables and their meetings (private: not in the site's data files).
  await seedDemoRoundTables(strapi);
  // Their neighbourhoods' diagnostics and plans of action (private too).
  await seedDemoDiagnostics(strapi);
  if (SEED_FIXTURES_DIR) await seedDemoData(strapi, readDemoDataFiles(SEED_FIXTURES_DIR), { strict: true });
}
