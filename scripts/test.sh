#!/usr/bin/env bash
# The README's test command (`npm test`): installs everything a fresh machine lacks, then runs every
# test — unit, integration on SQLite and on PostgreSQL, the production stack behind nginx, the
# publishing pipeline, and the browser journeys, accessibility, HTML validity, budgets and Lighthouse SEO against
# the site built from a seeded CMS — and ends with one plain line:
# `N passed, N failed` (skipped tests on the line above). Exit status is non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

# Tests are hermetic: a developer's exported ADMIN_EMAIL, CMS_URL or NODE_ENV (production would even
# make pnpm skip devDependencies) must not change what runs. Every setting documented in
# docs/configuration.md is dropped, except the few that only choose ports, skip a build or name a browser.
unset_settings() {
  local name names keep='^(TEST_[A-Z_]+_PORT|SKIP_ADMIN_BUILD|CHROMIUM_PATH)$'
  names=$(sed -n 's/^| \(`[^|]*\)|.*/\1/p' docs/configuration.md | grep -o '`[A-Z][A-Z0-9_]*`' | tr -d '`' | sort -u)
  [ -n "$names" ] || { log "docs/configuration.md lists no settings: its table changed shape"; return 1; }
  for name in $names $(compgen -e | grep '^STRAPI_'); do
    [[ $name =~ $keep ]] || unset "$name"
  done
}
unset_settings || { echo "0 passed, 1 failed"; exit 1; }

RESULTS="$ROOT_DIR/tests/.results"
RUN_DIR="$(mktemp -d /tmp/passerelle-test.XXXXXX)"
chmod 755 "$RUN_DIR" # the PostgreSQL server runs as the postgres user and must reach its data dir
CMS_PORT=${TEST_CMS_PORT:-13370}
SITE_PORT=${TEST_SITE_PORT:-14321}
# Fixed ports stay below 32768, out of Linux's ephemeral range (32768–60999): a listener there can
# find its port taken by one of the many outgoing connections the tests open.
PG_PORT=${TEST_PG_PORT:-25432}
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
pids=()
# Draft preview: the seeded CMS makes its read-only token with this key; the site server and the
# preview journey use both.
export PREVIEW_SECRET=test-preview-secret-not-for-production
export PREVIEW_API_TOKEN=test-preview-api-token-not-for-production

cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  stop_postgres "$RUN_DIR/pg"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A step that cannot even start (install, build, server) is recorded as one failed test, so the
# totals line never hides it.
broken_steps=()
step() {
  local name=$1; shift
  log "$name"
  if ! "$@"; then
    log "FAILED: $name"
    broken_steps+=("$name")
    return 1
  fi
}

vitest_project() {
  vitest_run "$@"
  expect_report "$2"
}
# Its exit status says whether tests failed, which its report counts; a missing report is a broken step.
# Further arguments pick the project's files.
vitest_run() {
  local project=$1 report=$2; shift 2
  (cd tests && exec npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="$RESULTS/$report.json" "$@")
}

# A runner that crashed before writing its report would silently drop all its tests from the
# totals: count that as a broken step instead.
expect_report() {
  [ -s "$RESULTS/$1.json" ] || broken_steps+=("$1: the test runner wrote no report")
}

install_workspace || { echo "0 passed, 1 failed"; exit 1; }
step "System packages (Chromium, poppler, Java, PostgreSQL, nginx, ffmpeg, clamd, qpdf)" bash -c "source scripts/lib.sh; ensure_chromium && ensure_poppler && ensure_java && ensure_postgres && ensure_nginx && ensure_ffmpeg && ensure_clamav && ensure_qpdf"

# Work that runs beside another phase: its output is kept aside in the run folder and shown once it is
# awaited, so logs never interleave. `aside NAME COMMAND...` starts it; `await_aside NAME TITLE`
# waits, prints its log under TITLE and returns its exit status.
declare -A aside_pids=()
aside() {
  local name=$1; shift
  ("$@") >"$RUN_DIR/aside-$name.log" 2>&1 &
  aside_pids[$name]=$!
  pids+=("$!")
}
await_aside() {
  local name=$1 title=$2 pid=${aside_pids[$1]} status=0 kept=()
  wait "$pid" || status=$?
  # Reaped: its id may be reused by the time the run ends, so the exit cleanup must not signal it.
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done; pids=("${kept[@]}")
  log "$title"
  cat "$RUN_DIR/aside-$name.log"
  return "$status"
}

step "Demo data is complete and consistent" node cms/scripts/check-demo-data.mjs
# tsc and type-aware eslint each keep one core busy (one Node thread each); the five tsc runs take
# about a minute and a half, lint longer: side by side they use both cores. Neither writes what the
# other reads (shared/dist is already built; --if-stale makes its rebuild here a no-op).
typecheck() {
  npx tsc --noEmit -p shared && node shared/scripts/build.mjs --if-stale && npx tsc --noEmit -p cms && npx tsc --noEmit -p cms/src/admin \
    && npx tsc --noEmit -p publisher && npx tsc --noEmit -p tests
}
aside typecheck typecheck
step "Lint (eslint, type-aware)" npm run --silent lint
typecheck_title="TypeScript (shared, cms, cms admin, publisher, tests; ran beside lint)"
await_aside typecheck "$typecheck_title" || { log "FAILED: $typecheck_title"; broken_steps+=("$typecheck_title"); }

# The on-demand renderer (draft preview, the publisher's express lane): built from site code only,
# before the publishing tests, which use it too. It bakes in the site URL, so the one served below.
build_render() {
  (cd site && PUBLIC_SITE_URL="http://127.0.0.1:$SITE_PORT" pnpm run build:render 2>&1 | grep -v 'getStaticPaths() ignored' | tail -n 5
    exit "${PIPESTATUS[0]}")
}

# Vitest exits non-zero on failing tests; those are counted from its JSON report, not as broken steps.
vitest_project unit unit

# Two lanes while the SQLite integration tests run: they keep one core busy, one file at a time
# (each an in-process Strapi), and the second core takes, one after another, the outages and a few
# of the longest integration files (decision 0062).
#
# Outages (tests/resilience). Each file starts its own PostgreSQL cluster (ports
# TEST_RESILIENCE_PG_PORT to +2) and production CMS processes on it, on ports the system chooses,
# and shares nothing with the integration tests. First PostgreSQL restarted under a burst and two
# CMS instances on one database (about 80 s), then the provider outage, with a report of its own:
# two minutes of the providers down, during which its CMS only retries (little CPU), then 500
# messages sent one after another, which must all be delivered within 75 s of the outage's end.
# About 40 s of that is spent, most of it on the test mail server's fixed 100 ms wait before each
# greeting, not on CPU (docs/testing.md); nothing else of this lane runs meanwhile.
export TEST_RESILIENCE_PG_PORT=${TEST_RESILIENCE_PG_PORT:-25520}
outage_test=resilience/provider-outage.resilience.test.ts
# Then these integration files on SQLite, in their own Vitest run and report: together about a
# quarter of the phase (8 December: 132 s of 573), so both lanes end together. Separate processes,
# databases (one file each, templates renamed into place whole), outbox files and free ports: two
# in-process Strapis side by side share nothing, as security and the PostgreSQL integration tests
# already do. A listed file that is gone (renamed, removed) is a broken step, so the list stays true.
beside_files=(
  integration/resident-texts-passerelle.integration.test.ts
  integration/demo-seed.integration.test.ts
  integration/resident-calls-passerelle.integration.test.ts
  integration/neighbourhood-alerts.integration.test.ts
)
second_lane() {
  local status=0
  vitest_run resilience resilience --exclude "**/$outage_test" || status=$?
  vitest_run resilience resilience-outage "$outage_test" || status=$?
  vitest_run integration integration-sqlite-beside "${beside_files[@]}" || status=$?
  return "$status"
}
aside second-lane second_lane
# The renderer's build too (about 20 s, one core): it writes only site/.render and its own Astro
# cache, which no integration test reads; the unit tests, before it, pass without it.
aside render build_render
beside_excludes=()
for file in "${beside_files[@]}"; do
  beside_excludes+=(--exclude "**/$file")
  [ -f "tests/$file" ] || broken_steps+=("tests/$file, listed to run beside, does not exist")
