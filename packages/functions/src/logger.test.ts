import { describe, expect, it } from "vitest";
import { atLeast, type Logger } from "./logger";

describe("atLeast", () => {
  it("writes lines at the level or more severe, and drops the rest", () => {
    const lines: string[] = [];
    const record: Logger = (level, message) => void lines.push(`${level}: ${message}`);
    const warnings = atLeast("warn", record);
    warnings("info", "job running");
    warnings("warn", "could not notify");
    warnings("error", "request failed");
    expect(lines).toEqual(["warn: could not notify", "error: request failed"]);
    atLeast("info", record)("info", "job finished");
    expect(lines.at(-1)).toBe("info: job finished");
  });
});
