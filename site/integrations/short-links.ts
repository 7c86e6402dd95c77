import { shortLinkFiles, shortLinkTargets } from '../src/lib/short-link-files.ts';
import type { Store } from './content-store.ts';
import type { FilesOfOneKind } from './write-files.ts';

/** The short links' files (src/lib/short-link-files.ts) from the content store; written by integrations/files-after-render.ts. */
export function shortLinks(store: Store, site: string): FilesOfOneKind {
  const targets = shortLinkTargets(store as Parameters<typeof shortLinkTargets>[0]);
  return { files: shortLinkFiles(targets, site), written: `${targets.length} short links written` };
}
