import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtFiles, urlPathOf } from '../support/site.ts';

/**
 * The demo data holds at least one unpublished draft of each type. None of them may reach the
 * public build: no page, no list entry, no map point, no sitemap line — checked by slug and by title.
 */
const dataDir = fileURLToPath(new URL('../../cms/data/', import.meta.url));
type DemoItem = { slug: string; draft?: boolean; fr: { title: string }; en: { title: string } };
const drafts = ['events', 'calls', 'consultations', 'petitions'].flatMap((type) =>
  (JSON.parse(readFileSync(`${dataDir}${type}.json`, 'utf8')) as DemoItem[]).filter((i) => i.draft).map((i) => ({ type, ...i })),
);

test('every type has a draft in the demo data', () => {
  expect(new Set(drafts.map((d) => d.type)).size).toBe(4);
});

test('no draft reaches any built page, map points file or sitemap', () => {
  const files = [...builtFiles('.html'), ...builtFiles('.json'), ...builtFiles('.xml'), ...builtFiles('.ics')];
  expect(files.length).toBeGreaterThan(50);
  const leaks: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const draft of drafts) {
      const escapedTitles = [draft.fr.title, draft.en.title].map((t) => t.replace(/'/g, '&#39;'));
      if (text.includes(`/${draft.slug}/`) || [draft.fr.title, draft.en.title, ...escapedTitles].some((t) => text.includes(t))) {
        leaks.push(`${draft.slug} in ${urlPathOf(file)}`);
      }
    }
  }
  expect(leaks).toEqual([]);
});
