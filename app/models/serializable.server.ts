// Check-then-write changes that must hold when two requests run at once (the last admin, one pending
// invitation per e-mail): one SERIALIZABLE transaction, retried when PostgreSQL aborts it as a write
// conflict (P2034). Under READ COMMITTED both requests would read the old state and both write; under
// SERIALIZABLE one of them is aborted and, retried, sees the other's write. SQLite runs one write
// transaction at a time, so it gets the same answer.
import { db, type Db } from "~/db/client.server";
import { isWriteConflict } from "~/db/unavailable.server";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const RETRIES = 8;

export async function serializable<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db().$transaction(fn, { isolationLevel: "Serializable", maxWait: 10_000, timeout: 15_000 });
    } catch (err) {
      if (!isWriteConflict(err) || attempt >= RETRIES) throw err;
      // a random, growing pause: two requests retried in lockstep would only collide again (on a busy
      // machine they did, past five immediate retries)
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
    }
  }
}
