/**
 * Stand-in for "@waypoint/clerk-ui" in local-mode builds (not WAYPOINT_AUTH_MODE=clerk): the
 * same exports, none of Clerk's code. The root layout refuses to render in Clerk mode with
 * this build, saying to rebuild with the keys.
 */
import type * as React from "react";

export const CLERK_UI_BUILT = false;

function missing(): never {
  throw new Error(
    "This build has no Clerk UI: set WAYPOINT_AUTH_MODE=clerk and the Clerk keys before `npm run build`.",
  );
}

export function ClerkRoot(_props: {
  publishableKey: string | undefined;
  /** The response's CSP nonce (proxy.ts), for Clerk's script tags. */
  nonce?: string;
  children: React.ReactNode;
}): never {
  return missing();
}
export function ClerkSignIn(): never {
  return missing();
}
export function ClerkOrgSwitcher(): never {
  return missing();
}
export function ClerkUserButton(): never {
  return missing();
}
