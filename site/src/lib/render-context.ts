import { AsyncLocalStorage } from 'node:async_hooks';
import type { CollectionName, Locale } from '@passerelle/shared';
import type { NormalisedEntry } from '../loader/normalise.ts';

/**
 * What one on-demand render (the preview, or one page put live at once) changes for that request
 * only: one entry of the store replaced or added, the page's own path, and whether it is a preview.
 * The static build never sets it, so every function reading it returns the build's own answer there.
 */
export interface RenderOverride {
  collection: CollectionName;
  locale: Locale;
  entry: NormalisedEntry['data'];
  /** The page's public path; Base uses it for the canonical link and the current navigation item. */
  pathname: string;
  mode: 'preview' | 'published';
}

const storage = new AsyncLocalStorage<RenderOverride>();

export function withRenderOverride<T>(override: RenderOverride, render: () => T): T {
  return storage.run(override, render);
}

export function renderOverride(): RenderOverride | undefined {
  return storage.getStore();
}

/** The path a page is served at: the request's own, unless an on-demand render says otherwise. */
export function pagePath(url: URL): string {
  return storage.getStore()?.pathname ?? url.pathname;
}
