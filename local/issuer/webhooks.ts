/**
 * Delivers each directory change as a real Svix-signed webhook in Clerk's envelope, and
 * retries failures on a schedule like Svix's (which is immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h; the local default compresses it). Like Svix, deliveries run
 * concurrently and so may arrive out of order; every attempt is signed afresh with its own
 * timestamp under the same `svix-id`.
 */
import { Webhook } from "svix";
import type { ClerkEventType } from "./directory";
import { newId } from "./ids";

export interface WebhookSenderOptions {
  /** Where to POST; deliveries are recorded but not sent when empty. */
  url: string;
  /** `whsec_…` */
  secret: string;
  instanceId: string;
  /** Delay before each attempt, in ms; its length is the number of attempts. */
  retryScheduleMs: readonly number[];
  /** Svix gives an endpoint 15 s. @default 15000 */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export type DeliveryStatus = "pending" | "delivered" | "failed" | "disabled";

export interface Delivery {
  id: string;
  type: ClerkEventType;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt, or the network error's code. */
  lastResult?: string | undefined;
  createdAt: string;
}

const MAX_RECORDED = 500;

export class WebhookSender {
  private readonly webhook: Webhook;
  private readonly records: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: WebhookSenderOptions) {
    this.webhook = new Webhook(options.secret);
    if (options.retryScheduleMs.length === 0) throw new Error("retry schedule needs an attempt");
  }

  /** Queues an event; returns its `svix-id`. */
  send(type: ClerkEventType, data: Record<string, unknown>): string {
    const id = newId("msg");
    const body = JSON.stringify({
      data,
      event_attributes: {
        http_request: { client_ip: "127.0.0.1", user_agent: "waypoint-local-issuer" },
      },
      instance_id: this.options.instanceId,
      object: "event",
      timestamp: Date.now(),
      type,
    });
    const delivery: Delivery = {
      id,
      type,
      status: this.options.url ? "pending" : "disabled",
      attempts: 0,
      createdAt: new Date().toISOString(),
    };
    this.records.push(delivery);
    if (this.records.length > MAX_RECORDED) this.records.shift();
    if (delivery.status === "pending") this.schedule(delivery, body);
    return id;
  }

  /** The latest deliveries, oldest first. */
  deliveries(): readonly Delivery[] {
    return this.records;
  }

  /** Resolves when no delivery is pending (delivered, failed for good, or disabled). */
  idle(): Promise<void> {
    if (!this.records.some((d) => d.status === "pending")) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Cancels pending retries and in-flight requests. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.settled();
  }

  private schedule(delivery: Delivery, body: string): void {
    const delay = this.options.retryScheduleMs[delivery.attempts];
    if (delay === undefined || this.closed) {
      delivery.status = "failed";
      this.options.log?.(
        `${delivery.id} ${delivery.type}: gave up after ${delivery.attempts} attempts (${delivery.lastResult ?? "?"})`,
      );
      this.settled();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, body);
    }, delay);
    this.timers.add(timer);
  }

  private async attempt(delivery: Delivery, body: string): Promise<void> {
    delivery.attempts += 1;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 15_000);
    this.inFlight.add(controller);
    try {
      const sentAt = new Date();
      const response = await fetch(this.options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Svix-Webhooks/1.0 (waypoint-local-issuer)",
          "svix-id": delivery.id,
          "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "svix-signature": this.webhook.sign(delivery.id, sentAt, body),
        },
        body,
        signal: controller.signal,
      });
      await response.body?.cancel();
      delivery.lastResult = String(response.status);
      if (response.ok) {
        delivery.status = "delivered";
        this.settled();
        return;
      }
    } catch (error) {
      delivery.lastResult = errorCode(error);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.closed) return;
    // The first failure and the last word are worth a line; each retry in between is not.
    if (delivery.attempts === 1) {
      this.options.log?.(
        `${delivery.id} ${delivery.type}: delivery failed (${delivery.lastResult}); retrying`,
      );
    }
    this.schedule(delivery, body);
  }

  private settled(): void {
    if (this.closed || !this.records.some((d) => d.status === "pending")) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (typeof cause?.code === "string") return cause.code;
    return error.name;
  }
  return "error";
}
