#!/usr/bin/env bash
# Publish→live benchmark (`npm run bench:publish`): for each size (default 2,000 and 10,000
# generated items; BENCH_SIZES="2000" for one), seed a fresh CMS, start the publisher and the static
# server as `npm start` does, publish 10 events one after another through the admin API and time
# each until its page is served, then until the full build that follows is live. Prints a table:
# p50/p95 of both, the express lane's split, and the full build's split (fetch, render, index, swap).
# Targets: p50 ≤ 15 s at 2,000 items, ≤ 45 s at 10,000, on 2 cores. Not a test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

SIZES=${BENCH_SIZES:-"2000 10000"}
PUBLISHES=${BENCH_PUBLISHES:-10}
CMS_PORT=${BENCH_CMS_PORT:-13390}
SITE_PORT=${BENCH_SITE_PORT:-14390}
PUBLISHER_PORT=${BENCH_PUBLISHER_PORT:-14391}
DEBOUNCE_MS=${PUBLISHER_DEBOUNCE_MS:-3000}
WORK="$(mktemp -d /tmp/passerelle-bench-publish.XXXXXX)"
export ADMIN_EMAIL=bench@passerelle.local ADMIN_PASSWORD='Bench-publish-2026!'
export PUBLISHER_SECRET
PUBLISHER_SECRET=$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')
pids=()
cleanup() { for pid in "${pids[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done; }
trap cleanup EXIT

# Production mode refuses short or default secrets: fresh random ones for this run.
random_secret() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }
cms_secrets=(APP_KEYS="$(random_secret),$(random_secret)")
for name in ADMIN_JWT_SECRET API_TOKEN_SALT TRANSFER_TOKEN_SALT JWT_SECRET ENCRYPTION_KEY PARTICIPATION_SECRET ALTCHA_HMAC_KEY; do
  cms_secrets+=("$name=$(random_secret)")
done

if [ "${BENCH_SKIP_INSTALL:-}" != "1" ]; then install_workspace; fi
# The express lane needs the site's on-demand renderer (it bakes in the site URL).
if [ "${PUBLISHER_EXPRESS:-true}" = "true" ]; then
  log "Building the site renderer for the express lane"
  (cd site && PUBLIC_SITE_URL="http://127.0.0.1:$SITE_PORT" pnpm run build:render 2>&1 | grep -v 'getStaticPaths() ignored' | tail -n 3)
fi
results=()
for size in $SIZES; do
  log "Publish benchmark with $size items (logs in $WORK)"
  data="$WORK/data-$size"
  pnpm --filter @passerelle/tests exec tsx bench/generate-data.ts "$size" "$data"

  (cd cms && exec env NODE_ENV=test "${cms_secrets[@]}" \
    SEED_DEMO_DATA=true SEED_DATA_DIR="$data" DATABASE_SQLITE_SYNCHRONOUS=NORMAL \
    DATABASE_FILENAME="$WORK/cms-$size.db" PUBLISHER_URL="http://127.0.0.1:$PUBLISHER_PORT/webhooks/strapi" \
    HOST=127.0.0.1 PORT="$CMS_PORT" node scripts/serve.js >"$WORK/cms-$size.log" 2>&1) &
  cms_pid=$!
  pids+=($cms_pid)
  wait_for_url "http://127.0.0.1:$CMS_PORT/_health" 3600

  # A cold content-layer cache for the first build, as on a fresh machine; later builds reuse it.
  rm -rf site/node_modules/.astro
  builds="$WORK/builds-$size"
  (cd publisher && CMS_URL="http://127.0.0.1:$CMS_PORT" PUBLIC_SITE_URL="http://127.0.0.1:$SITE_PORT" PUBLISHER_PORT="$PUBLISHER_PORT" \
    PUBLISHER_BUILDS_DIR="$builds" PUBLISHER_BUILD_ON_START=true PUBLISHER_DEBOUNCE_MS="$DEBOUNCE_MS" \
    exec node --import tsx src/cli.ts serve >"$WORK/publisher-$size.log" 2>&1) &
  publisher_pid=$!
  pids+=($publisher_pid)
  (SITE_DIR="$builds/current" SITE_PORT="$SITE_PORT" exec node site/server/serve.mjs >"$WORK/site-$size.log" 2>&1) &
  site_pid=$!
  pids+=($site_pid)
  wait_for_url "http://127.0.0.1:$SITE_PORT/" 1800 # 503 until the first build is live

  node tests/bench/measure-publish.mjs "http://127.0.0.1:$CMS_PORT" "http://127.0.0.1:$SITE_PORT" \
    "http://127.0.0.1:$PUBLISHER_PORT" "$PUBLISHES" >"$WORK/publish-$size.json"
  for pid in "$site_pid" "$publisher_pid" "$cms_pid"; do stop_pid "$pid"; done
  results+=("$size|$WORK/publish-$size.json")
done

node - "$DEBOUNCE_MS" "${results[@]}" <<'NODE'
const { readFileSync } = require('node:fs');
const [debounceMs, ...lines] = process.argv.slice(2);
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const s = (ms) => (ms / 1000).toFixed(1);
const line = (cells) => console.log('| ' + cells.join(' | ') + ' |');
console.log(`\n### Publish → live (admin Publish answered → served), debounce ${s(Number(debounceMs))} s, 2 cores`);
line(['items', 'pages', 'publishes', 'page live p50 (s)', 'p95 (s)', 'express lane (runs)', 'express render / copy+swap (s)', 'whole site p50 (s)', 'p95 (s)', 'fetch (s)', 'render (s)', 'index (s)', 'check+swap (s)']);
line(Array(13).fill('---'));
for (const entry of lines) {
  const [size, file] = entry.split('|');
  const { runs } = JSON.parse(readFileSync(file, 'utf8'));
  const lat = runs.map((r) => r.latencyMs);
  const full = runs.map((r) => r.fullMs).filter((v) => typeof v === 'number');
  const med = (key) => pct(runs.map((r) => r.timings[key] ?? 0), 50);
  const express = runs.filter((r) => r.express);
  const emed = (key) => (express.length ? pct(express.map((r) => r.express[key]), 50) : 0);
  line([
    size, runs.at(-1)?.pageCount ?? '?', runs.length, s(pct(lat, 50)), s(pct(lat, 95)),
    `${express.length}/${runs.length}`, express.length ? `${s(emed('renderMs'))} / ${s(emed('copyMs') + emed('swapMs'))}` : '—',
    full.length ? s(pct(full, 50)) : '?', full.length ? s(pct(full, 95)) : '?',
    s(med('fetchMs')), s(med('renderMs')), s(med('indexMs')), s(med('checkMs') + med('swapMs')),
  ]);
}
console.log('\nSplit columns are medians. "page live": the published event\'s page is served (express lane when it');
console.log('could help). "whole site": the full build that follows (lists, search, map) is live.');
console.log('Targets: p50 ≤ 15 s at 2,000 items, ≤ 45 s at 10,000.');
NODE
