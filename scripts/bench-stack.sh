#!/usr/bin/env bash
# Signature benchmark of the production stack: the workload of `npm run bench:participation`
# (2,000 submissions at concurrency 50, then their confirmations, tests/bench/participation.mjs),
# on PostgreSQL, first straight to one CMS instance, then through nginx (deploy/nginx/) to two
# instances. Prints one table. Not a test. NODE_ENV=test as in bench:participation: the benchmark
# reads each confirmation link from the dev outbox file, which production refuses to write.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

PG_PORT=${BENCH_PG_PORT:-55443}
WORK="$(mktemp -d /tmp/passerelle-bench-stack.XXXXXX)"
chmod 755 "$WORK"
pids=()
cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[i]}"; done
  stop_postgres "$WORK/pg"
  rm -rf "$WORK"
}
trap cleanup EXIT

ensure_postgres >/dev/null
ensure_nginx >/dev/null
start_postgres "$WORK/pg" "$PG_PORT" passerelle_bench >/dev/null
export DATABASE_CLIENT=postgres DATABASE_HOST=127.0.0.1 DATABASE_PORT="$PG_PORT" DATABASE_NAME=passerelle_bench DATABASE_USERNAME=postgres DATABASE_PASSWORD=''

random_secret() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }
cms_secrets=(APP_KEYS="$(random_secret),$(random_secret)")
for name in ADMIN_JWT_SECRET API_TOKEN_SALT TRANSFER_TOKEN_SALT JWT_SECRET ENCRYPTION_KEY PARTICIPATION_SECRET ALTCHA_HMAC_KEY; do
  cms_secrets+=("$name=$(random_secret)")
done
free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Both instances append to one dev outbox file (one line per message, O_APPEND).
run_cms() {
  local port=$1; shift
  (cd cms && exec env NODE_ENV=test "${cms_secrets[@]}" ADMIN_EMAIL=bench@exemple.ca ADMIN_PASSWORD='Bench-bench-2026!' \
    DEV_OUTBOX_FILE="$WORK/outbox.jsonl" HOST=127.0.0.1 PORT="$port" LOG_LEVEL=warn TRUSTED_PROXIES=loopback CRON_ENABLED=false "$@" \
    node scripts/serve.js >"$WORK/cms-$port.log" 2>&1) &
  pids+=($!)
  wait_for_url "http://127.0.0.1:$port/_ready" 300 || { tail -n 20 "$WORK/cms-$port.log"; exit 1; }
}
cms_a=$(free_port)
run_cms "$cms_a" SEED_DEMO_DATA=true
cms_b=$(free_port)
run_cms "$cms_b"

nginx_port=$(free_port)
mkdir -p "$WORK/site" "$WORK/nginx"
# As root, nginx workers run as root too: they must read the checkout and write the temp dirs.
nginx_user=()
[ "$(id -u)" = 0 ] && nginx_user=(--user root)
node deploy/nginx/render.mjs "${nginx_user[@]}" --listen "127.0.0.1:$nginx_port" --root "$WORK/site" --run-dir "$WORK/nginx" \
  --cms "127.0.0.1:$cms_a" --cms "127.0.0.1:$cms_b" >"$WORK/nginx/nginx.conf"
/usr/sbin/nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
pids+=($!)
wait_for_url "http://127.0.0.1:$nginx_port/_health" 10

echo "| Path | Signatures | Submit | p50 ms | p99 ms | Confirm | p50 ms | p99 ms | Stored/accepted | Counted/confirmed | Duplicates | Audit |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
# Both rows are printed even if the first one's audit fails; the exit status says whether both passed.
status=0
node tests/bench/participation.mjs "http://127.0.0.1:$cms_a" "$WORK/outbox.jsonl" postgres "1 CMS, direct" || status=1
BENCH_API_URL="http://127.0.0.1:$cms_a" node tests/bench/participation.mjs "http://127.0.0.1:$nginx_port" "$WORK/outbox.jsonl" postgres "nginx → 2 CMS" || status=1
exit $status
