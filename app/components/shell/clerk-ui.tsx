/**
 * Clerk's UI for Clerk-mode builds. Imported as "@waypoint/clerk-ui": next.config.mjs points
 * that name here only when the build has the Clerk keys, and at clerk-ui-disabled.tsx
 * otherwise, so a local-mode build ships none of Clerk's client code (~79 kB gzipped on /milestones).
 */
import { ClerkProvider, SignIn } from "@clerk/nextjs";
import type * as React from "react";

export { ClerkOrgSwitcher, ClerkUserButton } from "./clerk-controls";

/** Whether this build carries Clerk's UI. */
export const CLERK_UI_BUILT = true;

export function ClerkRoot({
  publishableKey,
  nonce,
  children,
}: {
  publishableKey: string | undefined;
  /** The response's CSP nonce (proxy.ts), for Clerk's script tags. */
  nonce?: string;
  children: React.ReactNode;
}) {
  return (
    // `dynamic`: rendered per request, so Clerk's scripts carry this response's nonce.
    <ClerkProvider
      publishableKey={publishableKey}
      signInUrl="/sign-in"
      afterSignOutUrl="/sign-in"
      dynamic
      {...(nonce ? { nonce } : {})}
    >
      {children}
    </ClerkProvider>
  );
}

export function ClerkSignIn() {
  return <SignIn path="/sign-in" routing="path" forceRedirectUrl="/overview" />;
}
