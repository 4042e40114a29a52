import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks a second in /proc's CPU times (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

function stat(pid: string): { ppid: string; comm: string; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    return {
      ppid: fields[1] as string,
      comm,
      ticks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined; // the process ended while we read
  }
}

/**
 * CPU time (user + system, ms) used so far by the live processes descended from this one whose
 * name matches `name`, by Chromium process type (`--type=` of the command line; "browser" for the
 * one without): a wall-clock throughput ratio on a 2-core box cannot tell one process's work from
 * another's, nor either from scheduling noise. Linux only; `undefined` elsewhere.
 *
 * @example
 * const before = descendantCpuMs(/chrom/); // { browser: 5210, renderer: 3120, "gpu-process": 410, ... }
 */
export function descendantCpuMs(name: RegExp): Record<string, number> | undefined {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const all = new Map<string, { ppid: string; comm: string; ticks: number }>();
  for (const pid of pids) {
    const s = stat(pid);
    if (s) all.set(pid, s);
  }
  const own = String(process.pid);
  const descends = (pid: string): boolean => {
    for (let p = all.get(pid)?.ppid; p !== undefined && p !== "0"; p = all.get(p)?.ppid)
      if (p === own) return true;
    return false;
  };
  const byType: Record<string, number> = {};
  for (const [pid, s] of all) {
    if (!name.test(s.comm) || !descends(pid)) continue;
    const type = /--type=([\w-]+)/.exec(commandLine(pid))?.[1] ?? "browser";
    byType[type] = (byType[type] ?? 0) + (s.ticks * 1000) / TICKS_PER_SECOND;
  }
  return byType;
}

function commandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}
