/**
 * The live heap of a process tree, read from the bench-only heap probe (heap-probe.mjs)
 * that each process was started with: each probe forces a full garbage collection and
 * answers its memory use after it. What survives a full collection is what the process
 * actually holds; RSS also counts heap V8 has not needed to give back yet.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const portFile = z.object({ port: z.number().int().positive() });
const usage = z.object({
  pid: z.number().int(),
  rss: z.number(),
  heapTotal: z.number(),
  heapUsed: z.number(),
  external: z.number(),
  arrayBuffers: z.number(),
  snapshot: z.string().optional(),
});

/** Bytes, summed over the processes that answered. */
export interface LiveHeap {
  heapUsed: number;
  heapTotal: number;
  /** Memory of C++ objects bound to JS ones (Buffers among them), also after the GC. */
  external: number;
  /** How many processes answered. */
  processes: number;
  /** The heap snapshots written, when asked for. */
  snapshots: string[];
}

/**
 * The live heap of these pids (those without a probe are skipped: a process that is not
 * Node, or one started before the probe listened). `snapshot` also writes a heap snapshot
 * per process into the probe's folder.
 */
export async function liveHeap(dir: string, pids: number[], snapshot = false): Promise<LiveHeap> {
  const total: LiveHeap = { heapUsed: 0, heapTotal: 0, external: 0, processes: 0, snapshots: [] };
  for (const pid of pids) {
    const file = join(dir, `${pid}.json`);
    if (!existsSync(file)) continue;
    const { port } = portFile.parse(JSON.parse(readFileSync(file, "utf8")));
    const response = await fetch(`http://127.0.0.1:${port}/${snapshot ? "snapshot" : ""}`, {
      signal: AbortSignal.timeout(snapshot ? 300_000 : 30_000),
    });
    const answer = usage.parse(await response.json());
    total.heapUsed += answer.heapUsed;
    total.heapTotal += answer.heapTotal;
    total.external += answer.external;
    total.processes += 1;
    if (answer.snapshot) total.snapshots.push(answer.snapshot);
  }
  return total;
}
