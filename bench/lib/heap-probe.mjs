/**
 * A bench-only window into a child process's live heap, for `npm run bench:soak`: preloaded
 * into the dashboard's `next start` with `NODE_OPTIONS=--import <this file>` by the bench
 * only (never by the app, `npm run dev` or a deployment). RSS alone cannot tell a leak from
 * V8 keeping a large heap it has not needed to collect yet; the heap used right after a full
 * collection can.
 *
 * With SOAK_HEAP_DIR set it listens on 127.0.0.1 (a free port, unref'd: it keeps nothing
 * alive) and writes `<SOAK_HEAP_DIR>/<pid>.json` with that port, so the bench finds each
 * process of the tree by pid. `GET /` runs a full, synchronous garbage collection (the
 * process pauses for it) and answers `process.memoryUsage()` (bytes) taken after it.
 * `GET /snapshot` also writes a heap snapshot into SOAK_HEAP_DIR and answers its path.
 * Plain JavaScript: Next's process loads it as is, with no TypeScript loader.
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { setFlagsFromString, writeHeapSnapshot } from "node:v8";
import { runInNewContext } from "node:vm";

const dir = process.env.SOAK_HEAP_DIR;
if (dir) {
  // `gc` without --expose-gc on the command line (Next starts its own node): the flag set
  // at run time exposes it to contexts created afterwards.
  setFlagsFromString("--expose-gc");
  const gc = /** @type {() => void} */ (runInNewContext("gc"));
  const server = createServer((request, response) => {
    if (request.method !== "GET") {
      response.writeHead(405).end();
      return;
    }
    gc();
    const usage = process.memoryUsage();
    const body = { pid: process.pid, ...usage };
    if (request.url === "/snapshot")
      Object.assign(body, {
        snapshot: writeHeapSnapshot(join(dir, `${process.pid}-${Date.now()}.heapsnapshot`)),
      });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address && typeof address === "object")
      writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ port: address.port }));
  });
  server.unref();
}
