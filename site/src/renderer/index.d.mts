import type { CollectionName, Locale } from '@passerelle/shared';

export interface RenderedPage {
  /** The page's public path, e.g. `/evenements/<slug>/`. */
  path: string;
  html: string;
  /** Image files (under the static build's media cache) this page refers to. */
  media: string[];
}

export interface Renderer {
  /** One entry, from the raw GraphQL node `collectionQuery` returns, normalised like the loader does. */
  renderEntry(input: { collection: CollectionName; locale: Locale; node: unknown; mode: 'preview' | 'published' }): Promise<RenderedPage>;
  /** One document fetched from the CMS first (the preview: `status: 'draft'` with a token that may read drafts). */
  renderDocument(input: {
    collection: CollectionName;
    locale: Locale;
    documentId: string;
    status: 'draft' | 'published';
    cmsUrl: string;
    token?: string;
    mode: 'preview' | 'published';
  }): Promise<RenderedPage>;
}

export declare class RenderError extends Error {
  code: 'bad-request' | 'not-found' | 'invalid' | 'cms-unreachable' | 'cms-error' | 'render-failed';
  status: number;
}

export interface RendererOptions {
  /** The content store to render with (default: the static build's, site/node_modules/.astro/data-store.json). */
  dataStoreFile?: string;
  /** The render build's server entry (default: site/.render/server/entry.mjs). */
  entryFile?: string;
  /** Where pages encode their images (default: the static build's media cache). */
  mediaCacheDir?: string;
}

export declare const DEFAULT_ENTRY: string;
export declare const DEFAULT_DATA_STORE: string;
export declare const DEFAULT_MEDIA_CACHE: string;
export declare function loadRenderer(options?: RendererOptions): Promise<Renderer>;
