import { z } from 'zod';
import { itemCollections } from '../content/index.ts';
import { demoItemSchemas, type DemoCollection, type DemoItem } from './collections.ts';

/**
 * Rules that span entries and files: slugs unique per file, every reference resolves, a postal code
 * leads to one neighbourhood, drafts exist, and there is enough data to show every page. They read
 * loosely typed entries, so they still report what they can when some entries are malformed.
 */

/** The order the checker reports files in: taxonomies (what items refer to) first. */
export const demoCollections = ['neighbourhoods', 'topics', 'organizations', ...itemCollections, 'accessPoints', 'episodes', 'trainingModules'] as const satisfies readonly DemoCollection[];
export const taxonomyCollections = ['neighbourhoods', 'topics', 'organizations'] as const satisfies readonly DemoCollection[];

export const MIN_PUBLISHED = { neighbourhoods: 12, organizations: 20, items: 100 } as const;

/** Where a problem is: a file, an entry of it (with its slug when it has one) and a field path. */
export interface DemoProblem {
  file: DemoCollection | 'items';
  index?: number;
  slug?: string;
  path: ReadonlyArray<string | number>;
  message: string;
}

/** "events.json[3] fete-de-l-hiver.fr.summary", so a problem leads straight to the entry and field. */
export function locate({ file, index, slug, path }: Omit<DemoProblem, 'message'>): string {
  let at = file === 'items' ? 'items' : `${file}.json`;
  if (index !== undefined) at += `[${index}]${slug ? ` ${slug}` : ''}`;
  for (const key of path) at += typeof key === 'number' ? `[${key}]` : `.${key}`;
  return at;
}

export const describeProblem = (problem: DemoProblem): string => `${locate(problem)}: ${problem.message}`;

/** Files as read: an array of whatever each holds; a missing file is absent. */
export type LooseDemoFiles = Partial<Record<DemoCollection, readonly unknown[]>>;

type Entry = Record<string, unknown>;
const isEntry = (v: unknown): v is Entry => v !== null && typeof v === 'object' && !Array.isArray(v);
export const slugOf = (v: unknown) => (isEntry(v) && typeof v.slug === 'string' ? v.slug : undefined);
const isDraft = (v: unknown) => isEntry(v) && v.draft === true;
const entries = (list: readonly unknown[] | undefined) => (list ?? []).flatMap((v, index) => (isEntry(v) ? [{ v, index }] : []));

export function crossFileProblems(files: LooseDemoFiles, { unreadable = new Set<DemoCollection>() } = {}): DemoProblem[] {
  const problems: DemoProblem[] = [];
  const at = (file: DemoCollection, index: number, v: unknown, path: Array<string | number>, message: string) =>
    problems.push({ file, index, slug: slugOf(v), path, message });

  /** Slugs each taxonomy defines; a missing file leaves its references unchecked. */
  const known: Partial<Record<DemoCollection, Set<string>>> = {};
  // Training sessions (events) point to training modules.
  if (files.trainingModules && !unreadable.has('trainingModules')) known.trainingModules = new Set(entries(files.trainingModules).flatMap(({ v }) => slugOf(v) ?? []));
  for (const name of taxonomyCollections) {
    if (files[name] && !unreadable.has(name)) known[name] = new Set(entries(files[name]).flatMap(({ v }) => slugOf(v) ?? []));
  }
  const checkRef = (file: DemoCollection, index: number, v: Entry, path: Array<string | number>, target: DemoCollection, what: string) => {
    const value = path.reduce<unknown>((o, key) => (isEntry(o) || Array.isArray(o) ? (o as Record<string | number, unknown>)[key] : undefined), v);
    if (typeof value === 'string' && known[target] && !known[target].has(value)) at(file, index, v, path, `unknown ${what} "${value}"`);
  };

  for (const name of demoCollections) {
    const list = files[name];
    if (!list) continue;
    const seen = new Set<string>();
    for (const { v, index } of entries(list)) {
      const slug = slugOf(v);
      if (slug !== undefined && seen.has(slug)) at(name, index, v, [], `slug "${slug}" is used twice in ${name}.json`);
      if (slug !== undefined) seen.add(slug);
      if (name === 'organizations') checkRef(name, index, v, ['neighbourhood'], 'neighbourhoods', 'neighbourhood');
      if (name === 'accessPoints') {
        checkRef(name, index, v, ['organization'], 'organizations', 'organization');
        const refs = v.neighbourhoods;
        if (Array.isArray(refs)) refs.forEach((_, i) => checkRef(name, index, v, ['neighbourhoods', i], 'neighbourhoods', 'neighbourhood'));
      }
      if (name === 'events') checkRef(name, index, v, ['trainingModule'], 'trainingModules', 'training module');
      if (name === 'trainingModules') {
        const refs = v.topics;
        if (Array.isArray(refs)) refs.forEach((_, i) => checkRef(name, index, v, ['topics', i], 'topics', 'topic'));
      }
      if ((itemCollections as readonly string[]).includes(name)) {
        checkRef(name, index, v, ['organization'], 'organizations', 'organization');
        for (const [key, what] of [['neighbourhoods', 'neighbourhood'], ['topics', 'topic']] as const) {
          const refs = v[key];
          if (Array.isArray(refs)) refs.forEach((_, i) => checkRef(name, index, v, [key, i], key, what));
        }
      }
    }
    // Every type is draft & publish: one draft per file proves drafts stay private, taxonomies included.
    if (!unreadable.has(name) && !list.some(isDraft)) {
      problems.push({ file: name, path: [], message: 'needs at least one "draft": true entry (drafts must stay private)' });
    }
  }

  // A postal code must lead to one neighbourhood only, or the "find my neighbourhood" form guesses.
  const owner = new Map<string, string | undefined>();
  for (const { v } of entries(files.neighbourhoods)) {
    for (const fsa of Array.isArray(v.fsas) ? v.fsas : []) {
      if (typeof fsa !== 'string') continue;
      if (owner.has(fsa)) problems.push({ file: 'neighbourhoods', path: [], message: `FSA ${fsa} belongs to both ${owner.get(fsa)} and ${slugOf(v)}` });
      else owner.set(fsa, slugOf(v));
    }
  }

  // A keypad number must lead to one neighbourhood only: the phone line reads that one's week.
  const numbered = new Map<number, string | undefined>();
  for (const { v } of entries(files.neighbourhoods)) {
    if (typeof v.phoneMenuNumber !== 'number') continue;
    if (numbered.has(v.phoneMenuNumber)) problems.push({ file: 'neighbourhoods', path: [], message: `phone menu number ${v.phoneMenuNumber} belongs to both ${numbered.get(v.phoneMenuNumber)} and ${slugOf(v)}` });
    else numbered.set(v.phoneMenuNumber, slugOf(v));
  }

  for (const name of ['neighbourhoods', 'organizations'] as const) {
    const list = files[name];
    if (list && publishedCount(list) < MIN_PUBLISHED[name]) {
      problems.push({ file: name, path: [], message: `${publishedCount(list)} published, need at least ${MIN_PUBLISHED[name]}` });
    }
  }
  const items = publishedItems(files);
  if (items < MIN_PUBLISHED.items) {
    const missing = itemCollections.filter((name) => !files[name]);
    const note = missing.length ? ` (missing: ${missing.map((n) => `${n}.json`).join(', ')})` : '';
    const message = `${items} published across events/calls/consultations/petitions, need at least ${MIN_PUBLISHED.items}${note}`;
    problems.push({ file: 'items', path: [], message });
  }
  return problems;
}

