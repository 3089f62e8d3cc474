#!/usr/bin/env bash
# `npm run prune:runtime`: turns the migrate image's node_modules (after `npm prune --omit=dev` and
# scripts/prune-prod.sh) into the runtime image's: the Prisma CLI goes, with every package only it
# needs (@prisma/engines, Studio, the `prisma dev` server, its config loader …), as npm computes it from
# the lockfile — package.json and package-lock.json are left as they are (--no-save). What stays is what
# `node server.js` and the compiled operator scripts load: @prisma/client's runtime with the SQLite and
# PostgreSQL query compilers, the driver adapters and drivers. --omit=optional keeps npm from putting
# back TypeScript (an optional peer that prune-prod.sh removed); --offline makes it fail rather than
# download anything. Checked by `npm run bench -- size` and `npm run test:prod`.
# Usage: scripts/prune-runtime.sh [project dir holding package.json and node_modules]
set -euo pipefail
cd "${1:-.}"
[ -d node_modules/@prisma/client ] || { echo "prune-runtime: $PWD/node_modules does not look like a node_modules folder" >&2; exit 1; }

npm uninstall prisma --no-save --omit=dev --omit=optional --offline --ignore-scripts --no-audit --no-fund

[ ! -e node_modules/prisma ] && [ ! -e node_modules/@prisma/engines ] || { echo "prune-runtime: the Prisma CLI is still there" >&2; exit 1; }
[ -d node_modules/@prisma/client/runtime ] || { echo "prune-runtime: @prisma/client went too" >&2; exit 1; }