done
vitest_project integration integration-sqlite "${beside_excludes[@]}"
render_title="Build the site renderer (ran beside the integration tests on SQLite)"
await_aside render "$render_title" || { log "FAILED: $render_title"; broken_steps+=("$render_title"); }
await_aside second-lane "Resilience (database restart, two instances, provider outage), then ${#beside_files[@]} integration files on SQLite (ran beside the other integration tests on SQLite)" || true
expect_report resilience
expect_report resilience-outage
expect_report integration-sqlite-beside

# Attacks on every route, role and private field (docs/security.md), once, on SQLite, side by side
# with the integration tests on PostgreSQL. Each of the two runs one file at a time and keeps about
# one core busy, so together they use both (docs/testing.md). They share nothing: their own Vitest
# process and environment, databases of different kinds (meanwhile only security makes SQLite
# templates), free ports, outbox files named by process.
# Security ends minutes before the PostgreSQL phase (155 s on 7 December): the production stack on
# one machine (tests/stack) follows it there, in that otherwise idle time. Its own PostgreSQL cluster
# (TEST_STACK_PG_PORT), two CMS processes in production mode and nginx on free ports, started once
# per file; a CMS killed during a burst of signatures, then none at all. About a minute.
security_then_stack() {
  vitest_run security security
  TEST_STACK_PG_PORT=${TEST_STACK_PG_PORT:-25510} vitest_run stack stack
}
aside security-stack security_then_stack

if step "Start PostgreSQL" start_postgres "$RUN_DIR/pg" "$PG_PORT" passerelle_test; then
  DATABASE_CLIENT=postgres DATABASE_HOST=127.0.0.1 DATABASE_PORT="$PG_PORT" DATABASE_NAME=passerelle_test \
    DATABASE_USERNAME=postgres DATABASE_PASSWORD='' vitest_project integration integration-postgres
  stop_postgres "$RUN_DIR/pg"
fi
# Vitest exits non-zero on failing tests, counted from its report; a missing report is a broken step.
await_aside security-stack "Security, then the stack (ran beside the integration tests on PostgreSQL)" || true
expect_report security
expect_report stack

# The publishing pipeline (webhook → Astro build → checks → swap → served), once: it tests the
# publisher, not the database. About a minute: it builds the real site five times. Then its faults
# (publishing/publisher-faults): killed mid-build, a full disk (a tmpfs: root, as CI), and 20 rounds
# of publishes on a CPU saturated by two busy loops, ~70 s more, with a stand-in for Astro.
vitest_project publishing publishing

