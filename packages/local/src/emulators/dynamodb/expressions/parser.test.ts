import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../values";
import { parseCondition, parseProjection, parseUpdate } from "./parser";
import { Placeholders } from "./placeholders";

const values: Record<string, AttributeValue> = {
  ":a": { N: "1" },
  ":b": { N: "2" },
  ":s": { S: "x" },
  ":t": { BOOL: true },
};
const names = { "#n": "name", "#k": "status" };

function cond(expr: string, vals: Record<string, unknown> = values, nms: Record<string, string> = names) {
  return parseCondition(expr, "ConditionExpression", new Placeholders(nms, vals));
}

describe("condition parser", () => {
  it("gives NOT precedence over AND over OR", () => {
    const c = cond("a = :a OR b = :b AND NOT c = :a");
    expect(c.kind).toBe("or");
    if (c.kind !== "or") return;
    expect(c.right.kind).toBe("and");
    if (c.right.kind !== "and") return;
    expect(c.right.right.kind).toBe("not");
  });

  it("lets parentheses override precedence", () => {
    const c = cond("(a = :a OR b = :b) AND c = :a");
    expect(c.kind).toBe("and");
  });

  it("resolves document paths with names, maps and list indexes", () => {
    const c = cond("#n.inr[3].deep = :a");
    expect(c).toMatchObject({ kind: "compare", left: { kind: "path", path: ["name", "inr", 3, "deep"] } });
  });

  it("parses BETWEEN, IN, every function and size()", () => {
    expect(cond("a BETWEEN :a AND :b").kind).toBe("between");
    expect(cond("a IN (:a, :b, :s)")).toMatchObject({ kind: "in", options: [{}, {}, {}] });
    for (const f of [
      "attribute_exists(a)",
      "attribute_not_exists(a)",
      "begins_with(a, :s)",
      "contains(a, :s)",
      "attribute_type(a, :s)",
    ]) {
      const vals = f.includes("attribute_type")
        ? { ":s": { S: "N" } }
        : f.includes(":s")
          ? { ":s": { S: "x" } }
          : undefined;
      expect(cond(f, vals, undefined as never).kind).toBe("function");
    }
    expect(cond("size(a) > :a")).toMatchObject({ kind: "compare", left: { kind: "size", path: ["a"] } });
  });

  it("rejects reserved words, bad syntax and misuse of functions", () => {
    expect(() => cond("status = :a", { ":a": { N: "1" } }, undefined as never)).toThrow(
      "reserved keyword; reserved keyword: status",
    );
    expect(() => cond("a = ", { ":a": { N: "1" } }, undefined as never)).toThrow(
      'Syntax error; token: "<EOF>", near: "="',
    );
    expect(() => cond("a == :a", { ":a": { N: "1" } }, undefined as never)).toThrow("Syntax error");
    expect(() => cond("foo(a)", undefined, undefined as never)).toThrow("Invalid function name; function: foo");
    expect(() => cond("attribute_exists(:a)", { ":a": { N: "1" } }, undefined as never)).toThrow(
      "requires a document path",
    );
    expect(() => cond("attribute_exists(a, b)", undefined, undefined as never)).toThrow("Incorrect number of operands");
    expect(() => cond("a = a", undefined, undefined as never)).toThrow(
      "The first operand must be distinct from the remaining operands",
    );
    expect(() => cond("a BETWEEN :a AND :s", { ":a": { N: "1" }, ":s": { S: "x" } }, undefined as never)).toThrow(
      "requires same data type for lower and upper bounds",
    );
    expect(() => cond("a BETWEEN :b AND :a", { ":a": { N: "1" }, ":b": { N: "2" } }, undefined as never)).toThrow(
      "requires upper bound to be greater than or equal",
    );
    expect(() => cond("((a = :a))", { ":a": { N: "1" } }, undefined as never)).toThrow("redundant parentheses");
    expect(() => cond("attribute_type(a, :s)", { ":s": { S: "Q" } }, undefined as never)).toThrow(
      "Invalid attribute type name",
    );
    expect(() => cond("", undefined, undefined as never)).toThrow("The expression can not be empty");
  });
});

describe("placeholders", () => {
  it("reports undefined and unused placeholders", () => {
    expect(() => cond("#x = :a")).toThrow(
      "An expression attribute name used in the document path is not defined; attribute name: #x",
    );
    expect(() => cond("a = :zz")).toThrow(
      "An expression attribute value used in expression is not defined; attribute value: :zz",
    );
    const p = new Placeholders(undefined, { ":a": { N: "1" }, ":x": { N: "2" } });
    parseCondition("a = :a", "ConditionExpression", p);
    expect(() => p.checkAllUsed()).toThrow(
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}",
    );
    const q = new Placeholders({ "#a": "a", "#b": "b" }, undefined);
    parseProjection("#a", q);
    expect(() => q.checkAllUsed()).toThrow(
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}",
    );
    expect(() => new Placeholders({}, undefined)).toThrow("ExpressionAttributeNames must not be empty");
    expect(() => new Placeholders(undefined, { ":a": { N: "1" } }).checkAllUsed()).toThrow(
      "can only be specified when using expressions",
    );
  });
});

describe("update parser", () => {
  const p = () => new Placeholders(undefined, { ":a": { N: "1" }, ":l": { L: [] }, ":ss": { SS: ["x"] } });

  it("parses every clause and SET operand form", () => {
    const u = parseUpdate(
      "SET a = :a, b = c + :a, d = if_not_exists(d, :a) - :a, e = list_append(e, :l) REMOVE f, g[1] ADD h :a DELETE i :ss",
      p(),
    );
    expect(u.set.map((s) => s.value.kind)).toEqual(["value", "arith", "arith", "list_append"]);
    expect(u.remove).toEqual([["f"], ["g", 1]]);
    expect(u.add).toEqual([{ path: ["h"], value: { N: "1" } }]);
    expect(u.delete).toEqual([{ path: ["i"], value: { SS: ["x"] } }]);
  });

  it("rejects overlapping and conflicting paths, repeated clauses and bad operand types", () => {
    expect(() => parseUpdate("SET a = :a REMOVE a.b", p())).toThrow("Two document paths overlap with each other");
    expect(() => parseUpdate("SET a[0] = :a, a.b = :a", p())).toThrow("Two document paths conflict with each other");
    expect(() => parseUpdate("SET a = :a SET b = :a", p())).toThrow('The "SET" section can only be used once');
    expect(() => parseUpdate("ADD a :l", p())).toThrow("operator: ADD, operand type: LIST");
    expect(() => parseUpdate("DELETE a :a", p())).toThrow("operator: DELETE, operand type: NUMBER");
    expect(() => parseUpdate("SET a = size(b)", p())).toThrow("not allowed in an update expression");
    expect(() => parseUpdate("UPSERT a = :a", p())).toThrow("Syntax error");
  });
});
