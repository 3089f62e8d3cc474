// The community gate: who may become (or stay) a signed-in member under ACCESS_POLICY.
import type { AccessPolicy } from "./config.server";
import type { NotAllowedReason } from "./errors";

export interface AccessSettings {
  policy: AccessPolicy;
  /** ALLOWED_EMAIL_DOMAINS: "example.org" (a Google Workspace domain) or "consumer:gmail.com" */
  allowedDomains: string[];
  adminEmails: string[];
}

export const CONSUMER_PREFIX = "consumer:";

export interface Applicant {
  /** lower-cased */
  email: string | null;
  emailVerified: boolean;
  /** Google's hosted-domain claim: present only for Google Workspace accounts */
  hd?: string;
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
    return domainAllowed(s.allowedDomains, who.email, who.hd) ? { allowed: true, viaInvite: false } : { allowed: false, reason: "domain" };
  }
  // invite: members admitted before keep their access; newcomers need an unexpired invitation
  if (await who.isKnown()) return { allowed: true, viaInvite: false };
  if (await who.hasInvite()) return { allowed: true, viaInvite: true };
  return { allowed: false, reason: "invite" };
}

/**
 * Anyone can make a consumer Google account for any address they can receive mail at, so the e-mail's
 * domain alone proves nothing about belonging to a Workspace: Google's `hd` claim does. A Workspace
 * entry needs the e-mail's domain and hd to both be it; a "consumer:" entry (gmail.com has no hd)
 * needs the e-mail's domain and no hd at all.
 */
export function domainAllowed(allowed: string[], email: string, hd: string | undefined): boolean {
  const domain = emailDomain(email);
  const hosted = hd?.trim().toLowerCase() || undefined;
  return allowed.some((entry) =>
    entry.startsWith(CONSUMER_PREFIX) ? entry.slice(CONSUMER_PREFIX.length) === domain && !hosted : entry === domain && hosted === domain,
  );
}
