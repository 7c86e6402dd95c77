import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Tests read @passerelle/shared's TypeScript sources, so no build is needed between an edit and a
 * test run. Aliases, not the package's `passerelle-source` export condition: Vitest hands its
 * conditions to Node as `--conditions`, and the in-process Strapi would then `require` the sources.
 */
const sharedSrc = fileURLToPath(new URL('../shared/src/', import.meta.url));
const sharedSources = [
  { find: /^@passerelle\/shared$/, replacement: `${sharedSrc}index.ts` },
  { find: /^@passerelle\/shared\/(content|demo-data|participation|privacy|testing|ui)$/, replacement: `${sharedSrc}$1/index.ts` },
  { find: /^@passerelle\/shared\/(.+)$/, replacement: `${sharedSrc}$1.ts` },
];

/**
 * Two Vitest projects, named by environment (govuk-frontend style):
 * - unit: pure code next to what it tests (`*.unit.test.ts` in shared/ and site/);
 * - integration: Strapi booted in-process on a temporary database (`tests/integration`);
 * - publishing: the publisher's real pipeline against an in-process Strapi (`tests/publishing`);
 * - security: attacks on every route, role and private field (`tests/security`, docs/security.md),
 *   in-process Strapi and the real site server, once (SQLite).
 * - stack: the production stack on one machine as real processes (PostgreSQL, two CMS instances,
 *   nginx; `tests/stack`, support/stack.ts): faults and what residents get through nginx.
 * - resilience: outages — a provider down, PostgreSQL restarted, two CMS instances on one database
 *   (`tests/resilience`): each file starts its own PostgreSQL cluster (TEST_RESILIENCE_PG_PORT) and
 *   real CMS processes on it.
 * Browser journeys, accessibility and HTML validity run under Playwright (`tests/e2e`).
 */
export default defineConfig({
  resolve: { alias: sharedSources },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '..',
          include: [
            'shared/src/**/*.unit.test.ts',
            'site/src/**/*.unit.test.ts',
            'publisher/src/**/*.unit.test.ts',
            'tests/unit/**/*.unit.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root: '.',
          include: ['integration/**/*.integration.test.ts'],
          environment: 'node',
          // One Strapi per file, files one after another: two cores, and SQLite/PG state per suite.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'security',
          root: '.',
          include: ['security/**/*.security.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'publishing',
          root: '.',
          // The real publishing pipeline (Strapi → webhook → Astro build → swap → static server).
          // Its own project so it runs once, not once per database like `integration`.
          include: ['publishing/**/*.publishing.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'stack',
          root: '.',
          // One stack (PostgreSQL, two CMS processes, nginx) per file, files one after another.
          include: ['stack/**/*.stack.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'resilience',
          root: '.',
          include: ['resilience/**/*.resilience.test.ts'],
          environment: 'node',
          // Real CMS processes and a PostgreSQL cluster per file: one file at a time.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
