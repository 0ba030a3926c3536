import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../values";
import { evaluateCondition, project } from "./evaluate";
import { parseCondition } from "./parser";
import { Placeholders } from "./placeholders";

const item: Item = {
  id: { S: "job#1" },
  n: { N: "5" },
  s: { S: "hello" },
  b: { B: Buffer.from("abc").toString("base64") },
  tags: { SS: ["a", "b"] },
  nums: { NS: ["1", "2"] },
  lst: { L: [{ S: "x" }, { N: "7" }, { M: { deep: { BOOL: true } } }] },
  mp: { M: { inr: { M: { v: { N: "3" } } }, nil: { NULL: true } } },
};

function check(expr: string, values: Record<string, AttributeValue> = {}, target: Item = item): boolean {
  return evaluateCondition(
    target,
    parseCondition(
      expr,
      "ConditionExpression",
      new Placeholders(undefined, Object.keys(values).length ? values : undefined),
    ),
  );
}

describe("condition evaluation", () => {
  it("compares numbers, strings and binaries by DynamoDB order", () => {
    expect(check("n > :v", { ":v": { N: "4.99" } })).toBe(true);
    expect(check("n <= :v", { ":v": { N: "5.0" } })).toBe(true);
    expect(check("s < :v", { ":v": { S: "help" } })).toBe(true);
    expect(check("n = :v", { ":v": { S: "5" } })).toBe(false);
    expect(check("n < :v", { ":v": { S: "9" } })).toBe(false);
  });

  it("treats a gone attribute as unequal and unordered", () => {
    expect(check("gone = :v", { ":v": { N: "1" } })).toBe(false);
    expect(check("gone <> :v", { ":v": { N: "1" } })).toBe(true);
    expect(check("gone < :v", { ":v": { N: "1" } })).toBe(false);
  });

  it("evaluates BETWEEN, IN, AND/OR/NOT", () => {
    expect(check("n BETWEEN :a AND :b", { ":a": { N: "5" }, ":b": { N: "6" } })).toBe(true);
    expect(check("n IN (:a, :b)", { ":a": { N: "4" }, ":b": { N: "5" } })).toBe(true);
    expect(check("NOT n = :a OR s = :b AND n = :a", { ":a": { N: "5" }, ":b": { S: "hello" } })).toBe(true);
    expect(check("NOT (n = :a OR s = :b)", { ":a": { N: "5" }, ":b": { S: "nope" } })).toBe(false);
  });

  it("follows nested paths", () => {
    expect(check("mp.inr.v = :v", { ":v": { N: "3" } })).toBe(true);
    expect(check("lst[2].deep = :v", { ":v": { BOOL: true } })).toBe(true);
    expect(check("attribute_exists(lst[3])")).toBe(false);
    expect(check("attribute_exists(s.inr)")).toBe(false);
  });

  it("implements every function", () => {
    expect(check("attribute_exists(mp.nil)")).toBe(true);
    expect(check("attribute_not_exists(nope)")).toBe(true);
    expect(check("attribute_type(tags, :t)", { ":t": { S: "SS" } })).toBe(true);
    expect(check("attribute_type(n, :t)", { ":t": { S: "S" } })).toBe(false);
    expect(check("begins_with(id, :p)", { ":p": { S: "job#" } })).toBe(true);
    expect(check("begins_with(b, :p)", { ":p": { B: Buffer.from("ab").toString("base64") } })).toBe(true);
    expect(check("contains(s, :p)", { ":p": { S: "ell" } })).toBe(true);
    expect(check("contains(tags, :p)", { ":p": { S: "b" } })).toBe(true);
    expect(check("contains(nums, :p)", { ":p": { N: "2" } })).toBe(true);
    expect(check("contains(lst, :p)", { ":p": { N: "7" } })).toBe(true);
    expect(check("contains(n, :p)", { ":p": { N: "5" } })).toBe(false);
    expect(check("size(s) = :v", { ":v": { N: "5" } })).toBe(true);
    expect(check("size(tags) = :v", { ":v": { N: "2" } })).toBe(true);
    expect(check("size(lst) = :v", { ":v": { N: "3" } })).toBe(true);
    expect(check("size(mp) = :v", { ":v": { N: "2" } })).toBe(true);
    expect(check("size(b) = :v", { ":v": { N: "3" } })).toBe(true);
    expect(check("size(n) = :v", { ":v": { N: "1" } })).toBe(false);
  });

  it("does not find Object.prototype members as attributes", () => {
    const p = new Placeholders({ "#c": "constructor" }, undefined);
    expect(evaluateCondition(item, parseCondition("attribute_exists(#c)", "ConditionExpression", p))).toBe(false);
  });
});

describe("projection", () => {
  it("keeps nested structure and compacts lst elements in order", () => {
    expect(project(item, [["s"], ["lst", 2, "deep"], ["lst", 0], ["mp", "inr", "v"], ["absent"]])).toEqual({
      s: { S: "hello" },
      lst: { L: [{ S: "x" }, { M: { deep: { BOOL: true } } }] },
      mp: { M: { inr: { M: { v: { N: "3" } } } } },
    });
  });
});
