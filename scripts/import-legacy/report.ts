// How an import looks to the operator: one summary table with what was imported, what was left out
// and why, the checks, and the members who need a claim link to sign in again.
import { fmt, rate, table } from "../transfer/report";
import type { ImportReport } from "./import";

export function importSummary(r: ImportReport): string {
  const byTable = new Map(r.tables.map((t) => [t.table, t]));
  const check = (name: string) => {
    const t = byTable.get(name);
    if (!t) return ["", ""];
    return [t.targetChecksum, t.sourceRows === t.targetRows && t.sourceChecksum === t.targetChecksum ? "yes" : "NO"];
  };
  const collapsed = r.accounts.duplicatesCollapsed.reduce((n, c) => n + c.dropped.length, 0);
  const accountNotes = [
    collapsed ? `${fmt(collapsed)} duplicates collapsed` : "",
    r.accounts.orphansSkipped.length ? `${fmt(r.accounts.orphansSkipped.length)} orphans skipped` : "",
  ].filter(Boolean);
  const rows = [
    ["users", fmt(r.users.read), fmt(r.users.imported), r.users.emailsCleared.length ? `${fmt(r.users.emailsCleared.length)} e-mails cleared` : "—", ...check("users")],
    ["accounts", fmt(r.accounts.read), fmt(r.accounts.imported), accountNotes.join(", ") || "—", ...check("accounts")],
    ["sessions", fmt(r.sessions.dropped), "0", `dropped (${fmt(r.sessions.live)} live, ${fmt(r.sessions.expired)} expired)`, ...check("sessions")],
    ["verification_tokens", fmt(r.verificationTokens.dropped), "0", "dropped", ...check("verification_tokens")],
  ];
  const read = r.users.read + r.accounts.read + r.sessions.dropped + r.verificationTokens.dropped;
  return [
    `${r.dryRun ? "dry run: " : ""}${r.from} (${r.shape}) → ${r.to}`,
    table(["table", "source rows", "imported", "not imported", "checksum", "match"], rows, 1, 3),
    `e-mails cleared because an earlier member has the same address: ${fmt(r.users.emailsCleared.length)}`,
    `members without an e-mail, who sign in again through a claim link from /admin/users: ${fmt(r.users.withoutEmail.length)}`,
    `generated avatars for an empty avatar_url: ${fmt(r.users.avatarsGenerated)}`,
    `OAuth tokens, sessions and verification tokens are not carried: every member signs in with Google once more.`,
    `${fmt(r.users.imported)} users and ${fmt(r.accounts.imported)} accounts imported and verified (row counts and checksums match) in ` +
      `${(r.ms / 1000).toFixed(1)} s (${fmt(read)} source rows, ${fmt(rate(read, r.ms))} rows/s); ` +
      (r.committed ? "committed." : "dry run: rolled back, nothing was written."),
  ].join("\n");
}
