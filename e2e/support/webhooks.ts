/**
 * Deliveries a test sends to the webhook receiver itself, signed for real with svix: with the
 * stack's secret (as Clerk would) or with a wrong one (as a forger would).
 */
import { randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { stack } from "./stack";

/** A valid svix secret that is not the stack's. */
export const WRONG_SECRET = "whsec_Zm9yZ2VkLWJ5LWFuLWUyZS10ZXN0LW5vdC10aGUtc3RhY2s=";

/** Clerk's envelope around an event's data. */
export function clerkEnvelope(type: string, data: Record<string, unknown>): string {
  return JSON.stringify({
    data,
    event_attributes: { http_request: { client_ip: "127.0.0.1", user_agent: "e2e" } },
    instance_id: "ins_e2e",
    object: "event",
    timestamp: Date.now(),
    type,
  });
}

/** POSTs a body to the receiver, signed with `secret`; answers the status and JSON body. */
export async function deliverWebhook(
  body: string,
  secret: string,
): Promise<{ status: number; svixId: string; json: unknown }> {
  const svixId = `msg_e2e_${randomUUID().replace(/-/g, "")}`;
  const signedAt = new Date();
  const response = await fetch(stack.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": svixId,
      "svix-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
      "svix-signature": new Webhook(secret).sign(svixId, signedAt, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    svixId,
    json: (await response.json().catch(() => null)) as unknown,
  };
}
