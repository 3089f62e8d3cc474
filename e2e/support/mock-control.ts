// Client for the mock Google's test-only control endpoint (scripts/mock-oidc.ts): what the provider
// returns for an e-mail from now on.
import { mockIssuer } from "./mode";

export interface MockProfile {
  email: string;
  name?: string;
  picture?: string;
  email_verified?: boolean;
  /** The authorize endpoint redirects back with error=access_denied. */
  deny?: boolean;
  hd?: string;
}

export async function setMockProfile(profile: MockProfile): Promise<void> {
  const res = await fetch(`${mockIssuer()}/__mock/profile`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(profile),
  });
  if (!res.ok) throw new Error(`mock profile for ${profile.email}: HTTP ${res.status} ${await res.text()}`);
}
