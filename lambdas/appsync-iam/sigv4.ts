/**
 * AppSync's IAM authorization (SigV4, service `appsync`) for the platform's own callers: the
 * stream publisher and the webhook call the internal mutations (`@aws_iam` only) with their
 * role's credentials on AWS, with the local stack's internal credential on a laptop. The
 * local AppSync runtime verifies with {@link verifySignature} (the same signer), so a request
 * signed with anything else — or a user's token — is refused there as AppSync refuses it.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

function signer(credentials: IamCredentials, region: string) {
  return new SignatureV4({ credentials, region, service: "appsync", sha256: Sha256 });
}

function httpRequest(request: SignableRequest) {
  return {
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    ...(request.url.port ? { port: Number(request.url.port) } : {}),
    path: request.url.pathname,
    query: {},
    headers: { ...request.headers, host: request.url.host },
    body: request.body,
  };
}

/** The request's headers with SigV4's added (Authorization, X-Amz-Date, …). */
export async function signRequest(
  request: SignableRequest,
  credentials: IamCredentials,
  region: string,
  signingDate?: Date,
): Promise<Record<string, string>> {
  const signed = await signer(credentials, region).sign(httpRequest(request), {
    ...(signingDate ? { signingDate } : {}),
  });
  return signed.headers;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]{1,128})\/(\d{8})\/([a-z0-9-]{1,32})\/appsync\/aws4_request, ?SignedHeaders=([a-z0-9;-]{1,1024}), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** SigV4's allowed clock skew. */
const MAX_SKEW_MS = 5 * 60_000;

/** Whether a header value looks like SigV4 (AppSync picks the IAM mode by it). */
export function isSigV4(authorization: string | undefined): boolean {
  return authorization?.startsWith("AWS4-HMAC-SHA256 ") ?? false;
}

/**
 * Verifies a SigV4-signed request against the one credential that may sign: same access
 * key, a date within 5 minutes, and the signature the signer computes over the signed
 * headers and body. Returns the access key id, or null.
 */
export async function verifySignature(
  request: SignableRequest,
  credentials: IamCredentials,
  now: number = Date.now(),
): Promise<string | null> {
  const match = AUTHORIZATION.exec(request.headers.authorization ?? "");
  const date = AMZ_DATE.exec(request.headers["x-amz-date"] ?? "");
  if (!match || !date) return null;
  const [, accessKeyId, , region, signedHeaders, signature] = match;
  if (!accessKeyId || !region || !signedHeaders || !signature) return null;
  if (accessKeyId !== credentials.accessKeyId) return null;
  const signingDate = new Date(
    Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!),
  );
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) return null;
  // The signer takes a present x-amz-content-sha256 as the body's hash: it must be the
  // real one, or a signed header could vouch for another body.
  const claimed = request.headers["x-amz-content-sha256"];
  if (claimed !== undefined && claimed !== createHash("sha256").update(request.body).digest("hex"))
    return null;
  const names = signedHeaders.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) return null;
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (value === undefined) return null;
    if (name !== "host") headers[name] = value;
  }
  const expected = await signRequest({ ...request, headers }, credentials, region, signingDate);
  const ours = /Signature=([0-9a-f]{64})$/.exec(expected.authorization ?? "")?.[1];
  if (!ours) return null;
  return timingSafeEqual(Buffer.from(ours), Buffer.from(signature)) ? accessKeyId : null;
}
