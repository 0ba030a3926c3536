import { describe, expect, it } from "vitest";
import { MAX_SYNC_RESPONSE_BYTES, syncResponse } from "./lambda";

describe("syncResponse: Lambda's 6 MB response quota", () => {
  it("passes a payload up to the quota through, with its FunctionError", () => {
    const payload = `"${"x".repeat(MAX_SYNC_RESPONSE_BYTES - 2)}"`;
    expect(syncResponse({ payload })).toEqual({ body: payload });
    expect(syncResponse({ payload: "{}", functionError: "Unhandled" })).toEqual({
      body: "{}",
      functionError: "Unhandled",
    });
  });

  it("turns a larger one, counted in bytes, into Function.ResponseSizeTooLarge", () => {
    const payload = `"${"é".repeat(MAX_SYNC_RESPONSE_BYTES / 2)}"`; // fewer characters than bytes
    const answer = syncResponse({ payload });
    expect(answer.functionError).toBe("Unhandled");
    expect(JSON.parse(answer.body)).toEqual({
      errorType: "Function.ResponseSizeTooLarge",
      errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`,
    });
  });
});
