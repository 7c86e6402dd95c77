#!/usr/bin/env bash
# Signature benchmark: 2,000 submissions at concurrency 50, then their confirmations,
# against the CMS on SQLite and on PostgreSQL, on loopback. Prints one table. Not a test.
# Target: ≥ 300 accepted submissions/s on SQLite, p99 ≤ 200 ms.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

CMS_PORT=${BENCH_CMS_PORT:-13385}
PG_PORT=${BENCH_PG_PORT:-55442}
WORK="$(mktemp -d /tmp/passerelle-bench-participation.XXXXXX)"
chmod 755 "$WORK"
pids=()
cleanup() { for pid in "${pids[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done; stop_postgres "$WORK/pg"; }
trap cleanup EXIT

# Fresh random secrets for this run (production refuses short or default ones; test ignores them).
random_secret() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }
cms_secrets=(APP_KEYS="$(random_secret),$(random_secret)")
for name in ADMIN_JWT_SECRET API_TOKEN_SALT TRANSFER_TOKEN_SALT JWT_SECRET ENCRYPTION_KEY PARTICIPATION_SECRET ALTCHA_HMAC_KEY; do
  cms_secrets+=("$name=$(random_secret)")
done

# NODE_ENV=test: the benchmark reads each code from the dev outbox file, which the CMS refuses to
# use in production (it requires SMTP_HOST and SMS_PROVIDER there). synchronous=FULL, as in
# production. The bench plays the proxy on loopback and gives each submission its own address in
# X-Forwarded-For (TRUSTED_PROXIES=loopback).
run_cms() {
  local label=$1; shift
  (cd cms && exec env NODE_ENV=test "${cms_secrets[@]}" ADMIN_EMAIL=bench@exemple.ca ADMIN_PASSWORD='Bench-bench-2026!' SEED_DEMO_DATA=true \
    DEV_OUTBOX_FILE="$WORK/outbox-$label.jsonl" HOST=127.0.0.1 PORT="$CMS_PORT" LOG_LEVEL=warn TRUSTED_PROXIES=loopback "$@" \
    node scripts/serve.js >"$WORK/cms-$label.log" 2>&1) &
  cms_pid=$!
  pids+=($cms_pid)
  wait_for_url "http://127.0.0.1:$CMS_PORT/_health" 180 || { tail -n 20 "$WORK/cms-$label.log"; exit 1; }
}

echo "| Database | Signatures | Submit | p50 ms | p99 ms | Confirm | p50 ms | p99 ms | Stored/accepted | Counted/confirmed | Duplicates | Audit |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
run_cms sqlite DATABASE_FILENAME="$WORK/cms.db"
node tests/bench/participation.mjs "http://127.0.0.1:$CMS_PORT" "$WORK/outbox-sqlite.jsonl" "sqlite:$WORK/cms.db" SQLite
stop_pid "$cms_pid"

ensure_postgres >/dev/null
start_postgres "$WORK/pg" "$PG_PORT" passerelle_bench >/dev/null
export DATABASE_HOST=127.0.0.1 DATABASE_PORT="$PG_PORT" DATABASE_NAME=passerelle_bench DATABASE_USERNAME=postgres
run_cms postgres DATABASE_CLIENT=postgres DATABASE_PASSWORD=''
node tests/bench/participation.mjs "http://127.0.0.1:$CMS_PORT" "$WORK/outbox-postgres.jsonl" postgres PostgreSQL
