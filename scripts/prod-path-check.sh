#!/usr/bin/env bash
# `npm run test:prod`: the Dockerfile's steps, run without Docker in a clean temporary folder, then both
# images are used the way Cloud Run would use them:
#   build stage    — copy the sources, npm ci, npm run build (Prisma clients for both providers, Remix,
#                    the compiled operator scripts), npm prune --omit=dev, npm run prune:prod
#   migrate target — a folder holding what the Dockerfile's migrate target copies (with the Prisma CLI)
#   runtime target — npm run prune:runtime, then a folder holding what the runtime target copies (no CLI,
#                    node_modules under the 80 MB budget); MIGRATE_ON_START is refused there in one line
#   migrate        — npm run db:deploy from the migrate folder against a fresh PostgreSQL database
#   serve          — NODE_ENV=production node server.js from the runtime folder; /healthz (with the
#                    Dockerfile's HEALTHCHECK command), /readyz, one page, /metrics
#   stop           — a request blocked on a table lock is in flight, SIGTERM: it completes with 200,
#                    new connections are refused, the process exits 0 within 10 s
#   both engines   — scripts/prod-trees.ts (run from this checkout, for the mock Google and the HTTP
#                    client): db:deploy from the migrate folder on empty SQLite and PostgreSQL databases,
#                    a signed-in page from the runtime folder, and the operator commands there:
#                    db:purge-sessions, db:backup of the live SQLite file, db:transfer SQLite → PostgreSQL
# scripts/prod-path-check.test.ts checks that the `step` commands and the *_FILES lists below are exactly
# the Dockerfile's RUN npm … commands and COPY --from=… sources. Needs: git, npm, PostgreSQL
# (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres) and this checkout's
# node_modules (`npm ci`). KEEP=1 keeps the folder; REUSE=<a kept folder> skips the copy and the build and
# runs everything from the migrations on again with the folders built before (scripts/stress-timing.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ADMIN_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
if [ -n "${REUSE:-}" ]; then
  [ -d "$REUSE/migrate" ] && [ -d "$REUSE/runtime" ] && [ -f "$REUSE/stage/Dockerfile" ] ||
    { echo "prod-path: REUSE=$REUSE is not a folder kept by KEEP=1 (no migrate/, runtime/ or stage/)" >&2; exit 2; }
  WORK="$(cd "$REUSE" && pwd)"
  KEEP=1
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/suzumina-prod-XXXXXX")"
fi
DB_NAME="suz_prod_$(date +%s)_$$"
SERVER_PID=""
started=$(date +%s)

# What the targets copy (Dockerfile: COPY --from=…): the app stage's files (both targets, from build), the
# migrate stage's (from build, after prune:prod) and the runtime stage's (from runtime-deps).
APP_FILES=(build public prisma scripts/operator.js package.json package-lock.json server.js)
MIGRATE_FILES=(node_modules app/db/provider.ts prisma.config.ts)
RUNTIME_FILES=(node_modules)
RUNTIME_BUDGET_MB=80

