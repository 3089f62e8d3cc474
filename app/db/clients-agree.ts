// A type-level check, run by `tsc` (npm run typecheck): the two generated clients must have the same
// models with the same fields. The app types both as the SQLite client (client.server.ts `Db`), so a
// stale PostgreSQL client would otherwise pass the typecheck and fail at run time ("reading 'upsert'
// of undefined"). On a mismatch the error names the file to run: `npm run db:generate`.
import type { Prisma as PostgresPrisma } from "./generated/postgresql/client";
import type { Prisma as SqlitePrisma } from "./generated/sqlite/client";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Fields<Map extends { model: Record<string, { payload: { scalars: unknown } }> }> = {
  [Model in keyof Map["model"]]: Map["model"][Model]["payload"]["scalars"];
};

/** Different models, or fields of a model: the clients are stale — run `npm run db:generate`. */
export const sameModels: Same<SqlitePrisma.ModelName, PostgresPrisma.ModelName> = true;
/** Different models, or fields of a model: the clients are stale — run `npm run db:generate`. */
export const sameFields: Same<Fields<SqlitePrisma.TypeMap>, Fields<PostgresPrisma.TypeMap>> = true;
