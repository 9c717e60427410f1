/**
 * Removes the run's data folder (the issuer's signing keys; tables and directory were in
 * memory) that playwright.config.ts created under the system's temporary folder.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function globalTeardown(): void {
  const dir = process.env.E2E_DATA_DIR;
  if (dir?.startsWith(join(tmpdir(), "waypoint-e2e-"))) {
    rmSync(dir, { recursive: true, force: true });
  }
}
