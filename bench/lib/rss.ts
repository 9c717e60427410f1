/**
 * Resident memory of processes, from /proc (Linux): a process tree (a pid and its
 * descendants, e.g. `next start` and any worker it forks) and the sum of their VmRSS.
 */
import { readdirSync, readFileSync } from "node:fs";

/** The pid and its descendants, from /proc/<pid>/stat's parent ids. */
export function treeOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** The summed VmRSS (kB) of these processes; an exited one counts 0. */
export function rssKb(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(match?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return total;
}
