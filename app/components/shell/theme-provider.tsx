"use client";

import { ThemeProvider as NextThemesProvider } from "next-themes";
import type * as React from "react";

/**
 * Dark mode by class on <html>, following the system until the user picks. `nonce` is the
 * response's CSP nonce: next-themes' inline script (which sets the class before paint) runs
 * only with it.
 */
export function ThemeProvider({ children, nonce }: { children: React.ReactNode; nonce?: string }) {
  return (
    <NextThemesProvider
      {...(nonce ? { nonce } : {})}
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
    >
      {children}
    </NextThemesProvider>
  );
}
