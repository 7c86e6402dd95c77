#!/usr/bin/env node
/**
 * Writes docs/configuration.md from the configuration schemas: each variable's meaning is its
 * zod `.describe()`, its default the schema's own. `node scripts/configuration-doc.mjs` writes the
 * file; `--check` only says whether it is up to date. tests/unit/configuration-doc.unit.test.ts
 * fails when the committed page differs from what this writes.
 *
 * The schemas are TypeScript: run as a command, this loads tsx (the publisher's, as the root
 * package.json's scripts do) before importing them; under Vitest they are imported as they are.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const docPath = path.join(repoRoot, 'docs', 'configuration.md');

/** Read by shell scripts and test tooling, not by a schema: listed here. */
const scriptVariables = [
  ['SITE_PORT', '`npm start`', '`4321`', 'Port of the static site (passed to the site server).'],
  ['CMS_PORT', '`npm start`', '`1337`', 'Port of the CMS (passed to it as `PORT`).'],
  [
    'SKIP_ADMIN_BUILD',
    '`npm start`, `npm test`',
    '—',
    '`1` skips building the admin panel (`cms/dist/build`); it is also skipped when no CMS source changed since the last build.',
  ],
  ['SERVE_ADMIN', '`cms/scripts/serve.js`', '`false`', 'Also serve `/admin` (after `pnpm --filter @passerelle/cms build`).'],
  ['TEST_CMS_PORT', '`npm test`', '`13370`', 'Port of the test CMS.'],
  ['TEST_SITE_PORT', '`npm test`', '`14321`', 'Port of the test site server.'],
  ['TEST_PG_PORT', '`npm test`', '`25432`', 'Port of the test PostgreSQL.'],
  ['TEST_STACK_PG_PORT', '`npm test`', '`25510`', 'Port of the PostgreSQL of the stack tests (`tests/stack`).'],
  ['STACK_PORT', '`npm run start:stack`', '`8080`', 'Port nginx listens on (the site, the forms, the admin).'],
  ['STACK_CMS_PORT', '`npm run start:stack`', '`1337`', 'Port of the first CMS instance; the second uses the next one.'],
  ['STACK_PG_PORT', '`npm run start:stack`', '`25433`', 'Port of its PostgreSQL (a fresh cluster in `.stack/pg` each run).'],
  ['CHROMIUM_PATH', 'tests, bench', '`/usr/bin/chromium`', 'Browser used by Playwright.'],
  ['BENCH_SIZES', '`npm run bench`', '`2000 10000`', 'Item counts to benchmark.'],
];

const intro = `# Configuration

Every variable is optional in development; production (any \`NODE_ENV\` but \`development\` or \`test\`)
refuses to start the CMS without its secrets, or with short, placeholder or committed default ones,
and without its message transports (\`SMTP_HOST\`, \`SMS_PROVIDER\`). \`cms/.env.example\` lists the CMS
ones. What to set for a real deployment: [deploy](deploy.md#production-settings).

Each room reads its environment once, through one zod schema, and this page is generated from those
schemas by \`node scripts/configuration-doc.mjs\` (a unit test fails when it is out of date): to
change a variable, change its schema — its \`.describe()\` is its meaning here — and run the script.
A variable read by several rooms has a row in each, saying what that room does with it.
`;

