import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutputChunk } from "@code-remote/core/execution";
import { ProcessSandbox } from "../src/process-sandbox";
import { BUBBLEWRAP_MODES, job } from "./helpers";

// Live output through the real runner: chunks arrive while the job runs, coalesced, within the limit.
describe.each(BUBBLEWRAP_MODES)("live output (bubblewrap: %s)", (bubblewrap) => {
  let sandbox: ProcessSandbox;
  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 1, bubblewrap, preload: false });
    await sandbox.start();
  });
  afterAll(() => sandbox.close());

  it("a line printed every 200 ms arrives as its own chunk within 150 ms of its print, then the result", async () => {
    const arrivals: Array<{ at: number; chunk: OutputChunk }> = [];
    const code = "import time\nfor i in range(5):\n    print(i, repr(time.time()))\n    time.sleep(0.2)\n";
    const result = await sandbox.run(job(code), { onOutput: (chunk) => arrivals.push({ at: Date.now(), chunk }) });
    expect(result.verdict).toBe("ok");
    expect(arrivals.map(({ chunk }) => chunk.stream)).toEqual(["stdout", "stdout", "stdout", "stdout", "stdout"]);
    for (const [i, { at, chunk }] of arrivals.entries()) {
      const [index, printedAt] = chunk.data.trim().split(" ");
      expect(Number(index)).toBe(i);
      expect(at - Number(printedAt) * 1000).toBeLessThan(150);
    }
    expect(arrivals.map(({ chunk }) => chunk.data).join("")).toBe(result.stdout);
  });

  it("stdout and stderr stream apart, in order, and unflushed output still comes through", async () => {
    const chunks: OutputChunk[] = [];
    const code =
      "import sys, time\nsys.stdout.write('no newline')\nsys.stderr.write('err\\n')\ntime.sleep(0.3)\nprint(' then more')\n";
    const result = await sandbox.run(job(code), { onOutput: (chunk) => chunks.push(chunk) });
    expect(result.verdict).toBe("ok");
    const of = (stream: string) =>
      chunks
        .filter((c) => c.stream === stream)
        .map((c) => c.data)
        .join("");
    expect(of("stdout")).toBe("no newline then more\n");
    expect(of("stderr")).toBe("err\n");
  });

  it("a 10 MB flood ends output_limit, and what streamed stays within the limit, coalesced", async () => {
    const chunks: OutputChunk[] = [];
    const outputBytes = 256 * 1024;
    const code = "import sys\nline = 'x' * 99 + '\\n'\nfor _ in range(100_000):\n    sys.stdout.write(line)\n";
    const result = await sandbox.run(job(code, { limits: { outputBytes } }), {
      onOutput: (chunk) => chunks.push(chunk),
    });
    expect(result.verdict).toBe("output_limit");
    const streamed = chunks.map((c) => c.data).join("");
    expect(Buffer.byteLength(streamed)).toBeLessThanOrEqual(outputBytes);
    // The Result is cut at a line boundary; live output is passed on as it is read, so it may also
    // hold the start of the line the limit cut (the final job frame is the record).
    expect(result.stdout.endsWith("\n")).toBe(true);
    expect(streamed.startsWith(result.stdout)).toBe(true);
    expect(streamed.slice(result.stdout.length)).toMatch(/^x{0,99}$/);
    expect(Buffer.byteLength(result.stdout)).toBeGreaterThan(outputBytes - 100);
    expect(chunks.length).toBeLessThan(outputBytes / 1024); // coalesced, not a chunk per line
  });

  it("a multi-byte character split across reads is never cut in half", async () => {
    const chunks: OutputChunk[] = [];
    const code =
      "import sys, time\nb = '€'.encode()\nsys.stdout.buffer.write(b[:1]); sys.stdout.flush(); time.sleep(0.2)\nsys.stdout.buffer.write(b[1:] + b'\\n')\n";
    const result = await sandbox.run(job(code), { onOutput: (chunk) => chunks.push(chunk) });
    expect(result.stdout).toBe("€\n");
    expect(chunks.map((c) => c.data).join("")).toBe("€\n");
  });
});
