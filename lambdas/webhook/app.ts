/**
 * The webhook handler's logic, built from its dependencies so that the Lambda entry point
 * (handler.ts), the local HTTP adapter and the tests share it. An API Gateway REST proxy
 * event (payload format 1.0, on AWS) or a Function URL event (2.0, the local receiver) in,
 * `{ statusCode, headers, body }` out:
 *
 * - first the checks that cost nothing, before the body is touched: POST only (405); the
 *   three svix headers (400); a `Content-Length` over 1 MB (413);
 * - then the body itself at most 1 MB (413), not empty (400);
 * - the signing secret, when it is loaded (Secrets Manager on AWS) and not yet had: 503
 *   while it cannot be read, so Svix retries;
 * - svix verification on the exact raw body, base64-decoded when flagged, 5-minute
 *   tolerance (400 on any failure, nothing written);
 * - then the body must be JSON (400); a JSON body of the wrong shape is recorded as
 *   `failed` and answered 200, so Svix does not retry it for a day;
 * - the effect and the `svix-id` record in one transaction (exactly once);
 * - transient DynamoDB failures → 503 (500 for anything unexpected): Svix retries.
 *
 * Logs and metrics through Powertools (lambdas/telemetry/): one JSON log line per delivery
 * with the request id, svix-id, event type, outcome and error names, never the body or the
 * secret; a `WebhookDeliveries` metric per request by outcome (and event type), and
 * `SyncLag` for each applied change (./metrics.ts).
 */
import { Webhook, WebhookVerificationError } from "svix";
import { z } from "zod";
import { parseClerkEvent, type ClerkEvent } from "../../core/clerk-events";
import { invalidationsOfEvent } from "../../core/live";
import type { InvalidationTarget } from "../../core/portable/live";
import type { WebhookOutcome } from "../telemetry/names";
import { createTelemetry, type LineSink } from "../telemetry/telemetry";
import { recordDelivery, recordSyncLag } from "./metrics";
import type { MirrorStore } from "./mirror-store";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** What the handler reads of Lambda's context (optional: the local receiver has none). */
export interface InvocationContext {
  awsRequestId?: string;
}

export type WebhookHandler = (
  event: unknown,
  context?: InvocationContext,
) => Promise<FunctionUrlResult>;

export interface WebhookHandlerDeps {
  /**
   * `whsec_…`, or a loader for it (on AWS: Secrets Manager, read on the first delivery of
   * each execution environment). While the loader fails, deliveries are answered 503 so
   * that Svix retries them.
   */
  signingSecret: string | (() => Promise<string>);
  store: MirrorStore;
  /** @default Date.now */
  now?: () => number;
  /**
   * Where its log and metric lines go (one JSON object each).
   * @default stdout, as Powertools writes on Lambda
   */
  log?: LineSink;
  /** @default process.env (WAYPOINT_STAGE, LOG_LEVEL) */
  env?: Record<string, string | undefined>;
  /**
   * Ends live-update subscriptions (AppSync's IAM-only `invalidateMemberSubscriptions`):
   * called right after the mirror applied a membership's removal or update, an org's or a
   * user's deletion (core/live.ts `invalidationsOfEvent`). The low-latency path; the stream
   * publisher ends the same subscriptions from the table's stream, retried by AWS.
   * Absent: no live updates to end.
   */
  invalidateSubscriptions?: (target: InvalidationTarget) => Promise<void>;
}

// Both shapes carry `headers`, `body` and `isBase64Encoded`; the method is at
// `requestContext.http.method` (2.0) or `httpMethod` (1.0). Headers may be null in 1.0.
const eventSchema = z.object({
  headers: z
    .record(z.string(), z.string().nullish())
    .nullish()
    .transform((value) => value ?? {}),
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().optional().default(false),
  httpMethod: z.string().optional(),
  requestContext: z.object({
    http: z.object({ method: z.string() }).optional(),
    requestId: z.string().max(128).optional(),
  }),
});