/** The rooms, in the order of the page. */
async function rooms() {
  // The CMS's modules are CommonJS: their exports may arrive as the default export only.
  const load = async (specifier) => {
    const module = await import(specifier);
    return { ...(module.default ?? {}), ...module };
  };
  const { cmsSchemas } = await load('../cms/src/config/schema.ts');
  const { siteBuildSchema } = await load('../site/src/config.ts');
  const { siteServerSchema } = await load('../site/server/config.mjs');
  const { envSchema: publisherSchema } = await load('../publisher/src/config.ts');
  return [
    {
      title: 'CMS',
      source: 'cms/src/config/schema.ts',
      about: 'Read once per boot by `cmsConfig()` (`cms/src/config/index.ts`); Strapi\'s own config files (`cms/config/`) parse the same schemas.',
      groups: [
        ['Run and first boot', cmsSchemas.runtime],
        ['Server, Strapi secrets and database', cmsSchemas.strapi],
        ['Forms (the write path)', cmsSchemas.participation],
        ['Messages', cmsSchemas.messages],
        ['Draft preview', cmsSchemas.preview],
        ['Publishing', cmsSchemas.publishing],
        ['Review', cmsSchemas.editorial],
        ['Balado (podcast audio)', cmsSchemas.podcast],
        [
          'Retention',
          cmsSchemas.retention,
          'Applied by the nightly job and served at `/passerelle/confidentialite.json`, where the site\'s build reads them for the privacy page: set them on the CMS only.',
        ],
        ['Operations: health, metrics, logs', cmsSchemas.operations, 'What each endpoint, metric and log line holds: [operations](operations.md).'],
      ],
    },
    {
      title: 'Site build',
      source: 'site/src/config.ts',
      about: 'Read once per build by `siteBuildConfig()`; the map\'s `PUBLIC_TILE_*` go through Astro\'s `astro:env` (`site/astro.config.mjs`).',
      groups: [[null, siteBuildSchema]],
    },
    {
      title: 'Site server',
      source: 'site/server/config.mjs',
      about: 'Parsed once by `site/server/serve.mjs` when it starts, and passed to `createSiteServer(config)`.',
      groups: [[null, siteServerSchema]],
    },
    {
      title: 'Publisher',
      source: 'publisher/src/config.ts',
      about: 'Parsed once by `loadConfig()`. Its whole environment is passed on to every build, so the site build\'s variables set here reach it.',
      groups: [[null, publisherSchema]],
    },
  ];
}

/** The schema's default, looking through optional, preprocess, transform and pipe wrappers. */
function defaultOf(schema) {
  for (let current = schema; current; ) {
    const def = current._def;
    switch (def.typeName) {
      case 'ZodDefault':
        return { value: def.defaultValue() };
      case 'ZodEffects':
        current = def.schema;
        break;
      case 'ZodOptional':
      case 'ZodNullable':
        current = def.innerType;
        break;
      case 'ZodPipeline':
        current = def.in;
        break;
      default:
        return null;
    }
  }
  return null;
}

function formatDefault(found) {
  if (!found || found.value === '' || found.value === undefined) return '—';
  let value = String(found.value);
  // Paths under the repository are shown relative to it, the same on every machine.
  if (value.startsWith(repoRoot + path.sep)) value = `${path.relative(repoRoot, value)}/`;
  return `\`${value}\``;
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows) {
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

function rowsOf(schema, where) {
  return Object.entries(schema.shape).map(([name, field]) => {
    if (!field.description) throw new Error(`${where}: ${name} has no .describe(): every variable says what it does`);
    return [`\`${name}\``, formatDefault(defaultOf(field)), field.description];
  });
}

/** The whole page, from the schemas as they are now. */
export async function configurationDoc() {
  const parts = [intro.trimEnd()];
  for (const room of await rooms()) {
    parts.push(`## ${room.title}\n\nSchema: \`${room.source}\`. ${room.about}`);
    for (const [heading, schema, note] of room.groups) {
      const body = table(rowsOf(schema, room.source));
      parts.push(heading ? `### ${heading}\n\n${note ? `${note}\n\n` : ''}${body}` : body);
    }
  }
  parts.push(
    `## Scripts and tests\n\nRead by the shell scripts in \`scripts/\` and the test tooling (listed in \`scripts/configuration-doc.mjs\`).\n\n` +
      ['| Variable | Used by | Default | Meaning |', '| --- | --- | --- | --- |', ...scriptVariables.map((row) => `| \`${row[0]}\` | ${row.slice(1).map(cell).join(' | ')} |`)].join('\n'),
  );
  return `${parts.join('\n\n')}\n`;
}

async function main() {
  // The schemas are TypeScript; tsx is the publisher's dev dependency (see the root package.json).
  const tsxDir = path.dirname(createRequire(path.join(repoRoot, 'publisher', 'package.json')).resolve('tsx/package.json'));
  // What `node --import tsx` loads: TypeScript for ES modules and CommonJS (the CMS) alike.
  await import(pathToFileURL(path.join(tsxDir, 'dist', 'loader.mjs')).href);
  const generated = await configurationDoc();
  if (process.argv.includes('--check')) {
    const current = readFileSync(docPath, 'utf8');
    if (current !== generated) {
      console.error('docs/configuration.md is out of date: run node scripts/configuration-doc.mjs');
      process.exit(1);
    }
    console.log('docs/configuration.md is up to date');
    return;
  }
  writeFileSync(docPath, generated);
  console.log(`wrote ${path.relative(repoRoot, docPath)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
