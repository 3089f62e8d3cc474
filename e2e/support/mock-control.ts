// Client for the mock Google's test-only control endpoint (scripts/mock-oidc.ts): what the provider
// returns for an e-mail from now on.
import type { MockProfileOverride } from "../../scripts/mock-oidc";
import { providerFetch } from "~test/tls";
import { mockIssuer } from "./mode";

/** The profile override the mock accepts (its own type, so the two cannot drift). */
export type MockProfile = MockProfileOverride;

export async function setMockProfile(profile: MockProfile): Promise<void> {
  // the mock is served over HTTPS with the test CA
  const res = await providerFetch(`${mockIssuer()}/__mock/profile`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(profile),
  });
  if (res.status !== 200) throw new Error(`mock profile for ${profile.email}: HTTP ${res.status} ${res.text}`);
}
