// Prisma's query events, fanned out to whoever listens (metrics, slow-query log). Both generated
// clients emit the same event shape, so observers never know the engine. The event carries the SQL
// text with placeholders; parameter values (e.params) are never passed on.
export interface QueryEvent {
  /** SQL with placeholders ($1 / ?), no values. */
  query: string;
  /** Milliseconds. */
  duration: number;
}
type Listener = (e: QueryEvent) => void;

/** Pass as the client's `log` option so it emits query events. */
export const QUERY_LOG = [{ emit: "event", level: "query" }] as const satisfies { emit: "event"; level: "query" }[];

// On globalThis: `remix dev` rebuilds reload modules but keep the database singleton (and its $on hook).
const g = globalThis as typeof globalThis & { __suzuminaQueryListeners?: Set<Listener> };
const listeners = (g.__suzuminaQueryListeners ??= new Set());

interface Emitter {
  $on(event: "query", cb: (e: { query: string; duration: number }) => void): void;
}

/** Reports one statement to the listeners (Prisma's events, and reads run on the driver directly). */
export function emitQuery(event: QueryEvent): void {
  for (const l of listeners) l(event);
}

export function observeQueries(client: unknown): void {
  (client as Emitter).$on("query", (e) => {
    if (listeners.size === 0) return;
    emitQuery({ query: e.query, duration: Number(e.duration) });
  });
}

/** Subscribe; returns the unsubscribe function. */
export function onQuery(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
