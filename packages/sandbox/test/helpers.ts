import { readdirSync, readFileSync } from "node:fs";
import type { SandboxRequest } from "@code-remote/core/execution";
import { bubblewrapAvailable } from "../src/bubblewrap";

let counter = 0;

/** A request with small limits so failing cases fail fast. */
export function job(
  code: string,
  overrides: Partial<Omit<SandboxRequest, "limits">> & { limits?: Partial<SandboxRequest["limits"]> } = {},
): SandboxRequest {
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
 * Between jobs each runner holds exactly one: the child its zygote forked ahead for the next job
 * (the zygote itself runs as our uid). Any more is a job process that outlived its job. Zombies
 * are ignored (they are reaped after the answer).
 */
export function jobProcessesUnder(root: number): number[] {
  return descendantsOf(root).filter((pid) => {
    const status = read(`/proc/${pid}/status`) ?? "";
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    return !/^State:\s+Z/m.test(status) && uid !== process.getuid?.();
  });
}

/** Every process below `root` (children first), from /proc. */
export function descendantsOf(root: number): number[] {
  const children = childrenByParent();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      queue.push(child);
      found.push(child);
    }
  }
  return found;
}

/** The direct children of `pid` that are still alive (not zombies). */
export function liveChildrenOf(pid: number): number[] {
  return (childrenByParent().get(pid) ?? []).filter(
    (child) => !/^State:\s+Z/m.test(read(`/proc/${child}/status`) ?? "State: Z"),
  );
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  return children;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null; // the process ended while we looked
  }
}
