import type { Metadata } from "next";
import type * as React from "react";
import { ThemeProvider } from "@/app/components/shell/theme-provider";
import { Toaster } from "@/app/components/ui/toast";
import { getEnv } from "@/app/lib/env";
import { CLERK_UI_BUILT, ClerkRoot } from "@waypoint/clerk-ui";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Waypoint", template: "%s · Waypoint" },
  description: "Milestones for people and teams, on Clerk + AWS.",
};

function AuthProvider({ children }: { children: React.ReactNode }) {
  const env = getEnv();
  if (env.mode !== "clerk") return children;
  if (!CLERK_UI_BUILT) {
    throw new Error(
      "Clerk keys are set but this build has no Clerk UI: rebuild with them set (npm run build).",
    );
  }
  return <ClerkRoot publishableKey={env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY}>{children}</ClerkRoot>;
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // next-themes sets the class before hydration; the mismatch warning is expected.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <AuthProvider>
          <ThemeProvider>
            {children}
            <Toaster />
          </ThemeProvider>
        </AuthProvider>
      </body>
    </html>
  );
}
