/**
 * Options for Clerk's request authentication (clerkMiddleware in proxy.ts). The middleware
 * verifies session tokens without a network call only when `jwtKey` is passed here: it does
 * not read CLERK_JWT_KEY from the environment by itself.
 */
import type { DashboardEnv } from "../env";

export interface ClerkAuthOptions {
  publishableKey: string;
  secretKey: string;
  jwtKey?: string;
  authorizedParties?: string[];
  signInUrl: string;
}

export function clerkAuthOptions(env: DashboardEnv): ClerkAuthOptions {
  if (env.mode !== "clerk" || !env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY || !env.CLERK_SECRET_KEY) {
    throw new Error("Clerk mode needs NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY");
  }
  const parties = env.CLERK_AUTHORIZED_PARTIES?.split(",")
    .map((party) => party.trim())
    .filter(Boolean);
  return {
    publishableKey: env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
    secretKey: env.CLERK_SECRET_KEY,
    // PEMs in env files often carry literal "\n".
    ...(env.CLERK_JWT_KEY ? { jwtKey: env.CLERK_JWT_KEY.replaceAll("\\n", "\n") } : {}),
    ...(parties?.length ? { authorizedParties: parties } : {}),
    signInUrl: "/sign-in",
  };
}
