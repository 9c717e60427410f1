import type { Metadata } from "next";
import { headers } from "next/headers";
import type * as React from "react";
import { LocalAuthBanner } from "@/app/components/shell/local-auth-banner";
import { ThemeProvider } from "@/app/components/shell/theme-provider";
import { Toaster } from "@/app/components/ui/toast";
import { getEnv } from "@/app/lib/env";
import { CLERK_UI_BUILT, ClerkRoot } from "@waypoint/clerk-ui";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Waypoint", template: "%s · Waypoint" },
  description: "Milestones for people and teams, on Clerk + AWS.",
};

function AuthProvider({ children, nonce }: { children: React.ReactNode; nonce: string }) {
  const env = getEnv();
  if (env.mode !== "clerk") return children;
  if (!CLERK_UI_BUILT) {
    throw new Error(
      "WAYPOINT_AUTH_MODE=clerk but this build has no Clerk UI: rebuild with it set (npm run build).",
    );
  }
  return (
    <ClerkRoot publishableKey={env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY} nonce={nonce}>
      {children}
    </ClerkRoot>
  );
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The CSP nonce of this response (proxy.ts). Reading it also makes every page dynamic,
  // which a nonce needs: a page prerendered at build time would carry no nonce.
  const nonce = (await headers()).get("x-nonce") ?? "";
  const env = getEnv();
  return (
    // next-themes sets the class before hydration; the mismatch warning is expected.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <AuthProvider nonce={nonce}>
          <ThemeProvider nonce={nonce}>
            {env.localAuthInProduction ? <LocalAuthBanner /> : null}
            {children}
            <Toaster />
          </ThemeProvider>
        </AuthProvider>
      </body>
    </html>
  );
}
