/** Where the repository's files are, whatever the working directory of the CDK process. */
import { fileURLToPath } from "node:url";

/** The repository root (where package.json and package-lock.json are). */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** An absolute path from a path relative to the repository root. */
export const repoPath = (relative: string) =>
  fileURLToPath(new URL(`../${relative}`, import.meta.url));
