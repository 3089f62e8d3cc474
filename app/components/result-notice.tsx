// What an admin action did, said plainly: done (green), nothing changed (neutral), refused (red).
import type { ReactNode } from "react";

export type ActionResult = { kind: "done"; message: string } | { kind: "unchanged"; message: string } | { kind: "failed"; error: string };

export function ResultNotice({ result, children }: { result: ActionResult; children?: ReactNode }) {
  const tone = result.kind === "done" ? "ok" : result.kind === "failed" ? "error" : "info";
  return (
    <div className={`notice ${tone}`} role={result.kind === "failed" ? "alert" : "status"} data-testid="admin-result" data-kind={result.kind}>
      <p>{result.kind === "failed" ? result.error : result.message}</p>
      {children}
    </div>
  );
}
