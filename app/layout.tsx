import type { Metadata } from "next";
import type * as React from "react";
import { ThemeProvider } from "@/app/components/shell/theme-provider";
import { Toaster } from "@/app/components/ui/toast";
import { TooltipProvider } from "@/app/components/ui/tooltip";
import { getEnv } from "@/app/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Waypoint", template: "%s · Waypoint" },
  description: "Milestones for people and teams, on Clerk + AWS.",
};

async function AuthProvider({ children }: { children: React.ReactNode }) {
  const env = getEnv();
  if (env.mode !== "clerk") return children;
  const { ClerkProvider } = await import("@clerk/nextjs");
  return (
    <ClerkProvider
      publishableKey={env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY}
      signInUrl="/sign-in"
      afterSignOutUrl="/sign-in"
    >
      {children}
    </ClerkProvider>
  );
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // next-themes sets the class before hydration; the mismatch warning is expected.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <AuthProvider>
          <ThemeProvider>
            <TooltipProvider>
              {children}
              <Toaster />
            </TooltipProvider>
          </ThemeProvider>
        </AuthProvider>
      </body>
    </html>
  );
}
