import { describe, expect, it } from "vitest";
import { unexpired } from "./ttl";

describe("unexpired", () => {
  it("keeps an item until its expiresAt, and not at or after it", () => {
    const item = { id: "a", expiresAt: 100 };
    expect(unexpired(item, 99)).toBe(item);
    expect(unexpired(item, 100)).toBeUndefined();
    expect(unexpired(item, 101)).toBeUndefined();
  });

  it("passes an absent item through as absent", () => {
    expect(unexpired(null, 0)).toBeUndefined();
    expect(unexpired(undefined, 0)).toBeUndefined();
  });
});
