# Shared helpers for scripts/start.sh, scripts/test.sh and scripts/bench.sh. Sourced, not run.
# Everything a fresh machine (Node 20 + npm + apt as root) lacks is installed here, idempotently.

PNPM_VERSION=10.34.9
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export STRAPI_TELEMETRY_DISABLED=true
export ASTRO_TELEMETRY_DISABLED=1
export PAGEFIND_TELEMETRY=false

log() { printf '\033[1m▸ %s\033[0m\n' "$*" >&2; }

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  log "Installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit >/dev/null 2>&1 || true
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    # No global install rights: run it through npx instead.
    pnpm() { npx -y "pnpm@$PNPM_VERSION" "$@"; }
  fi
}

install_workspace() {
  ensure_pnpm
  log "Installing workspace dependencies (pnpm install)"
  (cd "$ROOT_DIR" && CI=true pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -vE '^(Progress|\.\.\./)' | tail -n 15
   exit "${PIPESTATUS[0]}") || return
  # shared/dist is what the CMS requires (CommonJS) and what Node-run scripts import: built here so
  # a fresh clone has it before any step.
  log "Building @passerelle/shared (shared/dist)"
  (cd "$ROOT_DIR" && node shared/scripts/build.mjs --if-stale)
}

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    log "Missing system packages ($*) and not root: install them with apt-get and retry."
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && APT_UPDATED=1
  fi
  # With recommends, as tested: Chromium recommends the fonts pages are measured with.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return
  log "Installing Debian Chromium (browser tests)"
  apt_install chromium
}

# pdfinfo and pdftoppm: the poster test counts a printed PDF's pages and renders it to read its QR code.
ensure_poppler() {
  command -v pdftoppm >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 && return
  log "Installing poppler-utils (poster test)"
  apt_install poppler-utils
}

# ffmpeg and ffprobe (Debian's 5.1): the CMS transcodes balado episodes with them (docs/balado.md);
# espeak-ng speaks the demo episodes. Without espeak-ng the demo audio is a tone: not worth failing for.
ensure_ffmpeg() {
  if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
    log "Installing ffmpeg (balado audio)"
    apt_install ffmpeg || return
  fi
  command -v espeak-ng >/dev/null 2>&1 || apt_install espeak-ng || log "espeak-ng unavailable: demo episodes get a tone instead of a voice"
}

# clamd (Debian's clamav-daemon): the antivirus tests run a real one on a database of their own
# signatures (tests/support/clamd.ts); production runs it with freshclam (docs/deploy.md).
ensure_clamav() {
  command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ] && return
  log "Installing clamav-daemon (antivirus tests)"
  apt_install clamav-daemon
}

# qpdf (Debian's 11.3): the CMS rewrites every PDF shared in the practitioners' space without its
# metadata and earlier revisions (docs/decisions/0057-shared-documents-lose-their-metadata.md).
ensure_qpdf() {
  command -v qpdf >/dev/null 2>&1 && return
  log "Installing qpdf (space documents)"
  apt_install qpdf
}

ensure_java() {
  command -v java >/dev/null 2>&1 && return
  log "Installing a Java runtime (Nu HTML checker)"
  apt_install default-jre-headless
}

# The Strapi admin panel (React, with the Passerelle homepage widgets) into cms/dist/build. It takes
# a minute or two and ~2 GB of memory: skipped when nothing it depends on changed since the last
# build. NODE_ENV=development only lets the build load the config without production secrets.
admin_is_fresh() {
  local stamp="$ROOT_DIR/cms/dist/build/index.html"
  [ -f "$stamp" ] && [ -z "$(cd "$ROOT_DIR" && find cms/src cms/config cms/package.json pnpm-lock.yaml -newer "$stamp" -print -quit)" ]
}
build_admin_if_stale() {
  if [ "${SKIP_ADMIN_BUILD:-}" = "1" ] || admin_is_fresh; then
    log "CMS admin panel is up to date"
    return 0
  fi
  log "Building the CMS admin panel (a minute or two, ~2 GB of memory)"
  (cd "$ROOT_DIR/cms" && NODE_ENV=${NODE_ENV:-development} pnpm run build 2>&1 | tail -n 15; exit "${PIPESTATUS[0]}")
}

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  [ -n "$(pg_bin_dir)" ] && [ -x "$(pg_bin_dir)/initdb" ] && return
  log "Installing PostgreSQL server"
  apt_install postgresql
}

# Debian's nginx with the brotli modules (`brotli_static`, `brotli`): the production stack
# (`npm run start:stack`, the stack tests, `npm run bench:stack`).
ensure_nginx() {
  [ -x /usr/sbin/nginx ] && [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] \
    && [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] && return
  log "Installing nginx with the brotli modules"
  apt_install nginx libnginx-mod-http-brotli-static libnginx-mod-http-brotli-filter
}

# Waits until a URL answers (any HTTP status below 500), or fails after $2 seconds. Uses Node's
# fetch rather than curl: a fresh machine is only promised Node and npm.
wait_for_url() {
  local url=$1 timeout=${2:-120} started=$SECONDS
  until node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status < 500 ? 0 : 1), () => process.exit(1))' "$url" 2>/dev/null; do
    if (( SECONDS - started > timeout )); then log "Timed out waiting for $url"; return 1; fi
    sleep 1
  done
}

# Starts a throwaway PostgreSQL cluster in $1 on port $2 with database $3 (RECIPES.md: initdb
# refuses root, so root runs it as the postgres user; trust auth on loopback, tests only).
start_postgres() {
  local dir=$1 port=$2 db=$3 bin
  bin="$(pg_bin_dir)"
  local as=()
  [ "$(id -u)" = "0" ] && as=(runuser -u postgres --)
  stop_postgres "$dir" 2>/dev/null || true
  rm -rf "$dir" && mkdir -p "$dir"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
  "${as[@]}" "$bin/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || { cat "$dir/server.log"; return 1; }
  "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
}

stop_postgres() {
  local dir=$1 bin
  bin="$(pg_bin_dir)"
  [ -d "$dir/data" ] || return 0
  local as=()
  [ "$(id -u)" = "0" ] && as=(runuser -u postgres --)
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# Stops a process: SIGTERM, up to 15 s to shut down cleanly, then SIGKILL.
stop_pid() {
  local pid=$1 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && (( waited < 150 )); do sleep 0.1; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
