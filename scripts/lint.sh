#!/usr/bin/env bash
# `npm run lint`: ESLint over the whole workspace, type-aware (eslint.config.mjs). Type-aware rules
# need the types tsc would see, so first make the generated files they come from: the CMS's copy of
# shared/ and the site's `astro:content` types. The latter with the renderer's config, whose loaders
# fetch nothing: linting needs no CMS. Extra arguments go to eslint (`npm run lint -- --cache`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f cms/scripts/sync-shared.js ]; then node cms/scripts/sync-shared.js; fi
(cd site && npx astro sync --config astro.render.config.mjs >/dev/null)
exec npx eslint "$@" .
