/**
 * The API's resolver and function code, bundled before any construct is built (CDK
 * constructs are synchronous; esbuild's API is not): every file the API definition names,
 * through `bundleAppSyncCode`, the very function the local AppSync runtime loads them with.
 */
import { bundleAppSyncCode } from "../api/bundle";
import { codeFiles, type ApiDefinition } from "../api/resolver-map";

/** Bundled APPSYNC_JS code by absolute source path. */
export type ApiCode = ReadonlyMap<string, string>;

export async function bundleApiCode(api: ApiDefinition): Promise<ApiCode> {
  const files = codeFiles(api);
  const bundles = await Promise.all(files.map((file) => bundleAppSyncCode(file)));
  return new Map(files.map((file, i) => [file, bundles[i] ?? ""]));
}
