// `npm run db:purge-sessions`: deletes expired sessions and invitations (for a cron / Cloud Scheduler job;
// sign-ins also purge expired sessions as they go).
import { closeDatabase } from "~/db/client.server";
import { purgeExpiredInvites } from "~/models/invite.server";
import { purgeExpiredSessions } from "~/models/session.server";

try {
  const sessions = await purgeExpiredSessions();
  const invites = await purgeExpiredInvites();
  console.log(`purged ${sessions} expired sessions, ${invites} expired invitations`);
} finally {
  await closeDatabase();
}
