// MAINTENANCE_MODE=read-only, the cut-over's write freeze (docs/migrating-to-postgresql.md): visitors and
// signed-in members keep reading, every write is refused with a friendly 503 and Retry-After, and
// nothing the app does on its own (session refreshes, purges, search-text backfill) writes. The database
// connections are read-only too (app/db/client.server.ts), so a write path forgotten here fails safe.
import { databaseEnv, env } from "~/env.server";
import { plainErrorPage } from "~/security/request-guard.server";

export function readOnly(): boolean {
  // databaseEnv: the data commands ask too, without the server's settings
  return databaseEnv().MAINTENANCE_MODE === "read-only";
}

// Methods that only read; everything else is a write (forms post here).
const READS = new Set(["GET", "HEAD", "OPTIONS"]);
// GET requests that write: the sign-in callback creates the member, the account and the session.
const WRITING_GETS = new Set(["/auth/google/callback"]);

interface Req {
  method: string;
  path: string;
}
interface Res {
  locals: Record<string, unknown>;
  setHeader(name: string, value: string | number): unknown;
  status(code: number): Res;
  type(t: string): Res;
  send(body: string): unknown;
}

/** Express middleware (server.js): 503 for every write while read-only; nothing at all otherwise. */
export function maintenanceGuard() {
  return (req: Req, res: Res, next: () => void) => {
    if (!readOnly() || (READS.has(req.method) && !WRITING_GETS.has(req.path))) return next();
    res.locals.maintenance = true; // logged as an answer, not a failure (app/observability/http.server.ts)
    res.setHeader("Retry-After", env().MAINTENANCE_RETRY_AFTER_SECONDS);
    res.setHeader("Cache-Control", "no-store");
    res.status(503).type("html").send(plainErrorPage(503, "maintenance"));
  };
}
