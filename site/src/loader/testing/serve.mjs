// Serves the demo dataset on a fake Strapi GraphQL endpoint, to build the site without the CMS:
//   node src/loader/testing/serve.mjs 13411 &   then   CMS_URL=http://127.0.0.1:13411 npx astro build
// Node 20 cannot run TypeScript, so the TS modules are loaded through Astro's own Vite.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(createRequire(import.meta.url).resolve('astro/package.json'));
const { createServer } = await import(require.resolve('vite'));
const vite = await createServer({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  configFile: false,
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, watch: null },
  appType: 'custom',
  optimizeDeps: { noDiscovery: true, include: [] },
});
const { startFakeGraphqlServer } = await vite.ssrLoadModule('/src/loader/testing/fake-graphql-server.ts');
const { demoDataset } = await vite.ssrLoadModule('/src/loader/testing/demo-dataset.ts');
await vite.close();

const server = await startFakeGraphqlServer(demoDataset(), { port: Number(process.argv[2] ?? 0) });
console.log(`fake CMS ready: CMS_URL=${server.url}`);
