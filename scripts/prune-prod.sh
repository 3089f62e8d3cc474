#!/usr/bin/env bash
# Run after `npm prune --omit=dev` (Dockerfile build stage, scripts/prod-path-check.sh): deletes from
# node_modules what the production server and `prisma migrate deploy` never load, to keep the image
# small. Each line is checked by `npm run bench -- size`, which runs migrate deploy on both engines and
# serves pages from a tree pruned by this script. Usage: scripts/prune-prod.sh [node_modules dir]
set -euo pipefail
NM="${1:-node_modules}"
[ -d "$NM/@prisma/client" ] || { echo "prune-prod: $NM does not look like a node_modules folder" >&2; exit 1; }

rm_all() { for p in "$@"; do rm -rf -- "$p"; done; }

# Prisma Studio's web UI and build metadata (the CLI requires studio-core's data modules at start-up,
# so those stay), and the embedded PostgreSQL of `prisma dev` (loaded only by that command).
rm_all "$NM/@prisma/studio-core/dist/ui" "$NM"/@prisma/studio-core/dist/metafile-*.json
rm_all "$NM"/@electric-sql/pglite*
rm_all "$NM/prisma/build/studio.js" "$NM/prisma/build/studio.css"
# Query compilers of the providers this app does not use (it runs SQLite or PostgreSQL), in the
# client runtime and in the CLI; the client loads the "fast" variant, so the "small" one goes too.
for p in mysql cockroachdb sqlserver; do
  rm_all "$NM"/@prisma/client/runtime/query_compiler_*_bg."$p".* "$NM"/prisma/build/query_compiler_*_bg."$p".*
done
rm_all "$NM"/@prisma/client/runtime/query_compiler_small_bg.* "$NM"/@prisma/client/runtime/wasm-compiler-edge.*
# better-sqlite3 keeps only its compiled addon and JavaScript: the SQLite sources and build objects stay behind.
rm_all "$NM/better-sqlite3/deps" "$NM/better-sqlite3/src" "$NM/better-sqlite3/build/Release/obj" \
  "$NM/better-sqlite3/build/Release/obj.target" "$NM/better-sqlite3/build/Release/sqlite3.a" \
  "$NM/better-sqlite3/build/Release/test_extension.node" "$NM/better-sqlite3/build/deps"
# TypeScript is only an optional peer of @prisma/client and Remix (types); nothing loads it at run time.
rm_all "$NM/typescript"
# Source maps and type declarations are for editors and debuggers, not for `node server.js`.
find "$NM" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete
