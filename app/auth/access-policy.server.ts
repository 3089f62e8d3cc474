// The community gate: who may become (or stay) a signed-in member under ACCESS_POLICY.
import type { AccessPolicy } from "./config.server";
import type { NotAllowedReason } from "./errors";

export interface AccessSettings {
  policy: AccessPolicy;
  allowedDomains: string[];
  adminEmails: string[];
}

export interface Applicant {
  /** lower-cased */
  email: string | null;
  emailVerified: boolean;
  /** already a member (known account, or a user row with this verified e-mail) */
  isKnown: () => Promise<boolean>;
  hasInvite: () => Promise<boolean>;
}

export type AccessDecision = { allowed: true; viaInvite: boolean } | { allowed: false; reason: NotAllowedReason };

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export async function decideAccess(s: AccessSettings, who: Applicant): Promise<AccessDecision> {
  if (s.policy === "open") return { allowed: true, viaInvite: false };
  // Under a gate, an e-mail Google has not verified proves nothing.
  if (!who.email || !who.emailVerified) return { allowed: false, reason: "unverified" };
  // ADMIN_EMAILS always get in, or a fresh invite-only site could never be administered.
  if (s.adminEmails.includes(who.email)) return { allowed: true, viaInvite: false };
  if (s.policy === "domain") {
    return s.allowedDomains.includes(emailDomain(who.email)) ? { allowed: true, viaInvite: false } : { allowed: false, reason: "domain" };
  }
  // invite: members admitted before keep their access; newcomers need an unexpired invitation
  if (await who.isKnown()) return { allowed: true, viaInvite: false };
  if (await who.hasInvite()) return { allowed: true, viaInvite: true };
  return { allowed: false, reason: "invite" };
}