// Svix ids are `msg_…`; anything becoming a key part must pass core's key rule too.
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const svixIdSchema = z.string().regex(/^[^#\u0000-\u001f]{1,256}$/);

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

const error = (
  statusCode: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
) => json(statusCode, { error: { code, message } }, headers);

/** DynamoDB and network failures that a later attempt may not meet. */
export function isTransient(failure: unknown): boolean {
  if (typeof failure !== "object" || failure === null) return false;
  const { name, code, $retryable, $metadata, cause } = failure as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    cause?: { code?: string };
  };
  if ($retryable) return true;
  if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  const transientNames = [
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionConflictException",
    "TransactionInProgressException",
    "TransactionCanceledException",
    "TimeoutError",
    "AbortError",
  ];
  if (name && transientNames.includes(name)) return true;
  const networkCodes = [
    "ECONNREFUSED",
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "ENOTFOUND",
    "EAI_AGAIN",
  ];
  return [code, cause?.code].some((c) => c !== undefined && networkCodes.includes(c));
}

/**
 * The subscriptions an applied event ends (core/live.ts). A failure is logged, not answered
 * 5xx: the mirror already holds the change (a Svix retry would be a duplicate, applied as
 * nothing), and the same mirror write reaches the table's stream, whose publisher ends the
 * same subscriptions with AWS's retries (docs/live-updates.md). This call only saves latency.
 */
async function endLiveUpdates(
  invalidate: NonNullable<WebhookHandlerDeps["invalidateSubscriptions"]>,
  event: ClerkEvent,
  onFailure: (target: InvalidationTarget) => void,
): Promise<void> {
  for (const target of invalidationsOfEvent(event)) {
    try {
      await invalidate(target);
    } catch {
      onFailure(target);
    }
  }
}

export function createWebhookHandler(deps: WebhookHandlerDeps): WebhookHandler {
  const { signingSecret } = deps;
  const now = deps.now ?? Date.now;
  const telemetry = createTelemetry("webhook", {
    ...(deps.log ? { output: deps.log } : {}),
    ...(deps.env ? { env: deps.env } : {}),
  });
  const { logger } = telemetry;
  let verifier: Webhook | undefined =
    typeof signingSecret === "string" ? new Webhook(signingSecret) : undefined;
  /** The verifier, built once from the loaded secret; undefined while it cannot be had. */
  async function getVerifier(): Promise<Webhook | undefined> {
    if (verifier || typeof signingSecret === "string") return verifier;
    try {
      verifier = new Webhook(await signingSecret());
    } catch (failure) {
      // The loader's messages name the cause, never the secret.
      logger.error(
        failure instanceof Error && failure.message.startsWith("webhook ")
          ? failure.message
          : "webhook signing secret unavailable",
        { error: failure instanceof Error ? failure.name : "error" },
      );
    }
    return verifier;
  }

  return async (rawEvent, context) => {
    telemetry.coldStart();
    const parsedEvent = eventSchema.safeParse(rawEvent);
    // The keys every line of this request carries. Passed per call rather than with
    // logger.appendKeys: the local stack runs concurrent requests through one logger.
    const keys: Record<string, string> = {};
    const requestId =
      context?.awsRequestId ??
      (parsedEvent.success ? parsedEvent.data.requestContext.requestId : undefined);
    if (requestId) keys.request_id = requestId;
    /** The answer, counted under its outcome (and the event type, once it is known). */
    const answer = (result: FunctionUrlResult, outcome: WebhookOutcome, eventType?: string) => {
      recordDelivery(telemetry, outcome, eventType);
      return result;
    };
    const refuse = (statusCode: number, code: string, message: string, extra = {}) =>
      answer(error(statusCode, code, message, extra), "rejected");

    const method = parsedEvent.success
      ? (parsedEvent.data.requestContext.http?.method ?? parsedEvent.data.httpMethod)
      : undefined;
    if (!parsedEvent.success || method === undefined) {
      return refuse(400, "bad_request", "not an HTTP request event");
    }
    const event = parsedEvent.data;
    if (method.toUpperCase() !== "POST") {
      return refuse(405, "method_not_allowed", "use POST", { allow: "POST" });
    }
    // Header names are case-insensitive (1.0 keeps the sender's case); svix gets exactly
    // its three headers.
    const headers = new Map(
      Object.entries(event.headers).map(([name, value]) => [
        name.toLowerCase(),
        value ?? undefined,
      ]),
    );
    const svixId = headers.get("svix-id");
    const svixTimestamp = headers.get("svix-timestamp");
    const svixSignature = headers.get("svix-signature");
    if (!svixId || !svixTimestamp || !svixSignature) {
      return refuse(
        400,
        "missing_headers",
        "svix-id, svix-timestamp and svix-signature are required",
      );
    }
    // What the sender declares, before the body is measured, decoded or hashed.
    const declared = headers.get("content-length");
    if (
      declared !== undefined &&
      !(/^\d{1,16}$/.test(declared) && Number(declared) <= MAX_BODY_BYTES)
    ) {
      return refuse(413, "payload_too_large", "body over 1 MB");
    }
    const rawBody = event.body ?? "";
    // Cheap bound first: base64 is 4 characters per 3 bytes.
    const approxBytes = event.isBase64Encoded
      ? Math.floor((rawBody.length * 3) / 4)
      : rawBody.length;
    if (approxBytes > MAX_BODY_BYTES * 4) return refuse(413, "payload_too_large", "body over 1 MB");
    const bytes = Buffer.from(rawBody, event.isBase64Encoded ? "base64" : "utf8");
    if (bytes.length > MAX_BODY_BYTES) return refuse(413, "payload_too_large", "body over 1 MB");
    if (bytes.length === 0) return refuse(400, "empty_body", "the body is empty");

    const webhook = await getVerifier();
    if (!webhook) {
      return answer(error(503, "unavailable", "temporarily unavailable, retry later"), "error");
    }
    const body = bytes.toString("utf8");
    try {
      webhook.verify(body, {
        "svix-id": svixId,
        "svix-timestamp": svixTimestamp,
        "svix-signature": svixSignature,
      });
    } catch (failure) {
      // svix's own messages name the check that failed and nothing else; anything it
      // throws otherwise (malformed input it did not expect) is still a refusal, not a 500.
      const reason =
        failure instanceof WebhookVerificationError ? failure.message : "unverifiable request";
      logger.warn("webhook rejected", { ...keys, reason });
      return refuse(400, "invalid_signature", "signature missing, invalid or expired");
    }
    if (!svixIdSchema.safeParse(svixId).success) {
      return refuse(400, "invalid_svix_id", "unusable svix-id");
    }
    keys.svix_id = svixId;
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      logger.warn("webhook body is not JSON", keys);
      return refuse(400, "invalid_json", "the body is not JSON");
    }

    const parsed = parseClerkEvent(payload);
    keys.event_type = parsed.type;
    const nowMs = now();
    try {
      const outcome = await deps.store.applyDelivery({
        svixId,
        parsed,
        receivedAt: new Date(nowMs).toISOString(),
        nowMs,
      });
      logger.info(`webhook ${outcome}`, {
        ...keys,
        outcome,
        object_id: parsed.objectId ?? "-",
        ...(parsed.kind === "invalid" ? { reason: parsed.reason } : {}),
      });
      if (outcome === "applied") {
        recordSyncLag(telemetry, parsed, nowMs);
        if (parsed.kind === "mirrored" && deps.invalidateSubscriptions)
          await endLiveUpdates(deps.invalidateSubscriptions, parsed.event, (target) =>
            logger.warn("live updates not ended directly (the stream ends them)", {
              ...keys,
              reach: target.reach,
              ...(target.reach !== "USER" ? { org_id: target.orgId } : {}),
            }),
          );
      }
      return answer(json(200, { ok: true, outcome }), outcome, parsed.type);
    } catch (failure) {
      const name = failure instanceof Error ? failure.name : "error";
      const transient = isTransient(failure);
      logger.error(`webhook ${transient ? "transient" : "unexpected"} failure`, {
        ...keys,
        error: name,
      });
      return answer(
        transient
          ? error(503, "unavailable", "temporarily unavailable, retry later")
          : error(500, "internal_error", "internal error"),
        "error",
        parsed.type,
      );
    }
  };
}
