/** Process inspection for the no-orphan tests (Linux /proc). */
import { readdirSync, readFileSync } from "node:fs";

/** Pids of live processes whose command line contains every one of `parts`. */
export function findProcesses(...parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue; // exited while we looked
    }
    if (parts.every((part) => cmdline.includes(part))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * The fields of `/proc/<pid>/stat` after `pid (comm)`: state, ppid, pgrp, …; undefined once
 * the process has gone. (comm may hold spaces and parentheses, hence the last ")".)
 */
function statFields(pid: number | string): string[] | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The parent pid of `pid`, or undefined once it has exited. */
export function parentOf(pid: number): number | undefined {
  const ppid = statFields(pid)?.[1];
  return ppid === undefined ? undefined : Number(ppid);
}

/**
 * Resolves true once `pid` has exited (a zombie, dead but not yet reaped by whoever
 * inherited it, counts as exited), false if it still runs after `timeoutMs`.
 */
export async function exitsWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fields = statFields(pid);
    if (!fields) return true; // no such process
    const state = fields[0];
    if (state === "Z" || state === "X") return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of live processes in process group `pgid` (e.g. a detached child and its forks). */
export function processGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}
