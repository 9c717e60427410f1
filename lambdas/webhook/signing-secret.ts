/**
 * The signing secret on AWS: a Secrets Manager secret, read through the AWS Parameters and
 * Secrets Lambda extension (an HTTP endpoint on localhost inside the execution environment,
 * so no SDK client is bundled for one GetSecretValue).
 *
 * Read once per cold start, on the first delivery rather than at init (the extension starts
 * beside the function and may not answer yet during init). A failed or unusable read is not
 * kept: the delivery is answered 503, Svix retries, and the next delivery reads again. That
 * is also how a freshly deployed stack picks up the secret once it has been stored.
 */
import { signingSecretSchema } from "./config";

export class SigningSecretUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`webhook signing secret unavailable: ${reason}`);
    this.name = "SigningSecretUnavailableError";
  }
}

export interface SecretsExtensionOptions {
  /** ARN (or name) of the secret. */
  secretId: string;
  /** The extension authenticates callers with the function's session token. */
  sessionToken: string | undefined;
  /** @default 2773 (`PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`) */
  port?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Per attempt. @default 2000 ms, well inside Svix's 15 s with the DynamoDB work after it. */
  timeoutMs?: number;
}

/**
 * A loader for the signing secret: the first successful read is kept for the life of the
 * execution environment; concurrent first calls share one read.
 */
export function createSecretsExtensionLoader(
  options: SecretsExtensionOptions,
): () => Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = new URL(`http://localhost:${options.port ?? 2773}/secretsmanager/get`);
  url.searchParams.set("secretId", options.secretId);
  let kept: Promise<string> | undefined;

  async function read(): Promise<string> {
    if (!options.sessionToken) throw new SigningSecretUnavailableError("no AWS_SESSION_TOKEN");
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { "X-Aws-Parameters-Secrets-Token": options.sessionToken },
        signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
      });
    } catch (error) {
      throw new SigningSecretUnavailableError(
        `extension unreachable (${error instanceof Error ? error.name : "error"})`,
      );
    }
    if (!response.ok) {
      throw new SigningSecretUnavailableError(`extension answered ${response.status}`);
    }
    const body = (await response.json().catch(() => undefined)) as
      { SecretString?: unknown } | undefined;
    const parsed = signingSecretSchema.safeParse(body?.SecretString);
    // Never the value: a secret that is not a whsec_ one is still someone's secret.
    if (!parsed.success) {
      throw new SigningSecretUnavailableError(
        "the secret does not hold a whsec_ signing secret yet (see docs/deploy.md)",
      );
    }
    return parsed.data;
  }

  return () => {
    kept ??= read().catch((error: unknown) => {
      kept = undefined;
      throw error;
    });
    return kept;
  };
}
