#!/usr/bin/env node
/**
 * Checks the demo data in cms/data/*.json against its schema (shared/src/demo-data/, format in
 * cms/data/README.md) before the seed ever runs: a typo in a slug or a swapped coordinate is cheaper
 * to catch here than in Strapi.
 *
 *   node cms/scripts/check-demo-data.mjs [dataDir]
 *
 * Prints every problem found and exits 1 if there is any; warnings never fail the run. The schema is
 * TypeScript; tsx loads it, so this runs before anything is compiled.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { runDemoDataCheck } = await import('../../shared/src/demo-data/check.ts');
const dataDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'data'));
process.exitCode = runDemoDataCheck(dataDir);
