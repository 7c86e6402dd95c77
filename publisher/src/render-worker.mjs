// @ts-check
/**
 * A worker thread holding the site's on-demand renderer (`@passerelle/site/renderer`) for one content
 * store: the renderer binds its store when it loads, so each full build gets a fresh worker
 * (site-renderer.ts) and the old one is terminated. Messages: { id, input } → { id, page } | { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRenderer } from '@passerelle/site/renderer';

/** @type {import('@passerelle/site/renderer').RendererOptions} */
const options = workerData;
const ready = loadRenderer(options);
ready.then(
  () => parentPort?.postMessage({ ready: true }),
  (error) => parentPort?.postMessage({ ready: false, error: String(error?.message ?? error) }),
);

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- every error is caught and posted back, so the ignored promise never rejects
parentPort?.on('message', async ({ id, input }) => {
  try {
    const renderer = await ready;
    const page = await renderer.renderEntry(input);
    parentPort?.postMessage({ id, page });
  } catch (error) {
    parentPort?.postMessage({ id, error: `${error?.code ? `${error.code}: ` : ''}${error?.message ?? String(error)}` });
  }
});
