import type { Core } from '@strapi/strapi';
import { trainingSlugSchema, type SpaceTrainingModule, type TrainingProgress } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';

/**
 * A member's private training progress. Every read and write is keyed by the signed-in member's
 * own documentId: no function here takes another member's id from a form or an address, so no
 * page can show or change anyone else's rows. Modules are read published only, in the page's language.
 */
export const trainingProgressUid = 'api::practitioners.training-progress';
const moduleUid = 'api::training-module.training-module';

interface ModuleDoc {
  slug: string;
  title: string;
  units?: Array<{ title: string; questions?: Array<{ prompt: string; choices?: Array<{ text: string; correct: boolean | null; feedback: string }> }> }>;
}

export interface ProgressRow {
  id: number;
  moduleSlug: string;
  unitNumber: number;
  done: boolean | null;
  checkCorrect: number | null;
  checkTotal: number | null;
  updatedAtMs: string | number;
}

const populate = { units: { populate: { questions: { populate: { choices: true } } } } } as const;

function toModule(doc: ModuleDoc): SpaceTrainingModule {
  return {
    slug: doc.slug,
    title: doc.title,
    units: (doc.units ?? []).map((unit, index) => ({
      number: index + 1,
      title: unit.title,
      questions: (unit.questions ?? []).map((q) => ({ prompt: q.prompt, choices: (q.choices ?? []).map((c) => ({ text: c.text, correct: c.correct === true, feedback: c.feedback })) })),
    })),
  };
}

/** Every published module, in the page's language, by title. */
export async function publishedModules(strapi: Core.Strapi, locale: Locale): Promise<SpaceTrainingModule[]> {
  const docs = (await strapi.documents(moduleUid).findMany({ locale, status: 'published', populate, sort: 'title:asc', limit: 200 } as never)) as unknown as ModuleDoc[];
  return docs.map(toModule);
}

/** One published module by its slug, or null (unknown, draft only, or a slug no module could have). */
export async function publishedModule(strapi: Core.Strapi, slug: string, locale: Locale): Promise<SpaceTrainingModule | null> {
  if (!trainingSlugSchema.safeParse(slug).success) return null;
  const doc = (await strapi.documents(moduleUid).findFirst({ locale, status: 'published', filters: { slug }, populate } as never)) as unknown as ModuleDoc | null;
  return doc ? toModule(doc) : null;
}

const select = ['id', 'moduleSlug', 'unitNumber', 'done', 'checkCorrect', 'checkTotal', 'updatedAtMs'];

function toProgress(row: ProgressRow): TrainingProgress {
  return {
    moduleSlug: row.moduleSlug,
    unitNumber: Number(row.unitNumber),
    done: row.done === true,
    check: row.checkCorrect !== null && row.checkTotal !== null ? { correct: Number(row.checkCorrect), total: Number(row.checkTotal) } : null,
    updatedAt: new Date(Number(row.updatedAtMs)).toISOString(),
  };
}

export async function progressOfMember(strapi: Core.Strapi, memberId: string): Promise<TrainingProgress[]> {
  const rows = (await strapi.db.query(trainingProgressUid).findMany({ where: { member: { documentId: memberId } }, select, orderBy: [{ moduleSlug: 'asc' }, { unitNumber: 'asc' }], limit: 2000 })) as ProgressRow[];
  return rows.map(toProgress);
}

/**
 * Writes what the member chose to keep about one unit: the row is created on first use and there is
 * one per member and unit (looked up first; a double submit finds the row the first one made).
 */
export async function keepUnitProgress(
  strapi: Core.Strapi,
  memberId: string,
  moduleSlug: string,
  unitNumber: number,
  change: { done?: boolean; check?: { correct: number; total: number } },
  now = Date.now(),
): Promise<void> {
  const where = { member: { documentId: memberId }, moduleSlug, unitNumber };
  const data = {
    ...(change.done === undefined ? {} : { done: change.done }),
    ...(change.check ? { checkCorrect: change.check.correct, checkTotal: change.check.total } : {}),
    updatedAtMs: now,
  };
  const existing = (await strapi.db.query(trainingProgressUid).findOne({ where, select: ['id'] })) as { id: number } | null;
  if (existing) {
    await strapi.db.query(trainingProgressUid).update({ where: { id: existing.id }, data });
    return;
  }
  const member = (await strapi.db.query('api::practitioners.practitioner').findOne({ where: { documentId: memberId }, select: ['id'] })) as { id: number } | null;
  if (!member) return;
  await strapi.db.query(trainingProgressUid).create({ data: { done: false, checkCorrect: null, checkTotal: null, ...data, moduleSlug, unitNumber, member: member.id } });
}

/** Erases one unit's row, or every row of the member. Returns how many rows went. */
export async function eraseProgress(strapi: Core.Strapi, memberId: string, unit?: { moduleSlug: string; unitNumber: number }): Promise<number> {
  const ids = (await strapi.db.query(trainingProgressUid).findMany({ where: { member: { documentId: memberId }, ...(unit ?? {}) }, select: ['id'] })) as Array<{ id: number }>;
  if (ids.length === 0) return 0;
  return (await strapi.db.query(trainingProgressUid).deleteMany({ where: { id: { $in: ids.map((r) => r.id) } } })).count;
}
