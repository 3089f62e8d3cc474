// Every query's duration goes to the histogram; slow ones are also logged with their SQL text (which
// holds placeholders, never the values) so a slow page can be traced to a statement.
import { onQuery } from "~/db/query-events.server";
import { logger } from "./logger.server";
import { metrics, statementKind } from "./metrics.server";

const MAX_SQL = 2000;
let unsubscribe: (() => void) | undefined;

export function watchQueries(slowQueryMs: number): void {
  unsubscribe?.();
  unsubscribe = onQuery(({ query, duration }) => {
    metrics.queryDuration.observe({ operation: statementKind(query) }, duration / 1000);
    if (duration >= slowQueryMs) {
      metrics.slowQueries.inc();
      logger.warn({ query: query.slice(0, MAX_SQL), durationMs: Math.round(duration), slowQueryMs }, "slow query");
    }
  });
}
