/**
 * The local Clerk-compatible issuer: JWKS and session tokens (both claim formats), a
 * directory of users, organizations and memberships whose every change leaves as a
 * Svix-signed webhook, the slice of Clerk's Backend API that reconciliation reads, and a
 * loopback-only admin API for the dashboard's local sign-in and the tests.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { refuseForeignHost } from "../loopback-guard";
import { Directory, type DirectorySnapshot } from "./directory";
import { KeyStore } from "./keys";
import { createRouter, refuse } from "./router";
import { adminSurface } from "./routes/admin";
import { backendApiSurface } from "./routes/backend-api";
import type { IssuerContext } from "./routes/context";
import { publicSurface } from "./routes/public";
import { seedDemo } from "./seed";
import { WebhookSender } from "./webhooks";

export interface IssuerOptions {
  /** 0 picks a free port. */
  port: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Keys live in `<dataDir>/issuer/keys.json`; in memory only when absent. */
  dataDir?: string | undefined;
  /** Keep the directory in `<dataDir>/issuer/directory.json` across restarts. */
  persistDirectory?: boolean;
  webhookUrl: string;
  webhookSecret: string;
  retryScheduleMs: readonly number[];
  /** Bearer token of the Backend API subset. */
  secretKey: string;
  authorizedParty: string;
  tokenLifetimeSeconds: number;
  /** Seed the demo tenants when the directory is empty. */
  seed: boolean;
  log?: (message: string) => void;
}

export interface Issuer {
  /** Also the `iss` of every token. */
  url: string;
  jwksUrl: string;
  directory: Directory;
  keys: KeyStore;
  webhooks: WebhookSender;
  close(): Promise<void>;
}

export async function startIssuer(options: IssuerOptions): Promise<Issuer> {
  const log = options.log ?? (() => {});
  const issuerDir = options.dataDir ? join(options.dataDir, "issuer") : undefined;
  const keys = await KeyStore.open(issuerDir && join(issuerDir, "keys.json"));
  const directoryFile =
    issuerDir && options.persistDirectory ? join(issuerDir, "directory.json") : undefined;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const webhooks = new WebhookSender({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    instanceId: "ins_waypoint_local",
    retryScheduleMs: options.retryScheduleMs,
    log,
  });
  const directory = new Directory(
    (type, data) => {
      const id = webhooks.send(type, data);
      log(`event ${type} ${String(data.id)} → ${id}`);
    },
    (id) => `${url}/avatars/${id}.svg`,
    () => {
      if (directoryFile) saveDirectory(directoryFile, directory.snapshot());
    },
  );
  if (directoryFile && existsSync(directoryFile)) {
    directory.restore(JSON.parse(readFileSync(directoryFile, "utf8")) as DirectorySnapshot);
  }
  if (options.seed && directory.isEmpty()) seedDemo(directory);

  const context: IssuerContext = { options, url, keys, directory, webhooks, sessions: new Map() };
  const handle = createRouter(
    {
      // A DNS-rebound page (Host: attacker.test) gets nothing, public routes included.
      guard: (req) => refuse(refuseForeignHost(req)),
      public: publicSurface,
      prefixed: { admin: adminSurface, v1: backendApiSurface },
    },
    log,
  );
  server.on("request", (req, res) => void handle(context, req, res));

  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    directory,
    keys,
    webhooks,
    close: async () => {
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function saveDirectory(file: string, snapshot: DirectorySnapshot): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
}
