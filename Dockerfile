# syntax=docker/dockerfile:1
# Production image: deps → build → runtime on slim Debian with Node 20.
# `npm run test:prod` (scripts/prod-path-check.sh) runs these same steps without Docker, and
# scripts/prod-path-check.test.ts fails if the two drift apart (commands, runtime files, start command).
#   docker build -t suzumina-web .
#   docker run --rm -p 8080:8080 -e DATABASE_URL=… -e SESSION_SECRET=… … suzumina-web
# Migrations are a separate step with the same image: `npm run db:deploy` (Cloud Run Job / Fly release_command).

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

# --- build: Prisma clients for both providers, Remix build, then drop dev dependencies ------------
FROM deps AS build
COPY . .
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund
# Drops what neither `node server.js` nor `prisma migrate deploy` loads (Studio UI, other providers'
# query compilers, build leftovers, maps, typings): 364 → 149 MB; checked by `npm run bench -- size`.
RUN npm run prune:prod

# --- runtime: only what `node server.js` and `npm run db:deploy` need, as a non-root user ---------
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
ENV PORT=8080
# The Prisma CLI (a production dependency) stays in node_modules for `npm run db:deploy`.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/app/db/provider.ts ./app/db/provider.ts
COPY --from=build /app/scripts/backup.ts ./scripts/backup.ts
COPY --from=build /app/package.json /app/package-lock.json /app/server.js /app/prisma.config.ts ./
# SQLite deployments mount a volume here (DATABASE_URL=file:./data/app.db); the app user must own it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
