// @ts-check
/**
 * One lint config for the workspace (`npm run lint`), type-aware: each file is checked with the
 * types of the tsconfig.json nearest to it (typescript-eslint's project service), so the rules see
 * what tsc sees. A rule turned off for a part of the code says why here; a single line silenced in
 * the code says why after ` -- ` (the local rule `require-disable-reason`).
 */
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './scripts/eslint/require-disable-reason.mjs';

/** The rules that flag each use of an `any` value (typescript-eslint's recommended type-checked set). */
const unsafeAnyRules = (/** @type {'off' | 'warn' | 'error'} */ level) => ({
  '@typescript-eslint/no-unsafe-argument': level,
  '@typescript-eslint/no-unsafe-assignment': level,
  '@typescript-eslint/no-unsafe-call': level,
  '@typescript-eslint/no-unsafe-member-access': level,
  '@typescript-eslint/no-unsafe-return': level,
});

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/.astro/',
    // Copies of shared/src made by cms/scripts/sync-shared.js: linted at their source.
    'cms/.tmp/',
    'cms/build/',
    'cms/.strapi/',
    'cms/types/generated/',
    'site/.render/',
    'site/public/',
    'cms/public/',
    'builds/',
    '.run/',
    'tests/.results/',
    'tests/playwright-report/',
    'tests/test-results/',
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
    plugins: { local },
    rules: { 'local/require-disable-reason': 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // JavaScript files no tsconfig.json includes: root scripts, the benchmarks, the publisher's
          // worker, and the site's .mjs modules that have a .d.mts beside them (TypeScript then reads
          // the declaration instead of the file). Each is typed on its own, with Node's types.
          allowDefaultProject: [
            'eslint.config.mjs',
            'scripts/*.mjs',
            'scripts/*.d.mts',
            'scripts/eslint/*.mjs',
            'scripts/eslint/*.d.mts',
            'publisher/src/*.mjs',
            'site/server/*.mjs',
            'site/src/renderer/index.mjs',
            'site/src/renderer/path.mjs',
            // The offline service worker: plain JavaScript the build copies into /sw.js as it is.
            'site/src/offline/service-worker.js',
            'scripts/codemods/*.mjs',
            'shared/scripts/*.mjs',
            'tests/bench/*.mjs',
            'deploy/*.mjs',
            'deploy/*.d.mts',
            'deploy/nginx/*.mjs',
            'deploy/nginx/*.d.mts',
          ],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 40,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // Everything here runs on Node (servers, scripts, tests, the build); browser globals are added
    // below for the code that ships to the browser.
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Promise-returning interfaces (Strapi's email provider, Apollo plugin hooks, the fakes tests
      // hand to the code) are implemented as `async` functions on purpose, even without `await`: a
      // throw then becomes a rejection, which is what their callers handle. Dropping `async` to
      // please this rule would change that behaviour.
      '@typescript-eslint/require-await': 'off',
      // An argument or destructured field named `_…` is kept on purpose (a handler's signature, a
      // field picked out of an object so the rest can be passed on).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The CMS's plain scripts are CommonJS run by Node as they are (`require`, `module.exports`).
    files: ['cms/scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain JavaScript has no annotations and tsc does not check it (no checkJs): every parameter and
    // parsed value is `any`, so these rules would flag each use. The other type-aware rules (floating
    // or misused promises, awaiting non-promises…) still apply to these files.
    files: ['**/*.{js,mjs,cjs}'],
    rules: unsafeAnyRules('off'),
  },
  {
    // The CMS's server code works on Strapi's query engine and document service, whose rows are
    // `any` without generated content-type types (not committed; see `strapi ts:generate-types`).
    // Values are checked where they enter (zod at the HTTP edge, the content schemas), not at each
    // row access. Each explicit `any` stays a counted warning: a place to type when those types land.
    files: ['cms/src/**/*.ts', 'cms/config/**/*.ts'],
    ignores: ['cms/src/admin/**'],
    rules: {
      ...unsafeAnyRules('off'),
      '@typescript-eslint/no-explicit-any': 'warn',
      // cms/tsconfig.json lacks noUncheckedIndexedAccess, but tests/ and cms/src/admin/ compile some
      // of these files again with it: a `!` this rule calls unnecessary here is needed there.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Tests read JSON bodies (`res.json()`, `JSON.parse`: `any`) and drive an in-process Strapi
    // loaded with createRequire (`any`); a value of the wrong shape fails the test's assertion, which
    // is the check these rules would add. Explicit `any` stays a counted warning.
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { ...unsafeAnyRules('off'), '@typescript-eslint/no-explicit-any': 'warn' },
  },
  {
    // React hooks of react-intl and Strapi's admin (`useIntl().formatMessage`, `useFetchClient().get`)
    // return functions bound to their object but typed as methods; destructuring them is their
    // documented use.
    files: ['cms/src/admin/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  // .astro files: the plugin's parser hands the frontmatter and scripts to typescript-eslint, typed
  // by site/tsconfig.json like the rest of the site.
  astro.configs['flat/recommended'],
  {
    files: ['**/*.astro'],
    // In .astro files typescript-eslint sees the parser's virtual TSX, where `Astro.props` and the
    // values passed between components resolve to error types (`any`): the unsafe-any rules would
    // flag every prop, and an assertion on such a value looks unnecessary. `astro check` (run by
    // `npm test`) type-checks these files with the real types.
    rules: { ...unsafeAnyRules('off'), '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
    languageOptions: {
      globals: { ...globals.browser },
      // astro-eslint-parser cannot use the project service: it is given the site's tsconfig directly.
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.astro'],
        projectService: false,
        project: './site/tsconfig.json',
      },
    },
  },
  {
    files: ['site/src/**/*.{ts,mjs,js}', 'cms/src/admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Runs in a service worker (`self`, `caches`, `clients`), not in a page.
    files: ['site/src/offline/service-worker.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
);