# End to end: a seeded CMS, the site built from it, served as in production. The CMS serves its
# admin panel too when it built, for the admin homepage tests (tests/admin); without it they fail
# and everything else still runs.
serve_admin=false
step "Build the CMS admin panel" build_admin_if_stale && [ -f cms/dist/build/index.html ] && serve_admin=true
# The items the journeys act on (tests/support/e2e-fixtures.ts), seeded after the demo data.
write_e2e_fixtures() {
  pnpm --filter @passerelle/tests exec tsx support/write-e2e-fixtures.ts "$RUN_DIR/fixtures"
}
start_cms() {
  # Journeys sign several times from one address (127.0.0.1): rate limits are covered by the
  # integration tests, so they are lifted here; the count is not cached so the live-count journey sees it.
  # The CMS sits behind the site server on loopback, as in production: it believes that proxy only.
  (cd cms && NODE_ENV=development SEED_DEMO_DATA=true SEED_FIXTURES_DIR="$RUN_DIR/fixtures" DATABASE_FILENAME="$RUN_DIR/e2e.db" HOST=127.0.0.1 PORT="$CMS_PORT" \
    TRUSTED_PROXIES=loopback PUBLIC_SITE_URL="http://127.0.0.1:$SITE_PORT" DEV_OUTBOX_FILE="$RUN_DIR/outbox.jsonl" PROPOSALS_NOTIFY_EMAIL=oc@passerelle.test \
    PETITION_RATE_SHORT_MAX=100000 PETITION_RATE_LONG_MAX=100000 PETITION_COUNT_CACHE_SECONDS=0 \
    SERVE_ADMIN=$serve_admin exec node scripts/serve.js >"$RUN_DIR/cms.log" 2>&1) &
  pids+=($!)
  wait_for_url "http://127.0.0.1:$CMS_PORT/_health" 300 || { tail -n 40 "$RUN_DIR/cms.log"; return 1; }
}
# The site's settings: the build and the on-demand renderer (previews, the express lane; the
# renderer equality test loads it in Playwright's process) read the same ones, as the publisher's
# env file gives both in production, so their pages are equal.
SITE_PLATFORM_PHONE="514 555-0199"
build_site() {
  (cd site && CMS_URL="http://127.0.0.1:$CMS_PORT" PUBLIC_SITE_URL="http://127.0.0.1:$SITE_PORT" \
    PUBLIC_TILE_URL="http://127.0.0.1:$SITE_PORT/__tiles__/{z}/{x}/{y}.png" PLATFORM_PHONE="$SITE_PLATFORM_PHONE" pnpm run build 2>&1 | tail -n 25
    exit "${PIPESTATUS[0]}")
}
# The build's content store, copied aside for the renderer (preview, equality test): other tests run
# astro in site/ (build-without-cms) and rewrite site/node_modules/.astro/data-store.json meanwhile.
keep_content_store() {
  cp site/node_modules/.astro/data-store.json "$RUN_DIR/data-store.json"
}
serve_site() {
  (SITE_DIR="$ROOT_DIR/site/dist" SITE_PORT="$SITE_PORT" CMS_URL="http://127.0.0.1:$CMS_PORT" PREVIEW_DATA_STORE="$RUN_DIR/data-store.json" \
    PLATFORM_PHONE="$SITE_PLATFORM_PHONE" \
    exec node site/server/serve.mjs >"$RUN_DIR/site.log" 2>&1) &
  pids+=($!)
  wait_for_url "http://127.0.0.1:$SITE_PORT/" 30
}

check_site_types() {
  (cd site && CMS_URL="http://127.0.0.1:$CMS_PORT" npx astro check 2>&1 | tail -n 8; exit "${PIPESTATUS[0]}")
}

if step "Write the journeys' fixtures" write_e2e_fixtures && step "Start the seeded CMS" start_cms && { step "TypeScript (site, astro check)" check_site_types; true; } \
  && step "Build the site from the CMS" build_site && step "Keep the content store for the renderer" keep_content_store \
  && step "Serve the site" serve_site; then
  (cd tests && SITE_URL="http://127.0.0.1:$SITE_PORT" CMS_URL="http://127.0.0.1:$CMS_PORT" SITE_DIST="$ROOT_DIR/site/dist" \
    RENDER_DATA_STORE="$RUN_DIR/data-store.json" PLATFORM_PHONE="$SITE_PLATFORM_PHONE" \
    PLAYWRIGHT_JSON_OUTPUT_NAME="$RESULTS/playwright.json" npx playwright test --reporter=list,json) || true
  expect_report playwright
fi

node scripts/totals.mjs "$RESULTS" "${broken_steps[@]}"
