// @ts-check
import { fileURLToPath } from 'node:url';

/** Astro's own id for the virtual module that holds the content layer's data store. */
const RESOLVED_DATA_STORE_ID = '\0astro:data-layer-content';

/**
 * Astro 5 turns the whole content-layer data store (16 MB of JSON at 10,000 items) into one giant
 * JavaScript object literal that Vite/Rollup parse and bundle into the prerender chunk: that parse is
 * the build's memory peak (≈ 2 GB). The bundle only ever runs here, at build time, on this machine,
 * so it can read the very same JSON file when it starts instead, which costs Rollup nothing.
 * The module's shape is unchanged: Astro's `ImmutableDataStore.fromModule()` unflattens the parsed
 * JSON exactly as it would the literal.
 *
 * With `atRunTime` (the render build, src/renderer/astro.config.mjs), the file is chosen when the server
 * bundle starts, not when it is built: `globalThis[Symbol.for('passerelle.dataStoreFile')]`, set by
 * src/renderer/index.mjs, or else the main build's store. The render build is then built once per
 * change of site code and reads whatever content the last static build fetched.
 * @param {{ atRunTime?: boolean }} [options]
 * @returns {import('astro').AstroIntegration}
 */
export function dataStoreFromFile({ atRunTime = false } = {}) {
  return {
    name: 'passerelle:data-store-from-file',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return;
        const file = fileURLToPath(new URL('data-store.json', config.cacheDir));
        const mainBuildFile = fileURLToPath(new URL('node_modules/.astro/data-store.json', config.root));
        const fileExpression = atRunTime
          ? `globalThis[Symbol.for('passerelle.dataStoreFile')] ?? ${JSON.stringify(mainBuildFile)}`
          : JSON.stringify(file);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'passerelle:data-store-from-file',
                enforce: 'pre',
                // `transform`, not `load`: Astro's own plugin answers `load` first. Replacing the code
                // here still spares Rollup the parse of the giant literal.
                transform(_code, id) {
                  if (id !== RESOLVED_DATA_STORE_ID) return null;
                  return { map: null, code: [
                    "import { existsSync, readFileSync } from 'node:fs';",
                    `const file = ${fileExpression};`,
                    "export default existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : new Map();",
                  ].join('\n') };
                },
              },
            ],
          },
        });
      },
    },
  };
}
