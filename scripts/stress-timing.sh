#!/usr/bin/env bash
# `npm run stress:timing [-- RUNS] [vitest|prod]`: the tests whose bounds are times — the PostgreSQL and
# SQLite fault tests, readiness under a network fault, graceful shutdown — and the production path check,
# each RUNS times in a row (default 20) while two CPU burners keep both cores of a 2-core machine busy.
# Prints how many runs passed; exits 1 if any failed (their logs are kept and named).
#
# The production path check builds its folders once (KEEP=1) and then runs everything from the migrations
# on RUNS times with them (REUSE=…): the copy, npm ci and the build hold no time bound, the serving,
# shutdown and operator steps do. Needs what `npm test` needs (PostgreSQL at TEST_DATABASE_URL or
# 127.0.0.1:5432, this checkout's node_modules). Takes long: ~1 min per vitest run, ~1 min per prod run,
# more on a loaded machine.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=20
WHAT=(vitest prod)
for a in "$@"; do
  case "$a" in
    '' ) ;;
    *[!0-9]*) [ "$a" = vitest ] || [ "$a" = prod ] || { echo "stress-timing: unknown argument $a (RUNS, vitest or prod)" >&2; exit 2; }
              WHAT=("$a") ;;
    *) RUNS="$a" ;;
  esac
done
FILES=(tests/fault-postgres.http.test.ts tests/fault-sqlite.http.test.ts
  app/observability/readiness-fault.http.test.ts app/observability/shutdown.http.test.ts)
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/suzumina-stress-XXXXXX")"
BURNERS=()
KEPT=""

cleanup() {
  local rc=$?
  for p in "${BURNERS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$KEPT" ] && rm -rf "$KEPT"
  exit $rc
}
trap cleanup EXIT INT TERM

# Two busy loops at normal priority: they compete with the tests for both cores.
for _ in 1 2; do
  node -e 'for (;;) {}' &
  BURNERS+=($!)
done
cd "$ROOT"
echo "stress-timing: $RUNS runs of: ${WHAT[*]}; two CPU burners (pids ${BURNERS[*]}); $(nproc) cores; logs in $LOGS"

results=()
loads=()
# run <name> <i> <command…> — one run, its log kept only when it failed
run() {
  local name=$1 i=$2 log
  shift 2
  log="$LOGS/$name-$i.log"
  local t0=$SECONDS
  if "$@" >"$log" 2>&1; then
    rm -f "$log"
    echo "  $name run $i/$RUNS: pass ($((SECONDS - t0)) s, load $(cut -d' ' -f1 /proc/loadavg))"
    return 0
  fi
  echo "  $name run $i/$RUNS: FAIL ($((SECONDS - t0)) s) — $log"
  return 1
}

for what in "${WHAT[@]}"; do
  passed=0
  case "$what" in
    vitest)
      echo "vitest: ${FILES[*]}"
      for i in $(seq 1 "$RUNS"); do
        run vitest "$i" npx vitest run --project http "${FILES[@]}" && passed=$((passed + 1))
        loads+=("$(cut -d' ' -f1 /proc/loadavg)")
      done
      ;;
    prod)
      echo "prod path check: building the folders once (KEEP=1)"
      out="$(KEEP=1 bash scripts/prod-path-check.sh 2>&1)" || { printf '%s\n' "$out" | tail -n 40; echo "stress-timing: the first production path check failed" >&2; exit 1; }
      KEPT="$(printf '%s\n' "$out" | sed -n 's/^kept //p' | tail -n 1)"
      [ -d "$KEPT" ] || { echo "stress-timing: the production path check kept no folder" >&2; exit 1; }
      for i in $(seq 1 "$RUNS"); do
        run prod "$i" env REUSE="$KEPT" bash scripts/prod-path-check.sh && passed=$((passed + 1))
        loads+=("$(cut -d' ' -f1 /proc/loadavg)")
      done
      ;;
  esac
  results+=("$what: $passed/$RUNS passed")
done

echo
echo "stress-timing: load average (1 min) after each run: ${loads[*]}"
for r in "${results[@]}"; do echo "stress-timing: $r"; done
for r in "${results[@]}"; do
  n="${r##*: }"
  [ "${n%%/*}" = "$RUNS" ] || exit 1
done
rmdir "$LOGS" 2>/dev/null || true
