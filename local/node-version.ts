/**
 * Node.js version gate for the local commands. `npm install` brings Node 24 as the `node`
 * dev dependency and npm scripts put node_modules/.bin first on PATH, so `npm run dev` runs
 * on 24 whatever the system Node; this message is for the cases where that did not happen
 * (the command run by hand with an old Node, or an install that skipped the package).
 */

/** The oldest Node.js major the project supports (package.json `engines.node`). */
export const MINIMUM_NODE_MAJOR = 22;

/** A message explaining what to do when `version` (as in `process.versions.node`) is too old. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(version.split(".")[0]);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return [
    `Waypoint needs Node.js ${MINIMUM_NODE_MAJOR}+ (24 recommended); this is Node.js ${version}.`,
    "Either have Node 24 on your PATH (nvm, Volta, brew, …), or let the project bring it:",
    "`npm install` puts Node 24 in node_modules/.bin, and `npm run dev` / `npm test` use it.",
  ].join("\n");
}
