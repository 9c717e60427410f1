/**
 * Imported first by the local commands: exits with a clear message on a Node.js older than
 * the project supports, before any other module loads (see ./node-version.ts).
 */
import { nodeVersionProblem } from "./node-version";

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
