#!/usr/bin/env bash
# Benchmark (`npm run bench`): for each size (default 2,000 and 10,000 generated items, override with
# BENCH_SIZES="500 2000"), seed a fresh CMS, build the site from it, index it, serve it, and print
# one table: build time and peak memory, Pagefind time, page weights per type, first-search and map
# bytes, and LCP on a throttled phone. Targets: build at 10,000 items ≤ 60 s and ≤ 1.5 GB
# on 2 cores; LCP ≤ 1.0 s. Not a test: it prints numbers for people to read and compare.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

SIZES=${BENCH_SIZES:-"2000 10000"}
CMS_PORT=${BENCH_CMS_PORT:-13380}
SITE_PORT=${BENCH_SITE_PORT:-14380}
WORK="$(mktemp -d /tmp/passerelle-bench.XXXXXX)"
pids=()
cleanup() { for pid in "${pids[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done; }
trap cleanup EXIT

# Production mode refuses short or default secrets: fresh random ones for this run.
random_secret() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }
cms_secrets=(APP_KEYS="$(random_secret),$(random_secret)")
for name in ADMIN_JWT_SECRET API_TOKEN_SALT TRANSFER_TOKEN_SALT JWT_SECRET ENCRYPTION_KEY PARTICIPATION_SECRET ALTCHA_HMAC_KEY; do
  cms_secrets+=("$name=$(random_secret)")
done

if [ "${BENCH_SKIP_INSTALL:-}" != "1" ]; then install_workspace; ensure_chromium; fi
results=()
for size in $SIZES; do
  log "Benchmark with $size items"
  data="$WORK/data-$size"
  pnpm --filter @passerelle/tests exec tsx bench/generate-data.ts "$size" "$data"

  started=$SECONDS
  (cd cms && exec env NODE_ENV=test "${cms_secrets[@]}" \
    SEED_DEMO_DATA=true SEED_DATA_DIR="$data" DATABASE_SQLITE_SYNCHRONOUS=NORMAL DATABASE_FILENAME="$WORK/cms-$size.db" \
    HOST=127.0.0.1 PORT="$CMS_PORT" node scripts/serve.js >"$WORK/cms-$size.log" 2>&1) &
  cms_pid=$!
  pids+=($cms_pid)
  wait_for_url "http://127.0.0.1:$CMS_PORT/_health" 3600
  seed_s=$((SECONDS - started))

  rm -rf site/dist site/.astro site/node_modules/.astro
  (cd site && CMS_URL="http://127.0.0.1:$CMS_PORT" PUBLIC_SITE_URL="http://127.0.0.1:$SITE_PORT" \
    /usr/bin/time -f '%e %M' -o "$WORK/astro-$size.time" node node_modules/astro/astro.js build >"$WORK/astro-$size.log" 2>&1)
  (cd site && /usr/bin/time -f '%e %M' -o "$WORK/pagefind-$size.time" node scripts/index-search.mjs dist >"$WORK/pagefind-$size.log" 2>&1)
  stop_pid "$cms_pid"

  (SITE_DIR="$ROOT_DIR/site/dist" SITE_PORT="$SITE_PORT" exec node site/server/serve.mjs >"$WORK/site-$size.log" 2>&1) &
  site_pid=$!
  pids+=($site_pid)
  wait_for_url "http://127.0.0.1:$SITE_PORT/" 30
  (cd tests && node bench/measure-site.mjs "$ROOT_DIR/site/dist" "http://127.0.0.1:$SITE_PORT") >"$WORK/measure-$size.json"
  stop_pid "$site_pid"

  pages=$(find site/dist -name '*.html' | wc -l)
  results+=("$size|$seed_s|$(cat "$WORK/astro-$size.time")|$(cat "$WORK/pagefind-$size.time")|$pages|$WORK/measure-$size.json")
done

node - "${results[@]}" <<'NODE'
const { readFileSync } = require('node:fs');
const rows = process.argv.slice(2).map((line) => {
  const [size, seed, astro, pagefind, pages, file] = line.split('|');
  const [buildS, buildKb] = astro.split(' ').map(Number);
  const [pfS] = pagefind.split(' ').map(Number);
  return { size, seed, buildS, buildMb: Math.round(buildKb / 1024), pfS, pages, m: JSON.parse(readFileSync(file, 'utf8')) };
});
const kb = (b) => (b / 1024).toFixed(1);
const line = (cells) => console.log('| ' + cells.join(' | ') + ' |');
console.log('\n### Build from the CMS (2 cores)');
line(['items', 'pages', 'seed (s)', 'astro build (s)', 'peak RSS (MB)', 'pagefind (s)', 'first search (KB)', 'map on click (KB)', 'LCP home/list/detail (ms)']);
line(Array(9).fill('---'));
for (const r of rows) line([r.size, r.pages, r.seed, r.buildS.toFixed(1), r.buildMb, r.pfS.toFixed(1), kb(r.m.firstSearch), kb(r.m.mapOnClick), `${r.m.lcpMs.home} / ${r.m.lcpMs.list} / ${r.m.lcpMs.detail}`]);
console.log('\n### Page weights per type (median; brotli max) — bytes');
line(['items', 'type', 'pages', 'raw', 'gzip', 'brotli', 'brotli max']);
line(Array(7).fill('---'));
for (const r of rows) for (const [type, w] of Object.entries(r.m.pageWeights)) line([r.size, type, w.pages, w.raw, w.gzip, w.br, w.brMax]);
console.log('\nTargets: build at 10,000 items ≤ 60 s and ≤ 1536 MB; LCP ≤ 1000 ms (400 kbps, 400 ms RTT, CPU 4×); map ≤ 60 KB; first search ≤ 120 KB.');
NODE
