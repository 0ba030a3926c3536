import { describe, expect, it } from "vitest";
import { LIMIT_DEFAULTS } from "@code-remote/core/execution";
import { parseCliArgs } from "./cli-args";

describe("parseCliArgs", () => {
  it("takes a file and defaults the limits", () => {
    expect(parseCliArgs(["a.py"])).toEqual({
      file: "a.py",
      stdinFile: null,
      driver: "pool",
      mode: "run",
      profile: false,
      limits: { ...LIMIT_DEFAULTS },
    });
  });

  it("reads every option", () => {
    const args = parseCliArgs([
      "--wall-ms",
      "2000",
      "a.py",
      "--stdin",
      "in.txt",
      "--memory-mb",
      "64",
      "--output-bytes=4096",
      "--driver",
      "lambda",
      "--mode",
      "trace",
      "--profile",
    ]);
    expect(args).toEqual({
      file: "a.py",
      stdinFile: "in.txt",
      driver: "lambda",
      mode: "trace",
      profile: true,
      limits: { wallMs: 2000, memoryMb: 64, outputBytes: 4096 },
    });
  });

  it.each([
    [[], /missing FILE.py/],
    [["a.py", "b.py"], /only one FILE.py/],
    [["a.py", "--wall-ms"], /--wall-ms needs a value/],
    [["a.py", "--wall-ms", "1.5"], /whole number/],
    [["a.py", "--verbose"], /unknown option --verbose/],
    [["a.py", "--driver", "docker"], /--driver is one of pool, lambda, got "docker"/],
    [["a.py", "--driver"], /--driver needs a value/],
    [["a.py", "--mode", "debug"], /--mode is one of run, trace, got "debug"/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
