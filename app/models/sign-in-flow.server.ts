// Used sign-in flows: the flow cookie (app/auth/flow.server.ts) is single use, and a copy of it kept by
// someone else must not finish a second sign-in. Every instance of the app must know, so the used flow
// ids live in verification_tokens as identifier "flow:<SHA-256 of the id>" until the flow would have
// expired anyway (no "@": never taken for an invitation).
import { db } from "~/db/client.server";
import { hashToken } from "./session.server";

export const FLOW_PREFIX = "flow:";

/** Marks the flow used; false when it was used before (a replayed flow cookie). */
export async function consumeSignInFlow(flowId: string, expires: Date, now = new Date()): Promise<boolean> {
  // the markers of expired flows are useless: cleaning here needs no scheduler (a range scan on expires)
  await db().verificationToken.deleteMany({ where: { identifier: { startsWith: FLOW_PREFIX }, expires: { lte: now } } });
  try {
    await db().verificationToken.create({ data: { identifier: FLOW_PREFIX + hashToken(flowId), token: "used", expires } });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}
