#!/usr/bin/env bash
# `npm run lint`: ESLint over the whole workspace, type-aware (eslint.config.mjs). Type-aware rules
# need the types tsc would see, so first make the files they come from: shared's build (the CMS
# requires it) and the site's `astro:content` types. The latter with the renderer's config, whose loaders
# fetch nothing: linting needs no CMS. Extra arguments go to eslint (`npm run lint -- --cache`).
set -euo pipefail
cd "$(dirname "$0")/.."

node shared/scripts/build.mjs --if-stale
(cd site && npx astro sync --config src/renderer/astro.config.mjs >/dev/null)
# A disable comment that names no rule silences every rule after it, the one that asks for a
# reason too: refuse those that give no reason either (ESLint cannot report what it silences).
if git grep --untracked -nE 'eslint-disable(-next-line|-line)?[[:space:]]*(\*/|-->|$)' -- \
  '*.ts' '*.tsx' '*.js' '*.mjs' '*.cjs' '*.astro' ':!scripts/lint.sh'; then
  echo 'lint: an eslint-disable comment above names no rule and gives no reason (`-- <reason>`)' >&2
  exit 1
fi
exec npx eslint "$@" .
