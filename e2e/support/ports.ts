/**
 * Ports for the e2e stack, chosen once in Playwright's main process and handed to its
 * workers through the environment (each worker loads the config again).
 */
import { execFileSync } from "node:child_process";

/** A port free on loopback right now (synchronous: Playwright configs cannot await). */
export function freePortSync(): number {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

/** `process.env[name]` when set (a configured port), else a free port remembered there. */
export function portFromEnv(name: string): number {
  const configured = process.env[name];
  if (configured && /^\d+$/.test(configured) && configured !== "0") return Number(configured);
  const port = freePortSync();
  process.env[name] = String(port);
  return port;
}
