import type { Sandbox, SandboxRunOptions } from "@code-remote/core/ports";
import type { Result, SandboxRequest } from "@code-remote/core/execution";
import { ProcessSandbox, type ProcessSandboxOptions, type SandboxStats } from "./process-sandbox";

/**
 * Code that names a library the scientific runners pre-import (or one that imports them). Matched on
 * the text, comments and strings included, so `__import__("numpy")` routes too; only a name built at
 * run time escapes it, and then the job still runs, on a plain runner, paying for its own import.
 */
const SCIENTIFIC = /\b(?:numpy|pandas|matplotlib|pylab|mpl_toolkits)\b/;

export const usesScientificLibraries = (code: string): boolean => SCIENTIFIC.test(code);

/**
 * Two warm pools behind one Sandbox: runners with numpy, pandas and matplotlib pre-imported for code
 * that names them, and plain runners for everything else. A plain runner forks a process without
 * those libraries (a fraction of the size), so a plain job starts and exits sooner and costs the
 * machine less CPU (figures in the package README). Each pool has `size` runners; the worker
 * never takes more than `size` jobs at once, so together they still run at most `size` jobs.
 */
export class RoutedSandbox implements Sandbox {
  readonly size: number;
  readonly plain: ProcessSandbox;
  readonly scientific: ProcessSandbox;

  constructor(options: Omit<ProcessSandboxOptions, "preload"> = {}) {
    this.plain = new ProcessSandbox({ ...options, preload: false });
    this.scientific = new ProcessSandbox({ ...options, preload: true });
    this.size = this.plain.size;
  }

  /** The layers every runner has (both pools are built alike but for the imports). */
  get layers(): readonly string[] {
    return this.scientific.layers;
  }

  get libraries(): readonly string[] {
    return this.scientific.libraries;
  }

  async start(): Promise<void> {
    await Promise.all([this.plain.start(), this.scientific.start()]);
  }

  run(request: SandboxRequest, options: SandboxRunOptions = {}): Promise<Result> {
    return (usesScientificLibraries(request.code) ? this.scientific : this.plain).run(request, options);
  }

  stats(): SandboxStats & { pools: { plain: SandboxStats; scientific: SandboxStats } } {
    const plain = this.plain.stats();
    const scientific = this.scientific.stats();
    return {
      size: this.size,
      busy: plain.busy + scientific.busy,
      idle: plain.idle + scientific.idle,
      queued: plain.queued + scientific.queued,
      pools: { plain, scientific },
    };
  }

  runnerPids(): number[] {
    return [...this.plain.runnerPids(), ...this.scientific.runnerPids()];
  }

  async close(): Promise<void> {
    await Promise.all([this.plain.close(), this.scientific.close()]);
  }
}
