#!/usr/bin/env bash
# The README's run command (`npm start`): installs everything, builds the CMS admin, starts the CMS
# with demo data, builds the static site from it and serves it. Ctrl-C stops everything.
#
#   CMS admin  http://127.0.0.1:${CMS_PORT:-1337}/admin   (login printed below)
#   Site       http://127.0.0.1:${SITE_PORT:-4321}
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

# The admin build takes a minute and ~2 GB: skip it when nothing it depends on changed since.
admin_is_fresh() {
  local stamp=cms/dist/build/index.html
  [ -f "$stamp" ] && [ -z "$(find cms/src cms/config cms/package.json pnpm-lock.yaml -newer "$stamp" -print -quit)" ]
}
if [ "${SKIP_ADMIN_BUILD:-}" = "1" ] || admin_is_fresh; then
  log "CMS admin panel is up to date"
else
  log "Building the CMS admin panel (about a minute, ~2 GB of memory)"
  (cd cms && pnpm run build)
fi
mkdir -p cms/.tmp

log "Starting the CMS on port $CMS_PORT (demo data: $SEED_DEMO_DATA)"
export PUBLIC_SITE_URL=${PUBLIC_SITE_URL:-http://127.0.0.1:$SITE_PORT}
(cd cms && HOST=127.0.0.1 PORT="$CMS_PORT" exec node_modules/.bin/strapi start) &
pids+=($!)
wait_for_url "http://127.0.0.1:$CMS_PORT/_health" 300

log "Building the site from the CMS"
(cd site && CMS_URL="http://127.0.0.1:$CMS_PORT" PUBLIC_SITE_URL="$PUBLIC_SITE_URL" pnpm run build)

log "Serving the site on port $SITE_PORT"
SITE_DIR="$ROOT_DIR/site/dist" CMS_URL="http://127.0.0.1:$CMS_PORT" node site/server/serve.mjs &
pids+=($!)
wait_for_url "http://127.0.0.1:$SITE_PORT/" 30

cat <<MSG

  Passerelle is running.
    Site:      http://127.0.0.1:$SITE_PORT
    CMS admin: http://127.0.0.1:$CMS_PORT/admin
               login: $ADMIN_EMAIL / $ADMIN_PASSWORD   (development defaults; set ADMIN_EMAIL/ADMIN_PASSWORD)
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}"
