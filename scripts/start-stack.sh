#!/usr/bin/env bash
# `npm run start:stack`: the production layout on one machine, on loopback (docs/deploy.md) —
# PostgreSQL, two CMS instances in production mode (fresh secrets; email and text messages to
# local fakes of SMTP and Twilio, written to .stack/messages.jsonl), the publisher, which builds the
# demo data into builds/current, and nginx in front (deploy/nginx/). The outbox worker runs inside
# each CMS instance. Prints the URLs; Ctrl-C stops it all. `npm start` (SQLite, one process) is
# the everyday command; this one is for trying what production runs.
#
#   Site (nginx)  http://127.0.0.1:${STACK_PORT:-8080}
#   CMS admin     http://127.0.0.1:${STACK_PORT:-8080}/admin
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

STACK_PORT=${STACK_PORT:-8080}
STACK_CMS_PORT=${STACK_CMS_PORT:-1337}
STACK_PG_PORT=${STACK_PG_PORT:-25433}
PUBLISHER_PORT=${PUBLISHER_PORT:-4330}
SITE_URL="http://127.0.0.1:$STACK_PORT"
STATE="$ROOT_DIR/.stack"
mkdir -p "$STATE"
chmod 755 "$STATE" # PostgreSQL runs as the postgres user and must reach its data dir

pids=()
stop_all() {
  trap - INT TERM EXIT
  log "Stopping…"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[i]}"; done
  stop_postgres "$STATE/pg"
  log "Stopped."
}
trap stop_all EXIT
trap 'exit 130' INT TERM

install_workspace
ensure_postgres
ensure_nginx
ensure_ffmpeg
ensure_qpdf
build_admin_if_stale
serve_admin=false
[ -f cms/dist/build/index.html ] && serve_admin=true

# The on-demand renderer, for the publisher's express lane (as in `npm start`), baked with the site URL.
render_is_fresh() {
  local stamp=site/.render/build-info.json
  [ -f "$stamp" ] && grep -qF "\"site\":\"$SITE_URL\"" "$stamp" \
    && [ -z "$(find site/src site/integrations site/astro.config.mjs site/package.json shared/src pnpm-lock.yaml -newer "$stamp" -print -quit)" ]
}
if ! render_is_fresh; then
  log "Building the site renderer (express lane, about 15 s)"
  (cd site && PUBLIC_SITE_URL="$SITE_URL" pnpm run build:render 2>&1 | grep -v 'getStaticPaths() ignored' | tail -n 5; exit "${PIPESTATUS[0]}")
fi

log "Starting PostgreSQL on port $STACK_PG_PORT (a fresh cluster in .stack/pg)"
start_postgres "$STATE/pg" "$STACK_PG_PORT" passerelle

log "Starting the local message providers (SMTP and Twilio fakes; messages in .stack/messages.jsonl)"
: >"$STATE/messages.jsonl"
(cd tests && exec node --import tsx support/local-providers.ts "$STATE/messages.jsonl" >"$STATE/providers.json" 2>"$STATE/providers.log") &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$STATE/providers.json" ] && break; sleep 0.1; done
providers=$(cat "$STATE/providers.json")
provider() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$providers" "$1"; }

# Production: every secret drawn fresh for this run, the same on both instances.
random_secret() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }
export NODE_ENV=production
export APP_KEYS="$(random_secret),$(random_secret)"
for name in ADMIN_JWT_SECRET API_TOKEN_SALT TRANSFER_TOKEN_SALT JWT_SECRET ENCRYPTION_KEY PARTICIPATION_SECRET ALTCHA_HMAC_KEY; do
  export "$name=$(random_secret)"
done
export ADMIN_EMAIL=${ADMIN_EMAIL:-admin@passerelle.local}
export ADMIN_PASSWORD=${ADMIN_PASSWORD:-Passerelle-stack-$(random_secret | cut -c1-8)!}
export PUBLISHER_SECRET=${PUBLISHER_SECRET:-$(random_secret)}
export SMTP_HOST=127.0.0.1 SMTP_PORT="$(provider smtpPort)"
export SMS_PROVIDER=twilio TWILIO_API_URL="$(provider twilioUrl)" TWILIO_ACCOUNT_SID="$(provider twilioAccountSid)" \
  TWILIO_AUTH_TOKEN="$(provider twilioAuthToken)" TWILIO_FROM=+15145550100
