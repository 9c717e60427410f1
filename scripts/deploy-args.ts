/** The deploy's reading of its arguments (scripts/deploy.ts). */

/** `-c name=value` / `--context name=value` / `--context=name=value` pairs of the arguments. */
export function contextArgs(args: string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    let pair: string | undefined;
    if (arg === "-c" || arg === "--context") pair = args[++i];
    else if (arg.startsWith("--context=")) pair = arg.slice("--context=".length);
    if (pair === undefined) continue;
    const eq = pair.indexOf("=");
    if (eq > 0) context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}
