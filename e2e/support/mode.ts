// Which kind of run this is. Local: global-setup starts PostgreSQL database, mock Google and servers and
// publishes their addresses in E2E_APP_URL / E2E_MOCK_OIDC_URL / E2E_DATABASE_URL (workers inherit the
// runner's environment). Staging: E2E_BASE_URL names a deployed app and nothing is started.
export const STAGING_BASE_URL = process.env.E2E_BASE_URL?.replace(/\/+$/, "") || undefined;
export const isStaging = STAGING_BASE_URL !== undefined;

export const MOCK_ONLY_REASON =
  "needs the mock Google provider (E2E_BASE_URL is set: staging runs sign in by minted sessions only)";
export const LOCAL_ONLY_REASON = "starts its own server with another ACCESS_POLICY (not possible against E2E_BASE_URL)";

export function appUrl(): string {
  const url = STAGING_BASE_URL ?? process.env.E2E_APP_URL;
  if (!url) throw new Error("E2E_APP_URL is not set: run the suite with `npm run test:e2e` (global-setup starts the app)");
  return url;
}

export function mockIssuer(): string {
  const url = process.env.E2E_MOCK_OIDC_URL;
  if (!url) throw new Error("E2E_MOCK_OIDC_URL is not set: the mock provider runs only in local e2e runs");
  return url;
}

/** The database the app under test uses; assertions read it directly. */
export function databaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) {
    throw new Error(
      isStaging
        ? "E2E_DATABASE_URL is required with E2E_BASE_URL: the journeys check what the staging database holds"
        : "E2E_DATABASE_URL is not set: run the suite with `npm run test:e2e`",
    );
  }
  return url;
}
