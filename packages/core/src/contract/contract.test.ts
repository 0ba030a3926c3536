import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { LIMIT_DEFAULTS, LIMIT_MAXIMA, MAX_CODE_BYTES, MAX_STDIN_BYTES } from "../execution";
import {
  ClientFrameSchema,
  ExecuteRequestSchema,
  firstUnencodable,
  JobIdSchema,
  ListJobsQuerySchema,
  parseInput,
} from ".";

function failure(input: unknown): AppError {
  try {
    parseInput(ExecuteRequestSchema, input);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a validation failure");
}

describe("execute request", () => {
  it("fills defaults for stdin and every limit", () => {
    expect(parseInput(ExecuteRequestSchema, { code: "print(1)" })).toEqual({
      code: "print(1)",
      stdin: "",
      limits: { ...LIMIT_DEFAULTS },
      mode: "run",
    });
  });

  it("takes mode run or trace; trace with test cases is refused on the mode field", () => {
    expect(parseInput(ExecuteRequestSchema, { code: "x", mode: "trace" }).mode).toBe("trace");
    expect(parseInput(ExecuteRequestSchema, { code: "x", mode: "run", tests: [{ expected: "1" }] }).mode).toBe("run");
    const both = failure({ code: "x", mode: "trace", tests: [{ expected: "1" }] });
    expect([both.code, both.status, both.field]).toEqual(["VALIDATION_FAILED", 400, "mode"]);
    expect(both.message).toMatch(/trace run takes stdin, not test cases/);
    expect(failure({ code: "x", mode: "debug" }).field).toBe("mode");
  });

  it("keeps given limits and defaults the rest", () => {
    const r = parseInput(ExecuteRequestSchema, { code: "x", limits: { wallMs: 2000 } });
    expect(r.limits).toEqual({ ...LIMIT_DEFAULTS, wallMs: 2000 });
  });

  it.each([
    [{ wallMs: LIMIT_MAXIMA.wallMs + 1 }, "limits.wallMs"],
    [{ memoryMb: LIMIT_MAXIMA.memoryMb + 1 }, "limits.memoryMb"],
    [{ outputBytes: LIMIT_MAXIMA.outputBytes + 1 }, "limits.outputBytes"],
    [{ wallMs: 0 }, "limits.wallMs"],
    [{ wallMs: 1.5 }, "limits.wallMs"],
    [{ memoryMb: "256" }, "limits.memoryMb"],
    [{ cpu: 1 }, "limits"],
  ])("rejects limits %j naming the field", (limits, field) => {
    const e = failure({ code: "x", limits });
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.status).toBe(400);
    expect(e.field).toBe(field);
  });

  it("accepts limits exactly at the maxima", () => {
    expect(parseInput(ExecuteRequestSchema, { code: "x", limits: { ...LIMIT_MAXIMA } }).limits).toEqual(LIMIT_MAXIMA);
  });

  it("measures code and stdin in UTF-8 bytes, with their own codes", () => {
    expect(parseInput(ExecuteRequestSchema, { code: "a".repeat(MAX_CODE_BYTES) }).code).toHaveLength(MAX_CODE_BYTES);
    const big = failure({ code: "é".repeat(MAX_CODE_BYTES / 2 + 1) });
    expect([big.code, big.status, big.field]).toEqual(["CODE_TOO_LARGE", 413, "code"]);
    const stdin = failure({ code: "x", stdin: "a".repeat(MAX_STDIN_BYTES + 1) });
    expect([stdin.code, stdin.status]).toEqual(["STDIN_TOO_LARGE", 413]);
  });

  it.each([
    null,
    42,
    "print(1)",
    [],
    {},
    { code: "" },
    { code: 1 },
    { code: "x", extra: true },
    { code: "x", tests: "no" },
  ])("rejects %j with a 400 and a message", (input) => {
    const e = failure(input);
    expect(e.status).toBe(400);
    expect(e.message.length).toBeGreaterThan(0);
  });
});

describe("other messages", () => {
  it("job ids are ULIDs", () => {
    expect(JobIdSchema.safeParse("01JABCDEFGHJKMNPQRSTVWXYZ0").success).toBe(true);
    expect(JobIdSchema.safeParse("../etc/passwd").success).toBe(false);
    expect(JobIdSchema.safeParse("01jabcdefghjkmnpqrstvwxyz0").success).toBe(false);
  });

  it("list query coerces and bounds the page size", () => {
    expect(parseInput(ListJobsQuerySchema, {})).toEqual({ limit: 20 });
    expect(parseInput(ListJobsQuerySchema, { limit: "5", cursor: "abc" })).toEqual({ limit: 5, cursor: "abc" });
    expect(() => parseInput(ListJobsQuerySchema, { limit: "1000" })).toThrow(AppError);
  });

  it("client frames: only known actions", () => {
    expect(ClientFrameSchema.safeParse({ action: "ping" }).success).toBe(true);
    expect(ClientFrameSchema.safeParse({ action: "exec" }).success).toBe(false);
    expect(ClientFrameSchema.safeParse("ping").success).toBe(false);
  });
});

describe("text that UTF-8 cannot encode", () => {
  it.each([
    [{ code: "print('\ud800')" }, "code"],
    [{ code: "x", stdin: "a\udc00b" }, "stdin"],
    [{ code: "x", stdin: "\ude00" }, "stdin"],
    [
      {
        code: "x",
        tests: [
          { stdin: "", expected: "1" },
          { stdin: "\udbff", expected: "1" },
        ],
      },
      "tests.1.stdin",
    ],
    [{ code: "x", tests: [{ stdin: "", expected: "ok\ud83d" }] }, "tests.0.expected"],
  ])("refuses %j as UNENCODABLE_TEXT naming %s", (input, field) => {
    const e = failure(input);
    expect([e.code, e.status, e.field]).toEqual(["UNENCODABLE_TEXT", 400, field]);
    expect(e.message.startsWith(`${field}: `)).toBe(true);
  });

  it("accepts paired surrogates (emoji) and every other code point", () => {
    const text = "😀 \u{10FFFF} \uFFFD \u0000 é";
    expect(parseInput(ExecuteRequestSchema, { code: text, stdin: text }).stdin).toBe(text);
  });

  it("checks keys and frames too, whatever the schema", () => {
    expect(firstUnencodable({ a: [{ ["k\ud800"]: 1 }] })).toEqual(["a", 0]);
    expect(() => parseInput(ClientFrameSchema, { action: "\ud800" })).toThrow(/action: contains a lone/);
  });
});
