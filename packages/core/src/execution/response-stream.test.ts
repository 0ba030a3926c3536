import { describe, expect, it } from "vitest";
import type { OutputChunk } from "./output";
import { resultOfResponse, SandboxResponseReader } from "./response-stream";

const encode = (text: string) => new TextEncoder().encode(text);
const BODY = [
  JSON.stringify({ type: "output", jobId: "j", stream: "stdout", data: "héllo 🌍\n" }),
  JSON.stringify({ type: "output", jobId: "j", stream: "stderr", data: "warn\n" }),
  JSON.stringify({ type: "result", verdict: "ok", stdout: "héllo 🌍\n" }),
].join("\n");

describe("SandboxResponseReader", () => {
  it("reads output and the result whatever the chunk boundaries, inside lines and characters included", () => {
    const bytes = encode(BODY);
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const heard: OutputChunk[] = [];
      const reader = new SandboxResponseReader((chunk) => heard.push(chunk));
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
      expect(reader.end()).toEqual({ verdict: "ok", stdout: "héllo 🌍\n" });
      expect(heard).toEqual([
        { stream: "stdout", data: "héllo 🌍\n" },
        { stream: "stderr", data: "warn\n" },
      ]);
    }
  });

  it("passes output on as each line completes, before the stream ends", () => {
    const heard: string[] = [];
    const reader = new SandboxResponseReader((chunk) => heard.push(chunk.data));
    reader.push(encode(`${JSON.stringify({ type: "output", jobId: "j", stream: "stdout", data: "a" })}\n{"type":"out`));
    expect(heard).toEqual(["a"]);
  });

  it("has no result after a torn or foreign line, and none when the stream never carried one", () => {
    expect(resultOfResponse(`${JSON.stringify({ type: "result", verdict: "ok" })}\n{"type":"resu`)).toBeUndefined();
    expect(resultOfResponse("not json\n")).toBeUndefined();
    expect(
      resultOfResponse(JSON.stringify({ type: "output", jobId: "j", stream: "stdout", data: "x" })),
    ).toBeUndefined();
    expect(resultOfResponse("")).toBeUndefined();
  });

  it("ignores output lines that fail the output schema, and blank lines", () => {
    const heard: OutputChunk[] = [];
    const reader = new SandboxResponseReader((chunk) => heard.push(chunk));
    reader.push(
      encode(`\n${JSON.stringify({ type: "output", stream: "stdin", data: 1 })}\n\n{"type":"result","verdict":"ok"}`),
    );
    expect(reader.end()).toEqual({ verdict: "ok" });
    expect(heard).toEqual([]);
  });
});
