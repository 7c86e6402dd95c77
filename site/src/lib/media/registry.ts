import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * State shared between the page renderer (which encodes images while rendering) and the `media`
 * Astro integration (which copies the files a build used into its output directory, whatever
 * `--outDir` says). Astro renders static pages in the process that runs the integration hooks, so a
 * process-wide registry is enough; `Symbol.for` finds it across the bundle and the config.
 */
export interface MediaRegistry {
  /** Where encoded files are cached between builds. */
  cacheDir: string;
  /** File names under `cacheDir` that the pages of this build refer to. */
  used: Set<string>;
}

const KEY = Symbol.for('passerelle.media');
type WithRegistry = typeof globalThis & { [KEY]?: MediaRegistry };

export function mediaRegistry(): MediaRegistry {
  const global = globalThis as WithRegistry;
  // Without the integration (a unit test, a script), a cache beside the site's own Astro cache.
  global[KEY] ??= {
    cacheDir: path.resolve(fileURLToPath(new URL('../../../node_modules/.astro/media/', import.meta.url))),
    used: new Set(),
  };
  return global[KEY];
}

export function resetMediaRegistry(cacheDir: string): MediaRegistry {
  const global = globalThis as WithRegistry;
  global[KEY] = { cacheDir, used: new Set() };
  return global[KEY];
}

/** Public URL of a media file in the built site. */
export const mediaUrl = (name: string) => `/media/${name}`;
