import { describe, expect, it } from "vitest";
import {
  addNumbers,
  compareNumbers,
  compareStrings,
  itemSize,
  normaliseNumber,
  parseValue,
  valuesEqual,
} from "./values";

describe("numbers", () => {
  it.each([
    ["1.50", "1.5"],
    ["-0", "0"],
    ["0.000", "0"],
    ["007", "7"],
    ["1e2", "100"],
    ["1.5E-3", "0.0015"],
    ["+12.0", "12"],
    ["-.5", "-0.5"],
  ])("normalises %s to %s", (raw, canonical) => {
    expect(normaliseNumber(raw)).toBe(canonical);
  });

  it.each(["abc", "", "1.2.3", "--1", "1e", "."])("rejects %j", (raw) => {
    expect(() => normaliseNumber(raw)).toThrow("A value provided cannot be converted into a number");
  });

  it("enforces 38 digits and the magnitude range", () => {
    expect(normaliseNumber("1".repeat(38))).toBe("1".repeat(38));
    expect(() => normaliseNumber("1".repeat(39))).toThrow("DynamoDB only supports precision up to 38 digits");
    expect(() => normaliseNumber("1e126")).toThrow("Number overflow");
    expect(() => normaliseNumber("1e-131")).toThrow("Number underflow");
  });

  it("compares exactly beyond double precision", () => {
    const a = "12345678901234567890123456789012345678";
    const b = "12345678901234567890123456789012345679";
    expect(compareNumbers(a, b)).toBe(-1);
    expect(compareNumbers(b, a)).toBe(1);
    expect(compareNumbers("-5", "3")).toBe(-1);
    expect(compareNumbers("-5", "-30")).toBe(1);
    expect(compareNumbers("0.001", "0.01")).toBe(-1);
    expect(compareNumbers("100000000000000000000", "99999999999999999999")).toBe(1);
  });

  it("adds and subtracts as decimals", () => {
    expect(addNumbers("0.1", "0.2")).toBe("0.3");
    expect(addNumbers("5", "7", true)).toBe("-2");
    expect(addNumbers("12345678901234567890123456789012345678", "1")).toBe("12345678901234567890123456789012345679");
    expect(addNumbers("-1.5", "1.5")).toBe("0");
  });
});

describe("strings and values", () => {
  it("orders strings by UTF-8 bytes, not UTF-16 units", () => {
    // U+FF21 is below U+1F600 in UTF-8, above its surrogates in UTF-16.
    expect(compareStrings("\uff21", "\u{1f600}")).toBe(-1);
    expect(compareStrings("a", "b")).toBe(-1);
    expect(compareStrings("ab", "a")).toBe(1);
  });

  it("treats sets as unordered and lists as ordered", () => {
    expect(valuesEqual({ SS: ["a", "b"] }, { SS: ["b", "a"] })).toBe(true);
    expect(valuesEqual({ L: [{ S: "a" }, { S: "b" }] }, { L: [{ S: "b" }, { S: "a" }] })).toBe(false);
    expect(valuesEqual({ M: { a: { N: "1" } } }, { M: { a: { N: "1" } } })).toBe(true);
    expect(valuesEqual({ N: "1" }, { S: "1" })).toBe(false);
  });

  it("validates incoming values like DynamoDB", () => {
    expect(parseValue({ NS: ["1.0", "2"] })).toEqual({ NS: ["1", "2"] });
    expect(() => parseValue({ SS: [] })).toThrow("An string set  may not be empty");
    expect(() => parseValue({ NS: ["1", "1.0"] })).toThrow("contains duplicates");
    expect(() => parseValue({ S: "a", N: "1" })).toThrow("more than one datatypes");
    expect(() => parseValue({})).toThrow("Supplied AttributeValue is empty");
    expect(() => parseValue({ NULL: false })).toThrow("Null attribute value types must have the value of true");
    expect(parseValue({ M: { x: { L: [{ N: "01" }] } } })).toEqual({ M: { x: { L: [{ N: "1" }] } } });
  });

  it("sizes items from names plus values", () => {
    expect(itemSize({ ab: { S: "héllo" } })).toBe(2 + 6);
    expect(itemSize({ n: { N: "12345" } })).toBe(1 + 4);
    expect(itemSize({ m: { M: { k: { BOOL: true } } } })).toBe(1 + 3 + 1 + 1 + 1);
  });
});
