/** Test helpers: an issuer on a free port, and a webhook receiver that records deliveries. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { startIssuer, type IssuerOptions } from "../issuer/server";

export const TEST_WEBHOOK_SECRET = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5";
export const TEST_SECRET_KEY = "sk_test_issuer_tests";

export function startTestIssuer(overrides: Partial<IssuerOptions> = {}) {
  return startIssuer({
    port: 0,
    webhookUrl: "",
    webhookSecret: TEST_WEBHOOK_SECRET,
    retryScheduleMs: [0, 20, 20],
    secretKey: TEST_SECRET_KEY,
    authorizedParty: "http://localhost:3000",
    tokenLifetimeSeconds: 60,
    seed: false,
    ...overrides,
  });
}

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook endpoint on a free port; `respond` picks each answer's status. */
export async function startReceiver(
  respond: (request: ReceivedRequest, index: number) => number = () => 200,
) {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      res.writeHead(respond(request, received.length - 1)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/clerk`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
