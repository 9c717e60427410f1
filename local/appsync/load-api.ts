/**
 * Loads an API definition for local execution: every code file bundled exactly as CDK
 * deploys it (`api/bundle.ts`), then compiled for the sandbox.
 */
import { bundleAppSyncCode } from "../../api/bundle";
import { checkApiDefinition, codeFiles, type ApiDefinition } from "../../api/resolver-map";
import type { LoadedResolver } from "./runtime/pipeline";
import { compileAppSyncCode, type CompiledCode } from "./runtime/sandbox";

export async function loadResolvers(api: ApiDefinition): Promise<Map<string, LoadedResolver>> {
  const problems = checkApiDefinition(api);
  if (problems.length) throw new Error(`invalid API definition:\n  ${problems.join("\n  ")}`);
  const compiled = new Map<string, CompiledCode>();
  await Promise.all(
    codeFiles(api).map(async (file) => {
      compiled.set(file, compileAppSyncCode(await bundleAppSyncCode(file), file));
    }),
  );
  const code = (file: string) => {
    const found = compiled.get(file);
    if (!found) throw new Error(`not bundled: ${file}`);
    return found;
  };
  const resolvers = new Map<string, LoadedResolver>();
  for (const r of api.resolvers) {
    resolvers.set(
      `${r.typeName}.${r.fieldName}`,
      r.kind === "UNIT"
        ? { kind: "UNIT", code: code(r.code), dataSource: r.dataSource }
        : {
            kind: "PIPELINE",
            code: code(r.code),
            functions: r.functions.map((fn) => ({
              code: code(fn.code),
              dataSource: fn.dataSource,
            })),
          },
    );
  }
  return resolvers;
}
