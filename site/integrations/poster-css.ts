import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * A poster's CSS as Astro inlines it into a page: the poster's stylesheet, then the site's, each
 * minified by Vite's CSS minifier (esbuild, Vite's default CSS targets) and ending with a newline.
 * The esbuild is the one Astro's own Vite runs, found through Astro's dependencies, so the bytes are
 * those of the pages Astro renders (`tests/quality/posters.spec.ts` compares them).
 */
const cssTarget = ['chrome87', 'edge88', 'firefox78', 'safari14'];

/** The part of esbuild's API used here (esbuild is Vite's dependency, not the site's: no types of its own here). */
interface Esbuild {
  transform(input: string, options: { loader: 'css'; minify: true; target: string[]; charset: 'utf8' }): Promise<{ code: string }>;
}

export async function posterCss(): Promise<string> {
  // Node's own require, not an import: at `astro:build:done` the Vite runner that loaded this
  // module (with Astro's config) is closed and can load nothing more.
  const fromAstro = createRequire(createRequire(import.meta.url).resolve('astro/package.json'));
  const esbuild = createRequire(fromAstro.resolve('vite'))('esbuild') as Esbuild;
  const minified = async (file: string) => {
    const css = await readFile(new URL(file, import.meta.url), 'utf8');
    return (await esbuild.transform(css, { loader: 'css', minify: true, target: cssTarget, charset: 'utf8' })).code;
  };
  return (await minified('../src/styles/poster.css')) + (await minified('../src/styles/global.css'));
}
