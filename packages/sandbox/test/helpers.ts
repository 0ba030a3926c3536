import { readdirSync, readFileSync } from "node:fs";
import type { SandboxRequest } from "@code-remote/core/execution";
import { bubblewrapAvailable } from "../src/bubblewrap";

let counter = 0;

/** A request with small limits so failing cases fail fast. */
export function job(code: string, overrides: Partial<Omit<SandboxRequest, "limits">> & { limits?: Partial<SandboxRequest["limits"]> } = {}): SandboxRequest {
  const { limits, ...rest } = overrides;
  counter += 1;
  return {
    jobId: `test-${process.pid}-${counter}`,
    code,
    stdin: "",
    limits: { wallMs: 5_000, memoryMb: 128, outputBytes: 64 * 1024, ...limits },
    ...rest,
  };
}

/** Run the suite with and without bubblewrap when it is installed; otherwise only without. */
export const BUBBLEWRAP_MODES: boolean[] = bubblewrapAvailable() ? [false, true] : [false];

/**
 * Live processes below one root (a runner, or the bwrap around it) whose uid differs from ours.
 * Between jobs each runner holds exactly one: the child it forked ahead for its next job. Any
 * more is a job process that outlived its job. Zombies are ignored (the runner reaps them).
 */
export function jobProcessesUnder(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const child of children.get(pid) ?? []) {
      queue.push(child);
      const status = read(`/proc/${child}/status`) ?? "";
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
      const zombie = /^State:\s+Z/m.test(status);
      if (!zombie && uid !== process.getuid?.()) found.push(child);
    }
  }
  return found;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null; // the process ended while we looked
  }
}
