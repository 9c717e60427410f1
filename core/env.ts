/**
 * The one way every component reads its configuration from the environment: the webhook,
 * authorizer and cleanup Lambdas, the local stack, the dashboard and the admin commands.
 * Pure: the caller passes the variables in (`process.env`); nothing here reads the process.
 *
 * - A blank variable ("" or only whitespace) is unset: CDK, shells, CI and `.env` files
 *   write `NAME=` for "nothing", and a blank secret must never count as a configured one.
 * - One error format, naming each bad variable and never its value:
 *   `invalid <component> environment: VAR: message; VAR2: message`.
 *
 * Why one small function of ours rather than `@t3-oss/env-core`: env-core's `createEnv` is
 * built around one schema per variable and a client/server split, while every one of our
 * components has rules across variables (exactly one of the signing secret and its ARN; the
 * dashboard's auth mode, decided by NODE_ENV and the keys; a key or a JWKS URL), so we would
 * still write the whole-object schema and the error formatting ourselves. It would also be
 * one more dependency in the authorizer's bundle (cold start) and on the path
 * `next.config.mjs` imports natively. What we need from it — blank is unset, one error
 * format — is the few lines below, over any Standard Schema (zod, zod/mini).
 *
 * Plain erasable TypeScript with no imports: `next.config.mjs` loads this through
 * app/lib/env.ts under Node's type stripping.
 */

/** The slice of the Standard Schema interface (implemented by zod and zod/mini) used here. */
export interface EnvSchema<Output> {
  readonly "~standard": {
    readonly validate: (value: unknown) => EnvResult<Output> | Promise<EnvResult<Output>>;
  };
}

type EnvResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly EnvIssue[] };

export interface EnvIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** Variables as a process has them (`process.env`), or as a test writes them. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Values shorter than this are flags and modes, not secrets, and would match plain words. */
const SHORTEST_HIDDEN_VALUE = 8;

/** The variables that are set: blank ones ("" or whitespace only) are dropped. */
export function presentVariables(source: EnvSource): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== "") present[name] = value;
  }
  return present;
}

/**
 * Validates the set variables of `source` with `schema`; throws one error listing every
 * problem (`component` names whose environment it is: "webhook", "dashboard"…).
 */
export function parseEnv<Output>(
  component: string,
  schema: EnvSchema<Output>,
  source: EnvSource,
): Output {
  const present = presentVariables(source);
  const result = schema["~standard"].validate(present);
  if (result instanceof Promise) {
    // Settled and dropped: only a synchronous verdict counts, and a rejection left unobserved
    // would surface later as an unhandled one.
    result.catch(() => undefined);
    throw new Error(`invalid ${component} environment: the schema must be synchronous`);
  }
  if (result.issues === undefined) return result.value;
  throw new Error(formatEnvIssues(component, result.issues, present));
}

/**
 * `invalid <component> environment: VAR: message; …`. A message never carries the value:
 * zod's own messages do not, and should a custom one quote its input, the variable's value
 * is cut out of it (a mistyped secret is still a secret).
 */
export function formatEnvIssues(
  component: string,
  issues: readonly EnvIssue[],
  present: Readonly<Record<string, string>>,
): string {
  const problems = issues.map((issue) => {
    const path = (issue.path ?? []).map((segment) =>
      String(typeof segment === "object" ? segment.key : segment),
    );
    const variable = path[0];
    const value = variable === undefined ? undefined : present[variable];
    const message =
      value !== undefined && value.length >= SHORTEST_HIDDEN_VALUE
        ? issue.message.split(value).join("[value hidden]")
        : issue.message;
    return path.length > 0 ? `${path.join(".")}: ${message}` : message;
  });
  return `invalid ${component} environment: ${problems.join("; ")}`;
}
