import { copyFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { episodeAudioPath, isLocale, locales, type Episode } from '@passerelle/shared';
import { siteBuildConfig } from '../src/config.ts';
import { podcastFiles } from '../src/lib/podcast-feed-files.ts';
import { readContentStore } from './content-store.ts';

/**
 * The balado in the built site: each episode's two audio files, fetched once from the CMS into
 * Astro's cache (their names carry a hash: a file never changes under its name) and copied into
 * `<outDir>/media/balado/`, so a build is self-contained as it is for images; then the feed, the
 * chapters and the transcripts (src/lib/podcast-feed-files.ts), with the enclosure lengths measured
 * on the copied files.
 */
type StoreEntry = { id: string; data: Episode };

async function cachedAudio(cacheDir: string, cmsUrl: string, url: string): Promise<string> {
  const name = episodeAudioPath(url).split('/').pop()!;
  const cached = join(cacheDir, name);
  if (existsSync(cached)) return cached;
  const response = await fetch(/^https?:\/\//.test(url) ? url : `${cmsUrl}${url}`);
  if (!response.ok) throw new Error(`balado audio ${url}: HTTP ${response.status}`);
  // Written aside then renamed: an interrupted download never passes for the file.
  const partial = `${cached}.part`;
  await writeFile(partial, Buffer.from(await response.arrayBuffer()));
  await rename(partial, cached);
  return cached;
}

export function podcastFilesIntegration(): AstroIntegration {
  let cacheDir: URL;
  let site: string;
  return {
    name: 'passerelle:podcast-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = config.cacheDir;
        site = config.site ?? 'http://127.0.0.1:4321';
      },
      'astro:build:done': async ({ dir, logger }) => {
        const config = siteBuildConfig();
        const collections = await readContentStore(cacheDir);
        const entries = [...((collections.get('episodes') ?? new Map()) as Map<string, StoreEntry>).values()];
        const out = fileURLToPath(dir);
        const audioCache = join(fileURLToPath(cacheDir), 'balado');
        await mkdir(audioCache, { recursive: true });
        await mkdir(join(out, 'media', 'balado'), { recursive: true });
        const bytes = new Map<string, number>();
        for (const { data } of entries) {
          for (const media of [data.lowDataAudio, data.standardAudio]) {
            const sitePath = episodeAudioPath(media.url);
            if (bytes.has(sitePath)) continue;
            const target = join(out, sitePath);
            await copyFile(await cachedAudio(audioCache, config.cmsUrl, media.url), target);
            bytes.set(sitePath, (await stat(target)).size);
          }
        }
        let written = 0;
        for (const locale of locales) {
          const episodes = entries
            .filter((e) => isLocale(e.id.split('/')[0]) && e.id.startsWith(`${locale}/`))
            .map((e) => e.data)
            .sort((a, b) => b.releaseDate.localeCompare(a.releaseDate));
          const files = podcastFiles(episodes, locale, site, (path, kb) => bytes.get(path) ?? Math.round(kb * 1000), config.podcastOwner);
          for (const { path, body } of files) {
            const file = join(out, path);
            await mkdir(dirname(file), { recursive: true });
            await writeFile(file, body);
            written += 1;
          }
        }
        logger.info(`${bytes.size} balado audio files copied, ${written} feed, chapter and transcript files written`);
      },
    },
  };
}
