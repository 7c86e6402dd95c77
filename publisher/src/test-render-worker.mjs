// @ts-check
/**
 * Stands in for render-worker.mjs in site-renderer.unit.test.ts: same messages, but a "render"
 * answers after `input.delayMs` with the content of the store file the worker was started on, so a
 * test can tell which worker (old or new store) rendered a page, and keep a render in flight.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const store = readFileSync(workerData.dataStoreFile, 'utf8');
parentPort?.postMessage({ ready: true });
parentPort?.on('message', ({ id, input }) => {
  setTimeout(() => parentPort?.postMessage({ id, page: { path: input.path, html: store, media: [] } }), input.delayMs ?? 0);
});
