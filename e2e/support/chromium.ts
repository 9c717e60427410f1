/**
 * How every browser we drive is launched (Playwright tests and `npm run screenshots`):
 * Debian's Chromium when present, so nothing downloads a browser, with the flags
 * DEVELOPERS.md asks for; Playwright's own Chromium otherwise.
 */
import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export function chromiumLaunchOptions(): LaunchOptions {
  if (!existsSync(SYSTEM_CHROMIUM)) return {};
  return {
    executablePath: SYSTEM_CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  };
}
