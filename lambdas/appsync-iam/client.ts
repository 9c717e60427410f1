/**
 * A GraphQL client for AppSync's IAM mode: each request SigV4-signed (./sigv4.ts). Used by
 * the platform's own callers of the internal mutations, never with a user's token.
 */
import { z } from "zod";
import { signRequest, type IamCredentials } from "./sigv4";

export interface IamGraphQLClientOptions {
  /** The API's `…/graphql` URL. */
  url: string;
  region: string;
  credentials: IamCredentials | (() => IamCredentials);
  /** Per request. @default 5000 */
  timeoutMs?: number;
}

const answerSchema = z.object({
  data: z.unknown().optional(),
  errors: z
    .array(z.object({ errorType: z.string().nullish(), message: z.string().nullish() }))
    .optional(),
});

export type IamGraphQLClient = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<unknown>;

/** Throws (with the errorType and message only) when the call fails or answers errors. */
export function createIamGraphQLClient(options: IamGraphQLClientOptions): IamGraphQLClient {
  const url = new URL(options.url);
  return async (query, variables) => {
    const body = JSON.stringify({ query, variables });
    const credentials =
      typeof options.credentials === "function" ? options.credentials() : options.credentials;
    const headers = await signRequest(
      { method: "POST", url, headers: { "content-type": "application/json" }, body },
      credentials,
      options.region,
    );
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    const parsed = answerSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success)
      throw new Error(`AppSync answered ${response.status} without a GraphQL body`);
    const first = parsed.data.errors?.[0];
    if (first) throw new Error(`AppSync: ${first.errorType ?? "Error"}: ${first.message ?? ""}`);
    if (!response.ok) throw new Error(`AppSync answered ${response.status}`);
    return parsed.data.data;
  };
}

/** The Lambda runtime's role credentials (its environment). */
export function lambdaCredentials(env: NodeJS.ProcessEnv = process.env): IamCredentials {
  const parsed = z
    .object({
      AWS_ACCESS_KEY_ID: z.string().min(1),
      AWS_SECRET_ACCESS_KEY: z.string().min(1),
      AWS_SESSION_TOKEN: z.string().min(1).optional(),
    })
    .parse(env);
  return {
    accessKeyId: parsed.AWS_ACCESS_KEY_ID,
    secretAccessKey: parsed.AWS_SECRET_ACCESS_KEY,
    sessionToken: parsed.AWS_SESSION_TOKEN,
  };
}
