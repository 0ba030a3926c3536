import { ERROR_STATUS } from "@code-remote/core/errors";
import { describe, expect, it } from "vitest";
import { errorSentence, isKnownCode, parseRetryAfter, retryIn } from "./errors";

describe("errorSentence", () => {
  it("has a sentence for every code the API can send", () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(isKnownCode(code), code).toBe(true);
      const sentence = errorSentence(code);
      expect(sentence).toMatch(/^[A-Z].*\.$/);
      expect(sentence).not.toContain("_");
    }
  });

  it("says when to retry a 429, from Retry-After", () => {
    expect(errorSentence("RATE_LIMITED", { retryAfterSeconds: 5 })).toBe(
      "You are sending requests too quickly. Try again in 5 seconds.",
    );
    expect(errorSentence("TOO_MANY_JOBS", { retryAfterSeconds: 1 })).toMatch(/Try again in 1 second\.$/);
    expect(errorSentence("RATE_LIMITED")).toMatch(/Try again shortly\.$/);
  });

  it("adds the server's detail for validation errors only", () => {
    expect(errorSentence("VALIDATION_FAILED", { serverMessage: "code must not be empty" })).toBe(
      "Some of the input is not valid: code must not be empty.",
    );
    expect(errorSentence("INTERNAL", { serverMessage: "stack trace here" })).toBe(
      "Something went wrong on our side. Please try again.",
    );
  });

  it("falls back to the server's message for a code it does not know", () => {
    expect(errorSentence("HTTP_502", { serverMessage: "Bad gateway." })).toBe("Bad gateway.");
    expect(errorSentence("HTTP_502")).toBe("Something went wrong. Please try again.");
  });
});

describe("retry hints", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60);
  });

  it("rounds to what a person would say", () => {
    expect(retryIn(0.2)).toBe("in 1 second");
    expect(retryIn(59)).toBe("in 59 seconds");
    expect(retryIn(90)).toBe("in about 2 minutes");
    expect(retryIn(3600)).toBe("in about an hour");
    expect(retryIn(7200)).toBe("in about 2 hours");
  });
});
