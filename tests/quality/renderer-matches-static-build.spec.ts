import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectionQuery, contentTypes, locales, type CollectionName } from '@passerelle/shared';
import type { Renderer } from '../../site/render/renderer.d.mts';
import { siteDist } from '../support/site.ts';

/**
 * The on-demand renderer (site/render/, used by the draft preview and the publisher's express lane)
 * renders a published entry byte for byte like the static build, from the same raw GraphQL node
 * the build's loader fetched — for every type with a detail page, in both languages.
 *
 * One thing is normalised, because it may legitimately change between the build and this test: a
 * petition's signature count (`<span data-total>`), read from the CMS at render time, which the
 * signing journeys running beside this test increase.
 */
const cmsUrl = process.env.CMS_URL ?? 'http://127.0.0.1:1337';
const perCollection = 3;
const normalise = (html: string) => html.replace(/<span data-total>[^<]*<\/span>/g, '<span data-total>N</span>');

async function publishedNodes(collection: CollectionName, locale: string): Promise<unknown[]> {
  const response = await fetch(`${cmsUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: collectionQuery(collection), variables: { locale, page: 1, pageSize: 50 } }),
  });
  const body = (await response.json()) as { data: Record<string, unknown[]> };
  return body.data[contentTypes[collection].query] ?? [];
}

let renderer: Renderer;
test.beforeAll(async () => {
  const { loadRenderer } = await import('../../site/render/renderer.mjs');
  // scripts/test.sh copies the build's store aside: another test rewrites the one in site/ meanwhile.
  renderer = await loadRenderer(process.env.RENDER_DATA_STORE ? { dataStoreFile: process.env.RENDER_DATA_STORE } : {});
});

for (const collection of Object.keys(contentTypes) as CollectionName[]) {
  test(`${collection}: the renderer's page equals the static build's`, async () => {
    let compared = 0;
    for (const locale of locales) {
      const nodes = (await publishedNodes(collection, locale)).slice(0, perCollection);
      for (const node of nodes) {
        const page = await renderer.renderEntry({ collection, locale, node, mode: 'published' });
        const file = join(siteDist, page.path, 'index.html');
        expect(existsSync(file), `${page.path} is in the static build`).toBe(true);
        expect(normalise(page.html), page.path).toBe(normalise(readFileSync(file, 'utf8')));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
}

test('the renderer refuses an entry the site schema refuses, naming the field', async () => {
  const [node] = await publishedNodes('events', 'fr');
  await expect(renderer.renderEntry({ collection: 'events', locale: 'fr', node: { ...(node as object), place: null }, mode: 'published' })).rejects.toMatchObject({
    code: 'invalid',
    message: expect.stringContaining('place'),
  });
});

test('neither the preview nor the render pages are part of the public build', () => {
  for (const path of ['apercu', 'passerelle-render']) expect(existsSync(join(siteDist, path)), path).toBe(false);
  expect(readFileSync(join(siteDist, 'sitemap.xml'), 'utf8')).not.toMatch(/apercu|passerelle-render/);
});