export const publishedCount = (list: readonly unknown[]) => list.filter((v) => !isDraft(v)).length;
export const draftCount = (list: readonly unknown[]) => list.filter(isDraft).length;
export const publishedItems = (files: LooseDemoFiles) => itemCollections.reduce((sum, name) => sum + publishedCount(files[name] ?? []), 0);

/** Things worth a look that never fail the check. */
export function demoDataWarnings(files: LooseDemoFiles): string[] {
  const warnings: string[] = [];
  const where = (file: DemoCollection, index: number, v: unknown) => locate({ file, index, slug: slugOf(v), path: [] });
  for (const { v, index } of entries(files.events)) {
    const contact = v.contact;
    if (v.registrationMode === 'phone' && !(isEntry(contact) && 'phone' in contact)) {
      warnings.push(`${where('events', index, v)}: registrationMode "phone" without contact.phone (the organization's number is shown)`);
    }
  }
  for (const { v, index } of entries(files.consultations)) {
    const closed = typeof v.closesInDays === 'number' && v.closesInDays < 0;
    const hasResults = isEntry(v.fr) && 'results' in v.fr;
    if (closed && !hasResults && !v.draft) warnings.push(`${where('consultations', index, v)}: closed consultation without results`);
  }
  // Coverage: every neighbourhood and topic page should have something on it.
  for (const key of ['neighbourhoods', 'topics'] as const) {
    if (!files[key]) continue;
    const used = new Set(
      itemCollections.flatMap((name) => entries(files[name]).flatMap(({ v }) => (!isDraft(v) && Array.isArray(v[key]) ? (v[key] as unknown[]) : []))),
    );
    const unused = entries(files[key]).flatMap(({ v }) => (isDraft(v) ? [] : (slugOf(v) ?? []))).filter((s) => !used.has(s));
    if (unused.length) warnings.push(`no published item refers to ${key}: ${unused.join(', ')}`);
  }
  return warnings;
}

/** The whole demo data set: every file, every entry, and the rules across them. */
export const demoDataSchema = z
  .object(
    Object.fromEntries(demoCollections.map((name) => [name, z.array(demoItemSchemas[name])])) as {
      [C in DemoCollection]: z.ZodArray<(typeof demoItemSchemas)[C]>;
    },
  )
  .strict()
  .superRefine((files, ctx) => {
    for (const problem of crossFileProblems(files)) {
      const entry = problem.index === undefined ? [] : [problem.index];
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem.file, ...entry, ...problem.path], message: problem.message });
    }
  });

export type DemoData = { [C in DemoCollection]: Array<DemoItem<C>> };
