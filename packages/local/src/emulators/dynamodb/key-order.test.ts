import { describe, expect, it } from "vitest";
import { numberBytes, partitionHash, segmentOf } from "./key-order";
import { compareNumbers } from "./values";

describe("key order (DynamoDB Local's hashes and number encoding)", () => {
  it("encodes numbers so that their bytes sort as the numbers do", () => {
    const numbers = [
      "-1e125",
      "-123.456",
      "-100",
      "-99.5",
      "-1",
      "-0.5",
      "-0.001",
      "-1e-130",
      "0",
      "1e-130",
      "0.001",
      "0.5",
      "1",
      "9",
      "10",
      "11",
      "99.5",
      "100",
      "123.456",
      "1e125",
    ];
    const shuffled = [...numbers].reverse();
    const byBytes = [...shuffled].sort((a, b) => Buffer.compare(numberBytes(a), numberBytes(b)));
    expect(byBytes).toEqual([...shuffled].sort(compareNumbers));
    expect(byBytes).toEqual(numbers);
  });

  it("encodes zero, one and a negative as DynamoDB Local does", () => {
    expect([...numberBytes("0")]).toEqual([0x80]);
    expect([...numberBytes("1")]).toEqual([0xc1, 0x02]);
    expect([...numberBytes("12.5")]).toEqual([0xc1, 0x0d, 0x33]);
    // Negatives complement the exponent byte and digits, and end with 102 so a prefix sorts after.
    expect([...numberBytes("-1")]).toEqual([0x3e, 0x64, 0x66]);
  });

  it("splits the hash space into equal segments", () => {
    expect(segmentOf("0".repeat(40), 7)).toBe(0);
    expect(segmentOf("f".repeat(40), 7)).toBe(6);
    expect(segmentOf("8" + "0".repeat(39), 2)).toBe(1);
    // Segment i starts at floor(max / total) * i, as DynamoDB Local's ScanFunction computes it.
    expect(segmentOf("7" + "f".repeat(38) + "e", 2)).toBe(0);
    expect(segmentOf("7" + "f".repeat(39), 2)).toBe(1);
    expect(partitionHash({ S: "s6" })).toBe("05decbb07374c5db37126245459f2e504b966644");
  });
});
