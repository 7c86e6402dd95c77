import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { demoItemSchemas, type DemoCollection } from './collections.ts';
import {
  crossFileProblems,
  demoCollections,
  demoDataWarnings,
  describeProblem,
  draftCount,
  slugOf,
  MIN_PUBLISHED,
  publishedItems,
  taxonomyCollections,
  type DemoProblem,
  type LooseDemoFiles,
} from './dataset.ts';

/** What reading one `<collection>.json` gave. */
export type DemoFile = { state: 'missing' } | { state: 'unreadable'; reason: string } | { state: 'read'; data: unknown };

export function readDemoDataDir(dir: string): Record<DemoCollection, DemoFile> {
  return Object.fromEntries(
    demoCollections.map((name): [DemoCollection, DemoFile] => {
      const path = join(dir, `${name}.json`);
      if (!existsSync(path)) return [name, { state: 'missing' }];
      try {
        return [name, { state: 'read', data: JSON.parse(readFileSync(path, 'utf8')) as unknown }];
      } catch (error) {
        return [name, { state: 'unreadable', reason: error instanceof Error ? error.message : String(error) }];
      }
    }),
  ) as Record<DemoCollection, DemoFile>;
}

/** zod's wording, made to read like the rest of the report ("missing", "unknown key"). */
const demoErrorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') return { message: 'missing' };
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    return { message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  if (issue.code === z.ZodIssueCode.invalid_enum_value) return { message: `"${String(issue.received)}" is not one of ${issue.options.join('|')}` };
  if (issue.code === z.ZodIssueCode.too_big && issue.type === 'string') return { message: `longer than ${issue.maximum} characters` };
  if (issue.code === z.ZodIssueCode.too_big && issue.type === 'number') return { message: `must be ${issue.maximum} or less` };
  if (issue.code === z.ZodIssueCode.too_small && issue.type === 'number') return { message: `must be ${issue.minimum} or more` };
  if (issue.code === z.ZodIssueCode.invalid_union) return { message: 'is not a GeoJSON Polygon or MultiPolygon' };
  return { message: ctx.defaultError };
};

export interface DemoDataReport {
  summary: string[];
  warnings: string[];
  problems: string[];
}

/** Every problem in the files at once: each entry against its schema, then the cross-file rules. */
export function checkDemoData(read: Record<DemoCollection, DemoFile>): DemoDataReport {
  const problems: DemoProblem[] = [];
  const summary: string[] = [];
  const files: LooseDemoFiles = {};
  const unreadable = new Set<DemoCollection>();

  for (const name of demoCollections) {
    const file = read[name];
    if (file.state === 'missing') {
      if ((taxonomyCollections as readonly string[]).includes(name)) {
        problems.push({ file: name, path: [], message: 'missing (every item refers to it)' });
      }
      summary.push(`${name}.json: missing, skipped`);
      continue;
    }
    if (file.state === 'unreadable') {
      problems.push({ file: name, path: [], message: `not valid JSON (${file.reason})` });
      unreadable.add(name);
      files[name] = [];
    } else if (!Array.isArray(file.data)) {
      problems.push({ file: name, path: [], message: 'must be a JSON array' });
      files[name] = [];
    } else {
      files[name] = file.data;
    }
    const list = files[name];
    list.forEach((item, index) => {
      const result = demoItemSchemas[name].safeParse(item, { errorMap: demoErrorMap });
      for (const { path, message } of result.error?.issues ?? []) problems.push({ file: name, index, slug: slugOf(item), path, message });
    });
    summary.push(`${name}.json: ${list.length} entries (${list.length - draftCount(list)} published, ${draftCount(list)} draft)`);
  }
  problems.push(...crossFileProblems(files, { unreadable }));
  summary.push(`published items (events+calls+consultations+petitions): ${publishedItems(files)} (need ≥ ${MIN_PUBLISHED.items})`);
  return { summary, warnings: demoDataWarnings(files), problems: problems.map(describeProblem) };
}

/** The checker's command line: prints the report for `dir` and returns the exit status. */
export function runDemoDataCheck(dir: string, log: (line: string) => void = console.log): number {
  const report = checkDemoData(readDemoDataDir(dir));
  log(`Demo data in ${dir}`);
  for (const line of report.summary) log(`  ${line}`);
  for (const warning of report.warnings) log(`warning: ${warning}`);
  if (report.problems.length === 0) {
    log('OK: no problems.');
    return 0;
  }
  for (const problem of report.problems) log(`problem: ${problem}`);
  log(`${report.problems.length} problem(s).`);
  return 1;
}
