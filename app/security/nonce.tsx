// The CSP nonce of the current response, for the <script> tags React renders (Scripts,
// ScrollRestoration, LiveReload). server.js makes it per request (securityMiddleware) and passes it as
// loadContext.cspNonce; entry.server provides it here. In the browser it is "": browsers hide nonces
// from the DOM, and scripts added after hydration are trusted through 'strict-dynamic'.
import { createContext, useContext, type ReactNode } from "react";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by server.js for every request (app/security/headers.server.ts). */
    cspNonce?: string;
  }
}

const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
