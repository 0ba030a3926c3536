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

/** Pids of live (non-zombie) processes owned by uid, seen from this (host) pid namespace. */
export function processesOf(uid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const uidLine = /^Uid:\s+(\d+)/m.exec(status);
      const state = /^State:\s+(\S)/m.exec(status);
      if (uidLine && Number(uidLine[1]) === uid && state?.[1] !== "Z") found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