log() { printf '\n== prod-path: %s (+%ss)\n' "$*" "$(($(date +%s) - started))"; }
die() { printf 'prod-path: FAIL: %s\n' "$*" >&2; [ -f "$WORK/server.log" ] && tail -n 40 "$WORK/server.log" >&2; exit 1; }
step() { log "$*"; "$@"; }
# assemble <target> files… — the target's folder, as its COPY --from=… lines fill /app
assemble() {
  local dir="$WORK/$1" f
  shift
  log "assemble the $(basename "$dir") folder"
  for f in "$@"; do
    mkdir -p "$dir/$(dirname "$f")"
    cp -a "$WORK/stage/$f" "$dir/$f"
  done
  mkdir -p "$dir/data"
}
# GET url [header] → body on stdout; exit 0 only for a 2xx answer (Node's fetch: no curl needed).
http_get() {
  node -e 'const [u, h] = process.argv.slice(1); const headers = h ? { [h.slice(0, h.indexOf(":"))]: h.slice(h.indexOf(":") + 1).trim() } : {};
fetch(u, { headers }).then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 22); }, () => process.exit(7));' "$@"
}
db_url() { node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$ADMIN_URL" "$1"; }
# SQL through the project's own pg driver (no psql needed): test-support/sql.js
sql() { node "$ROOT/test-support/sql.js" "$@"; }
mb() { echo $(($(du -sb "$1" | cut -f1) / 1024 / 1024)); }

cleanup() {
  local rc=$?
  [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null || true
  sql "$ADMIN_URL" "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
[ -d "$ROOT/node_modules/tsx" ] || die "run \`npm ci\` in $ROOT first (the two-engine checks use its mock Google sign-in)"

if [ -z "${REUSE:-}" ]; then
# --- build context: the sources (tracked + new, minus ignored), as `docker build .` would send them ---
log "copy sources to $WORK/stage"
mkdir -p "$WORK/stage"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
  tar --null -T - -cf -) | tar -xf - -C "$WORK/stage"

# --- deps + build stages, then the targets ------------------------------------------------------------
cd "$WORK/stage"
step npm ci --no-audit --no-fund
step npm run build
step npm prune --omit=dev --no-audit --no-fund
step npm run prune:prod
assemble migrate "${APP_FILES[@]}" "${MIGRATE_FILES[@]}"
step npm run prune:runtime
assemble runtime "${APP_FILES[@]}" "${RUNTIME_FILES[@]}"

[ -x "$WORK/migrate/node_modules/.bin/prisma" ] || die "the Prisma CLI is missing from the migrate folder"
[ ! -e "$WORK/runtime/node_modules/prisma" ] && [ ! -e "$WORK/runtime/node_modules/@prisma/engines" ] ||
  die "the Prisma CLI is still in the runtime folder"
for t in migrate runtime; do
  [ ! -e "$WORK/$t/node_modules/vitest" ] && [ ! -e "$WORK/$t/node_modules/tsx" ] || die "dev dependencies were not pruned ($t)"
  [ -f "$WORK/$t/build/scripts/backup.js" ] || die "no compiled operator scripts in the $t folder"
done
echo "node_modules: migrate $(mb "$WORK/migrate/node_modules") MB, runtime $(mb "$WORK/runtime/node_modules") MB (budget < $RUNTIME_BUDGET_MB MB)"
[ "$(mb "$WORK/runtime/node_modules")" -lt "$RUNTIME_BUDGET_MB" ] || die "the runtime node_modules is over the budget"
else
  log "REUSE: the folders built before in $WORK"
fi

# --- migrations: the Cloud Run Job's command in the migrate folder, on a fresh PostgreSQL database ------
sql "$ADMIN_URL" "CREATE DATABASE \"$DB_NAME\"" >/dev/null
DATABASE_URL="$(db_url "$DB_NAME")"
export DATABASE_URL
log "npm run db:deploy (migrate folder)"
(cd "$WORK/migrate" && NODE_ENV=production npm run db:deploy)

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
BASE="http://127.0.0.1:$PORT"
SERVE_ENV=(NODE_ENV=production PORT="$PORT" HOST=127.0.0.1 LOG_LEVEL=info
  SESSION_SECRET="$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')"
  ACCESS_POLICY=open GOOGLE_CLIENT_ID=prod-path-check.apps.googleusercontent.com GOOGLE_CLIENT_SECRET=prod-path-check
  APP_URL="$BASE" METRICS_TOKEN=prod-path-check-metrics-token)
cd "$WORK/runtime"

log "MIGRATE_ON_START=1 in the runtime folder: refused in one line"
set +e
refusal="$(env "${SERVE_ENV[@]}" MIGRATE_ON_START=1 node server.js 2>&1)"
rc=$?
set -e
[ "$rc" = 1 ] && [ "$(printf '%s\n' "$refusal" | wc -l)" = 1 ] && grep -q "needs the Prisma CLI" <<<"$refusal" ||
  die "MIGRATE_ON_START without the CLI: exit $rc, $refusal"
echo "$refusal"

# --- serve --------------------------------------------------------------------------------------------
log "NODE_ENV=production node server.js on :$PORT (runtime folder)"
env "${SERVE_ENV[@]}" node server.js >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 100); do
  http_get "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "server exited during start-up"
  sleep 0.2
done
# the image's HEALTHCHECK command, taken from the Dockerfile itself
HEALTHCHECK_JS="$(node -e 'const d=require("fs").readFileSync(process.argv[1],"utf8");console.log(JSON.parse(/HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(d)[1])[2])' "$WORK/stage/Dockerfile")"
PORT="$PORT" node -e "$HEALTHCHECK_JS" || die "the Dockerfile HEALTHCHECK command failed"
# Readiness is probed the way Cloud Run's startup probe does it: again until it passes. The first ping opens
# the pool's first connection, which on a loaded machine can outlast READYZ_TIMEOUT_MS (800 ms); the bound
# is the pool's connect timeout (5 s) plus a loaded machine's slack.
ready_by=$((SECONDS + 6))
until http_get "$BASE/readyz" 2>/dev/null | grep -q '"status":"ok"'; do
  [ "$SECONDS" -lt "$ready_by" ] || die "/readyz is not ready after 6 s"
  sleep 0.2
done
http_get "$BASE/" | grep -q 'data-testid="member-count"' || die "the home page did not render"
http_get "$BASE/metrics" "Authorization: Bearer prod-path-check-metrics-token" |
  grep -q '^http_request_duration_seconds_count{method="GET",route="routes/_index",status="200"}' ||
  die "/metrics lacks the page's request"
grep -q '"msg":"request"' "$WORK/server.log" || die "no JSON request log line"
echo "healthz, HEALTHCHECK, readyz, home page, metrics, request log: ok"

# --- graceful stop with a request in flight -------------------------------------------------------------
log "SIGTERM with a request blocked on a table lock"
# The lock is held until we release it (not for a fixed time): the request must be blocked inside it
# when SIGTERM arrives, however slow the machine.
sql --hold-lock users "$DATABASE_URL" "$WORK/release" > "$WORK/lock.out" &
LOCK_PID=$!
for _ in $(seq 1 600); do grep -q locked "$WORK/lock.out" 2>/dev/null && break; sleep 0.05; done
grep -q locked "$WORK/lock.out" || die "could not take the table lock"
node -e 'const fs = require("fs"); const [u, out] = process.argv.slice(1);
fetch(u).then(async (r) => { fs.writeFileSync(out + ".html", await r.text()); fs.writeFileSync(out + ".status", String(r.status)); },
  (e) => { console.error(e); process.exit(1); });' "$BASE/" "$WORK/inflight" &
CURL_PID=$!
blocked() { [ "$(sql "$DATABASE_URL" "SELECT count(*) FROM pg_locks WHERE NOT granted")" -gt 0 ]; }
for _ in $(seq 1 600); do blocked && break; sleep 0.05; done
blocked || die "the request never blocked"
t0=$(date +%s%N)
kill -TERM "$SERVER_PID"
# Refusing new connections must happen while the request is still blocked (the lock is ours).
for _ in $(seq 1 200); do http_get "$BASE/healthz" >/dev/null 2>&1 || break; sleep 0.05; done
if http_get "$BASE/healthz" >/dev/null 2>&1; then die "still accepting connections after SIGTERM"; fi
kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited before its in-flight request finished"
touch "$WORK/release"
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

# --- both engines and the operator commands ------------------------------------------------------------
log "both engines: migrate folder migrates, runtime folder serves signed-in pages and runs the operator commands"
(cd "$ROOT" && env -u DATABASE_URL node --import tsx scripts/prod-trees.ts "$WORK/migrate" "$WORK/runtime")
log "production path ok"
