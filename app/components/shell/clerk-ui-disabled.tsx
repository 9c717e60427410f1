/**
 * Stand-in for "@waypoint/clerk-ui" in local-mode builds (no Clerk keys at build time): the
 * same exports, none of Clerk's code. The root layout refuses to render in Clerk mode with
 * this build, saying to rebuild with the keys.
 */
import type * as React from "react";

export const CLERK_UI_BUILT = false;

function missing(): never {
  throw new Error(
    "This build has no Clerk UI: set NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY before `npm run build`.",
  );
}

export function ClerkRoot(_props: {
  publishableKey: string | undefined;
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
