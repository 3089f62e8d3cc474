#!/usr/bin/env bash
# `npm run test:prod`: the Dockerfile's steps, run without Docker in a clean temporary folder, then the
# production server is exercised the way Cloud Run would:
#   build stage   — copy the sources, npm ci, npm run build (Prisma clients for both providers + Remix),
#                   npm prune --omit=dev
#   runtime stage — a second folder holding only what the Dockerfile's runtime stage copies
#   migrate       — npm run db:deploy against a fresh PostgreSQL database (the Cloud Run Job)
#   serve         — NODE_ENV=production node server.js; /healthz (with the Dockerfile's HEALTHCHECK
#                   command), /readyz, one page
#   stop          — a request blocked on a table lock is in flight, SIGTERM: it completes with 200,
#                   new connections are refused, the process exits 0 within 10 s
# scripts/prod-path-check.test.ts checks that the `step` commands and RUNTIME_FILES below are exactly the
# Dockerfile's RUN npm … commands and COPY --from=build sources. Needs: git, npm, psql, PostgreSQL
# (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres). KEEP=1 keeps the folder.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ADMIN_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/suzumina-prod-XXXXXX")"
DB_NAME="suz_prod_$(date +%s)_$$"
SERVER_PID=""
started=$(date +%s)

# What the runtime stage copies from the build stage (Dockerfile: COPY --from=build …).
RUNTIME_FILES=(node_modules build public prisma app/db/provider.ts scripts/backup.ts package.json package-lock.json server.js prisma.config.ts)

log() { printf '\n== prod-path: %s (+%ss)\n' "$*" "$(($(date +%s) - started))"; }
die() { printf 'prod-path: FAIL: %s\n' "$*" >&2; [ -f "$WORK/server.log" ] && tail -n 40 "$WORK/server.log" >&2; exit 1; }
step() { log "$*"; "$@"; }
# GET url [header] → body on stdout; exit 0 only for a 2xx answer (Node's fetch: no curl needed).
http_get() {
  node -e 'const [u, h] = process.argv.slice(1); const headers = h ? { [h.slice(0, h.indexOf(":"))]: h.slice(h.indexOf(":") + 1).trim() } : {};
fetch(u, { headers }).then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 22); }, () => process.exit(7));' "$@"
}
db_url() { node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$ADMIN_URL" "$1"; }

cleanup() {
  local rc=$?
  [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null || true
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT

# --- build context: the sources (tracked + new, minus ignored), as `docker build .` would send them ---
log "copy sources to $WORK/build"
mkdir -p "$WORK/build" "$WORK/runtime"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
  tar --null -T - -cf -) | tar -xf - -C "$WORK/build"

# --- deps + build stages ------------------------------------------------------------------------------
cd "$WORK/build"
step npm ci --no-audit --no-fund
step npm run build
step npm prune --omit=dev --no-audit --no-fund
step npm run prune:prod

# --- runtime stage ------------------------------------------------------------------------------------
log "assemble runtime folder"
for f in "${RUNTIME_FILES[@]}"; do
  mkdir -p "$WORK/runtime/$(dirname "$f")"
  cp -a "$WORK/build/$f" "$WORK/runtime/$f"
done
mkdir -p "$WORK/runtime/data"
cd "$WORK/runtime"
[ -x node_modules/.bin/prisma ] || die "the Prisma CLI is missing from the runtime folder"
[ ! -e node_modules/vitest ] || die "dev dependencies were not pruned"

# --- migrations: the Cloud Run Job's command, against a fresh PostgreSQL database ---------------------
psql -q "$ADMIN_URL" -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
DATABASE_URL="$(db_url "$DB_NAME")"
export DATABASE_URL
log "npm run db:deploy"
NODE_ENV=production npm run db:deploy

# --- serve --------------------------------------------------------------------------------------------
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
BASE="http://127.0.0.1:$PORT"
log "NODE_ENV=production node server.js on :$PORT"
NODE_ENV=production PORT="$PORT" HOST=127.0.0.1 LOG_LEVEL=info \
  SESSION_SECRET="$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')" \
  ACCESS_POLICY=open GOOGLE_CLIENT_ID=prod-path-check.apps.googleusercontent.com GOOGLE_CLIENT_SECRET=prod-path-check \
  APP_URL="$BASE" METRICS_TOKEN=prod-path-check-metrics-token \
  node server.js >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 100); do
  http_get "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "server exited during start-up"
  sleep 0.2
done
# the image's HEALTHCHECK command, taken from the Dockerfile itself
HEALTHCHECK_JS="$(node -e 'const d=require("fs").readFileSync(process.argv[1],"utf8");console.log(JSON.parse(/HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(d)[1])[2])' "$WORK/build/Dockerfile")"
PORT="$PORT" node -e "$HEALTHCHECK_JS" || die "the Dockerfile HEALTHCHECK command failed"
http_get "$BASE/readyz" | grep -q '"status":"ok"' || die "/readyz is not ready"
http_get "$BASE/" | grep -q 'data-testid="member-count"' || die "the home page did not render"
http_get "$BASE/metrics" "Authorization: Bearer prod-path-check-metrics-token" |
  grep -q '^http_request_duration_seconds_count{method="GET",route="routes/_index",status="200"}' ||
  die "/metrics lacks the page's request"
grep -q '"msg":"request"' "$WORK/server.log" || die "no JSON request log line"
echo "healthz, HEALTHCHECK, readyz, home page, metrics, request log: ok"

# --- graceful stop with a request in flight -------------------------------------------------------------
log "SIGTERM with a request blocked on a table lock"
psql -q "$DATABASE_URL" -c "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT;" >/dev/null &
LOCK_PID=$!
sleep 0.3
node -e 'const fs = require("fs"); const [u, out] = process.argv.slice(1);
fetch(u).then(async (r) => { fs.writeFileSync(out + ".html", await r.text()); fs.writeFileSync(out + ".status", String(r.status)); },
  (e) => { console.error(e); process.exit(1); });' "$BASE/" "$WORK/inflight" &
CURL_PID=$!
for _ in $(seq 1 50); do
  [ "$(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM pg_locks WHERE NOT granted")" -gt 0 ] && break
  sleep 0.05
done
[ "$(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM pg_locks WHERE NOT granted")" -gt 0 ] || die "the request never blocked"
t0=$(date +%s%N)
kill -TERM "$SERVER_PID"
sleep 0.3
if http_get "$BASE/healthz" >/dev/null 2>&1; then die "still accepting connections after SIGTERM"; fi
set +e
wait "$SERVER_PID"
rc=$?
set -e
SERVER_PID=""
elapsed_ms=$((($(date +%s%N) - t0) / 1000000))
wait "$CURL_PID" || die "the in-flight request failed"
wait "$LOCK_PID" || true
[ "$rc" = 0 ] || die "server exit code $rc after SIGTERM"
[ "$elapsed_ms" -lt 10000 ] || die "shutdown took ${elapsed_ms} ms"
[ "$(cat "$WORK/inflight.status")" = 200 ] || die "in-flight request answered $(cat "$WORK/inflight.status")"
grep -q 'data-testid="member-count"' "$WORK/inflight.html" || die "in-flight response incomplete"
grep -q '"msg":"stopped"' "$WORK/server.log" || die "no clean stop (pool close) in the log"
echo "in-flight request: 200; refused new connections; exit 0 after ${elapsed_ms} ms"
log "production path ok"
