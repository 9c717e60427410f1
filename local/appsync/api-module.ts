/**
 * Finds the API definition `npm run dev` serves: a module exporting `api` (an
 * ApiDefinition), by default the product's `api/resolvers.ts`. When the named module does not
 * exist, the local AppSync is not started.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ApiDefinition } from "../../api/resolver-map";

export async function loadApiModule(path: string): Promise<ApiDefinition | undefined> {
  const file = resolve(path);
  if (!existsSync(file)) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { api?: ApiDefinition };
  if (
    !module.api ||
    typeof module.api.schemaFile !== "string" ||
    !Array.isArray(module.api.resolvers)
  ) {
    throw new Error(`${path} does not export an API definition as "api"`);
  }
  return module.api;
}
