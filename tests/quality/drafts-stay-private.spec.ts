import { expect, test } from '@playwright/test';
import { collectionNames } from '@passerelle/shared';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtFiles, urlPathOf } from '../support/site.ts';

/**
 * The demo data holds at least one unpublished draft of each type. None of them may reach the
 * public build: no page, no list entry, no map point, no sitemap line — checked by slug and by title.
 */
const dataDir = fileURLToPath(new URL('../../cms/data/', import.meta.url));
type Texts = { title?: string; name?: string };
type DemoEntry = { slug: string; draft?: boolean; name?: string; fr: Texts; en: Texts };
// Every public type of the registry: one file of demo data each (cms/data/<collection>.json).
const types: string[] = [...collectionNames];
const drafts = types.flatMap((type) =>
  (JSON.parse(readFileSync(`${dataDir}${type}.json`, 'utf8')) as DemoEntry[])
    .filter((entry) => entry.draft)
    .map((entry) => ({
      type,
      slug: entry.slug,
      titles: [entry.name, entry.fr.title, entry.en.title, entry.fr.name, entry.en.name].filter((t): t is string => !!t),
    })),
);

test('every type has a draft in the demo data', () => {
  expect(new Set(drafts.map((d) => d.type))).toEqual(new Set(types));
});

test('no draft reaches any built page, map points file or sitemap', () => {
  const files = [...builtFiles('.html'), ...builtFiles('.json'), ...builtFiles('.xml'), ...builtFiles('.ics')];
  expect(files.length).toBeGreaterThan(50);
  const leaks: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const draft of drafts) {
      const variants = draft.titles.flatMap((t) => [t, t.replace(/'/g, '&#39;'), JSON.stringify(t).slice(1, -1)]);
      if (text.includes(`/${draft.slug}/`) || variants.some((t) => text.includes(t))) {
        leaks.push(`${draft.slug} in ${urlPathOf(file)}`);
      }
    }
  }
  expect(leaks).toEqual([]);
});
