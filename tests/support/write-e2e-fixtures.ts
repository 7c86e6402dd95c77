/**
 * Writes the browser journeys' named items (e2e-fixtures.ts) as demo-data JSON files into a folder,
 * for the e2e CMS to seed after the demo data (SEED_FIXTURES_DIR). Run by scripts/test.sh:
 *
 *   pnpm --filter @passerelle/tests exec tsx support/write-e2e-fixtures.ts <dir>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toDemoData } from '@passerelle/shared/testing';
import { e2eFixtures } from './e2e-fixtures.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: write-e2e-fixtures.ts <dir>');
mkdirSync(dir, { recursive: true });
const data = toDemoData(Object.values(e2eFixtures));
for (const [collection, entries] of Object.entries(data)) {
  writeFileSync(path.join(dir, `${collection}.json`), `${JSON.stringify(entries, null, 2)}\n`);
}
console.log(`e2e fixtures: ${Object.keys(e2eFixtures).length} items in ${dir}`);
