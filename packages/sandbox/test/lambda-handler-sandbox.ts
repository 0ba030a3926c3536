import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Sandbox } from "@code-remote/core/ports";
import { ResultSchema, type Result, type SandboxRequest } from "@code-remote/core/execution";
import { LineSplitter } from "../src/lines";
import { resolvePython } from "../src/python";

const HARNESS = fileURLToPath(new URL("./lambda-harness.py", import.meta.url));

/**
 * The Lambda handler (runner/handler.py) as a Sandbox, driven in-process through a small Python
 * harness: what the container-image Lambda does, minus AWS. One invocation at a time, like one
 * Lambda execution environment.
 */
export class LambdaHandlerSandbox implements Sandbox {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiting: Array<(line: string) => void> = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(env: Record<string, string> = {}) {
    this.child = spawn(resolvePython(), ["-I", "-S", HARNESS], { env: { LANG: "C.UTF-8", ...env }, stdio: ["pipe", "pipe", "inherit"] });
    const lines = new LineSplitter((line) => this.waiting.shift()?.(line));
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => lines.push(chunk));
  }

  run(request: SandboxRequest): Promise<Result> {
    const invocation = this.queue.then(
      () =>
        new Promise<Result>((resolve) => {
          this.waiting.push((line) => resolve(ResultSchema.parse(JSON.parse(line))));
          this.child.stdin.write(`${JSON.stringify(request)}\n`);
        }),
    );
    this.queue = invocation.catch(() => {});
    return invocation;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.stdin.end();
    });
  }
}