export DATABASE_CLIENT=postgres DATABASE_HOST=127.0.0.1 DATABASE_PORT="$STACK_PG_PORT" DATABASE_NAME=passerelle \
  DATABASE_USERNAME=postgres DATABASE_PASSWORD=''
export HOST=127.0.0.1 PUBLIC_SITE_URL="$SITE_URL" PUBLIC_URL="$SITE_URL" TRUSTED_PROXIES=loopback
export PUBLISHER_URL="http://127.0.0.1:$PUBLISHER_PORT/webhooks/strapi"
mkdir -p cms/public/uploads

cms_ports=("$STACK_CMS_PORT" "$((STACK_CMS_PORT + 1))")
# One after the other: the first migrates the database and seeds the demo data.
for i in 0 1; do
  port=${cms_ports[i]}
  seed=false
  [ "$i" = 0 ] && seed=true
  log "Starting CMS instance $((i + 1)) on port $port"
  (cd cms && PORT="$port" SEED_DEMO_DATA=$seed SERVE_ADMIN=$serve_admin exec node scripts/serve.js >"$STATE/cms-$port.log" 2>&1) &
  pids+=($!)
  wait_for_url "http://127.0.0.1:$port/_ready" 600 || { tail -n 30 "$STATE/cms-$port.log"; exit 1; }
done

first_build_since=$(date -u +%Y-%m-%dT%H:%M:%S)
log "Starting the publisher on port $PUBLISHER_PORT; it builds the site into builds/current"
(cd publisher && CMS_URL="http://127.0.0.1:$STACK_CMS_PORT" PUBLISHER_PORT="$PUBLISHER_PORT" PUBLISHER_BUILDS_DIR="$ROOT_DIR/builds" \
  PUBLISHER_BUILD_ON_START=true exec node --import tsx src/cli.ts serve >"$STATE/publisher.log" 2>&1) &
pids+=($!)
wait_for_url "http://127.0.0.1:$PUBLISHER_PORT/_health" 60
node -e '
  const [url, since, limit] = [process.argv[1], process.argv[2], Date.now() + 15 * 60_000];
  (async function poll() {
    const s = await fetch(url).then((r) => r.json()).catch(() => null);
    const done = s?.lastSuccess?.finishedAt >= since;
    if (done) process.exit(0);
    if (s?.lastFailure?.finishedAt >= since && !s.current) { console.error(`First build failed: ${s.lastFailure.reason}`); process.exit(1); }
    if (Date.now() > limit) { console.error("Timed out waiting for the first build"); process.exit(1); }
    setTimeout(poll, 1000);
  })();' "http://127.0.0.1:$PUBLISHER_PORT/status.json" "$first_build_since"
node deploy/precompress.mjs "$ROOT_DIR/builds/current"

log "Starting nginx on port $STACK_PORT"
mkdir -p "$STATE/nginx"
# As root, nginx workers run as root too: they must read the checkout and write the temp dirs.
nginx_user=()
[ "$(id -u)" = 0 ] && nginx_user=(--user root)
node deploy/nginx/render.mjs "${nginx_user[@]}" --listen "127.0.0.1:$STACK_PORT" --root "$ROOT_DIR/builds/current" --run-dir "$STATE/nginx" \
  --cms "127.0.0.1:${cms_ports[0]}" --cms "127.0.0.1:${cms_ports[1]}" >"$STATE/nginx/nginx.conf"
/usr/sbin/nginx -c "$STATE/nginx/nginx.conf" -e "$STATE/nginx/error.log" &
pids+=($!)
wait_for_url "$SITE_URL/_health" 10

cat <<MSG

  The Passerelle stack is running (production mode, on loopback).
    Site (nginx):      $SITE_URL
    CMS admin:         $SITE_URL/admin   login: $ADMIN_EMAIL / $ADMIN_PASSWORD
    CMS instances:     http://127.0.0.1:${cms_ports[0]}/_ready  http://127.0.0.1:${cms_ports[1]}/_ready
                       (each runs its own outbox worker)
    Publishing status: http://127.0.0.1:$PUBLISHER_PORT/status
    PostgreSQL:        127.0.0.1:$STACK_PG_PORT, database passerelle
    Messages sent:     .stack/messages.jsonl   Logs: .stack/
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}"
