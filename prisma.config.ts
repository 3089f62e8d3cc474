// Prisma CLI configuration: the provider follows DATABASE_URL, so `prisma migrate dev|deploy|status|diff`
// work unchanged against whichever database the URL names (prisma/<provider>/{schema.prisma,migrations}).
import "dotenv/config";
import { defineConfig } from "prisma/config";
import { DEFAULT_DEV_DATABASE_URL, providerOf } from "./app/db/provider";

const url =
  process.env.DATABASE_URL ?? (process.env.NODE_ENV === "production" ? undefined : DEFAULT_DEV_DATABASE_URL);
if (!url) throw new Error("DATABASE_URL is not set (required when NODE_ENV=production)");
const provider = providerOf(url);

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: {
    path: `prisma/${provider}/migrations`,
    seed: "node --import tsx prisma/seed.ts",
  },
  datasource: {
    url,
    // PostgreSQL `migrate dev`/`migrate diff --from-migrations` need a scratch database; SQLite makes its own.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
