/**
 * Bundles an APPSYNC_JS resolver or function file the way AppSync expects it: one ES module,
 * `@aws-appsync/utils` left as an import (the runtime provides it), everything else inlined.
 * The CDK stack deploys this output and the local runtime executes it, byte for byte.
 */
import { build, type BuildOptions } from "esbuild";

/** esbuild options for APPSYNC_JS (as in aws-samples/aws-appsync-resolver-samples). */
export const APPSYNC_JS_BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  target: "esnext",
  // The runtime provides these modules; bundling their type-only package would be wrong.
  external: ["@aws-appsync/utils", "@aws-appsync/utils/*"],
  sourcemap: "inline",
  sourcesContent: false,
  minify: false,
  logLevel: "silent",
};

/** The deployable code of one resolver or function file. */
export async function bundleAppSyncCode(entryFile: string): Promise<string> {
  const result = await build({
    ...APPSYNC_JS_BUILD_OPTIONS,
    write: false,
    entryPoints: [entryFile],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entryFile}`);
  return output.text;
}
