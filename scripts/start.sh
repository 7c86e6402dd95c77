#!/usr/bin/env bash
# The README's run command (`npm start`): installs everything, builds the CMS admin, starts the CMS
# with demo data and the publisher, which builds the static site into builds/<id>/ and points
# builds/current at it; the static server serves builds/current and follows every later publish.
# Ctrl-C stops everything.
#
#   CMS admin  http://127.0.0.1:${CMS_PORT:-1337}/admin   (login printed below)
#   Site       http://127.0.0.1:${SITE_PORT:-4321}
#   Publishing status  http://127.0.0.1:${PUBLISHER_PORT:-4330}/status
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

export CMS_PORT=${CMS_PORT:-1337}
export SITE_PORT=${SITE_PORT:-4321}
export NODE_ENV=${NODE_ENV:-development}
# Development-only defaults; in production the CMS refuses to invent an administrator.
export ADMIN_EMAIL=${ADMIN_EMAIL:-admin@passerelle.local}
export ADMIN_PASSWORD=${ADMIN_PASSWORD:-Passerelle-dev-2026!}
export SEED_DEMO_DATA=${SEED_DEMO_DATA:-true}
export PUBLISHER_PORT=${PUBLISHER_PORT:-4330}
export PUBLISHER_URL=${PUBLISHER_URL:-http://127.0.0.1:$PUBLISHER_PORT/webhooks/strapi}
# The CMS and the publisher must share it; a fresh random one per run unless you set your own.
export PUBLISHER_SECRET=${PUBLISHER_SECRET:-$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')}
export PUBLISHER_BUILDS_DIR=${PUBLISHER_BUILDS_DIR:-$ROOT_DIR/builds}
export PUBLIC_SITE_URL=${PUBLIC_SITE_URL:-http://127.0.0.1:$SITE_PORT}
# The CMS sits behind the site server on loopback: it takes the client address from that proxy only.
export TRUSTED_PROXIES=${TRUSTED_PROXIES:-loopback}
# Draft preview: the CMS creates a read-only API token with this key, the site server reads drafts
# with it and answers /apercu/ only to URLs the CMS signed with the secret. Fresh random values per
# run unless you set yours.
random_key() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }
export PREVIEW_SECRET=${PREVIEW_SECRET:-$(random_key)}
export PREVIEW_API_TOKEN=${PREVIEW_API_TOKEN:-$(random_key)}

pids=()
stop_all() {
  trap - INT TERM EXIT
  log "Stopping…"
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  log "Stopped."
}
trap stop_all EXIT
trap 'exit 130' INT TERM

install_workspace
ensure_ffmpeg
ensure_qpdf

build_admin_if_stale
mkdir -p cms/.tmp

# The on-demand renderer (draft preview, the publisher's express lane) is built from site code, not
# content: ~15 s, ~0.5 GB, skipped when no site code changed and the site URL it bakes in is the same.
render_is_fresh() {
  local stamp=site/.render/build-info.json
  [ -f "$stamp" ] && grep -qF "\"site\":\"$PUBLIC_SITE_URL\"" "$stamp" \
    && [ -z "$(find site/src site/integrations site/astro.config.mjs site/package.json shared/src pnpm-lock.yaml -newer "$stamp" -print -quit)" ]
}
if render_is_fresh; then
  log "Site renderer is up to date"
else
  log "Building the site renderer (preview and express lane, about 15 s)"
  (cd site && pnpm run build:render 2>&1 | grep -v 'getStaticPaths() ignored' | tail -n 5; exit "${PIPESTATUS[0]}")
fi

log "Starting the CMS on port $CMS_PORT (demo data: $SEED_DEMO_DATA)"
(cd cms && HOST=127.0.0.1 PORT="$CMS_PORT" exec node_modules/.bin/strapi start) &
pids+=($!)
wait_for_url "http://127.0.0.1:$CMS_PORT/_health" 300

first_build_since=$(date -u +%Y-%m-%dT%H:%M:%S)
log "Starting the publisher on port $PUBLISHER_PORT; it builds the site from the CMS now and on every publish"
# A fresh build on every start: the database may have changed since the last run's builds/current.
(cd publisher && CMS_URL="http://127.0.0.1:$CMS_PORT" PUBLIC_SITE_URL="${PUBLIC_SITE_URL:-http://127.0.0.1:$SITE_PORT}" \
  PUBLISHER_BUILD_ON_START=${PUBLISHER_BUILD_ON_START:-true} exec node --import tsx src/cli.ts serve) &
pids+=($!)
wait_for_url "http://127.0.0.1:$PUBLISHER_PORT/health" 60

# The server follows builds/current (a symlink the publisher swaps) and answers 503 until it exists.
log "Serving builds/current on port $SITE_PORT"
SITE_DIR="$PUBLISHER_BUILDS_DIR/current" CMS_URL="http://127.0.0.1:$CMS_PORT" node site/server/serve.mjs &
pids+=($!)

log "Waiting for the first build (status: http://127.0.0.1:$PUBLISHER_PORT/status)"
node -e '
  const [url, since, limit] = [process.argv[1], process.argv[2], Date.now() + 15 * 60_000];
  (async function poll() {
    const s = await fetch(url).then((r) => r.json()).catch(() => null);
    const finished = [s?.lastSuccess?.finishedAt, s?.lastFailure?.finishedAt].some((at) => at && at >= since);
    if (s && finished && !s.building && s.queue.state === "idle") {
      const failedLast = s.lastFailure && (!s.lastSuccess || s.lastFailure.finishedAt > s.lastSuccess.finishedAt);
      if (failedLast) {
        console.error(`First build failed: ${s.lastFailure.reason}\n${s.lastFailure.logTail}`);
        process.exit(s.current ? 0 : 1); // an older build is still served
      }
      process.exit(0);
    }
    if (Date.now() > limit) { console.error("Timed out waiting for the first build"); process.exit(1); }
    setTimeout(poll, 1000);
  })();' "http://127.0.0.1:$PUBLISHER_PORT/status.json" "$first_build_since"
wait_for_url "http://127.0.0.1:$SITE_PORT/" 30

cat <<MSG

  Passerelle is running.
    Site:      http://127.0.0.1:$SITE_PORT
    CMS admin: http://127.0.0.1:$CMS_PORT/admin
               login: $ADMIN_EMAIL / $ADMIN_PASSWORD   (development defaults; set ADMIN_EMAIL/ADMIN_PASSWORD)
    Publishing status: http://127.0.0.1:$PUBLISHER_PORT/status   (publish in the CMS: live in seconds)
    Draft preview: the Preview button of an event, call, consultation or petition in the CMS
    Roll back to the previous build: npm run rollback
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}"
