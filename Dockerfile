# syntax=docker/dockerfile:1
# Production images on slim Debian with Node 20: deps → build → runtime (default) and migrate.
# `npm run test:prod` (scripts/prod-path-check.sh) runs these same steps without Docker, and
# scripts/prod-path-check.test.ts fails if the two drift apart (commands, runtime files, start command).
#   docker build -t suzumina-web .
#   docker run --rm -p 8080:8080 -e DATABASE_URL=… -e SESSION_SECRET=… … suzumina-web
#   docker build --target migrate -t suzumina-web-migrate .    # + the Prisma CLI: `npm run db:deploy`
# Migrations are a separate step with the migrate image (Cloud Run Job / Fly release_command); the runtime
# image has no Prisma CLI. Operator commands (npm run db:backup, db:purge-sessions, db:transfer) run in both.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: all dependencies (dev ones too: the build needs them) ---------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# Toolchain for better-sqlite3 when no prebuilt binary fits; openssl for Prisma's schema engine.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ openssl ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build: Prisma clients for both providers, Remix build, operator scripts, then drop dev dependencies
FROM deps AS build
COPY . .
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund
# Drops what neither `node server.js` nor `prisma migrate deploy` loads (Studio UI, other providers'
# query compilers, build leftovers, maps, typings): 364 → 149 MB, the migrate target's node_modules.
RUN npm run prune:prod

# --- runtime-deps: the runtime target's node_modules — the Prisma CLI and all only it needs go (50 MB) ---
FROM build AS runtime-deps
RUN npm run prune:runtime

# --- app: what both targets run — server build, compiled operator scripts, static files — as user node ---
FROM ${NODE_IMAGE} AS app
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
ENV PORT=8080
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
# Schemas and migrations: the migrate target's CLI applies them; operator scripts (db:import-legacy)
# check a target database against this release's migration list.
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts/operator.js ./scripts/operator.js
COPY --from=build /app/package.json /app/package-lock.json /app/server.js ./
# SQLite deployments mount a volume here (DATABASE_URL=file:./data/app.db); the app user must own it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]

# --- migrate: `docker build --target migrate` — the app plus the Prisma CLI and its configuration; runs
# `npm run db:deploy` (Cloud Run Job, Fly release_command); serves too with the command `node server.js`.
FROM app AS migrate
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/app/db/provider.ts ./app/db/provider.ts
COPY --from=build /app/prisma.config.ts ./prisma.config.ts
CMD ["npm", "run", "db:deploy"]

# --- runtime (the default target): the app without the Prisma CLI --------------------------------------
FROM app AS runtime
COPY --from=runtime-deps /app/node_modules ./node_modules
