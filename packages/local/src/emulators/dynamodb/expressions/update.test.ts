import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../values";
import { parseUpdate } from "./parser";
import { Placeholders } from "./placeholders";
import { applyUpdate, checkNotKey } from "./update";

const base: Item = {
  pk: { S: "k" },
  n: { N: "10" },
  a: { S: "A" },
  b: { S: "B" },
  lst: { L: [{ N: "0" }, { N: "1" }, { N: "2" }, { N: "3" }] },
  mp: { M: { x: { N: "1" } } },
  tags: { SS: ["a", "b"] },
};

function update(expr: string, values: Record<string, AttributeValue> = {}, item: Item = base): Item {
  const actions = parseUpdate(expr, new Placeholders(undefined, Object.keys(values).length ? values : undefined));
  checkNotKey(actions, ["pk"]);
  return applyUpdate(item, actions);
}

describe("update actions", () => {
  it("SET reads every operand from the item before the update (swap)", () => {
    const out = update("SET a = b, b = a");
    expect(out.a).toEqual({ S: "B" });
    expect(out.b).toEqual({ S: "A" });
    expect(base.a).toEqual({ S: "A" });
  });

  it("SET with + and -, if_not_exists and list_append", () => {
    const out = update("SET n = n + :one, m = if_not_exists(m, :zero) - :one, lst = list_append(:head, lst)", {
      ":one": { N: "1" },
      ":zero": { N: "0" },
      ":head": { L: [{ S: "h" }] },
    });
    expect(out.n).toEqual({ N: "11" });
    expect(out.m).toEqual({ N: "-1" });
    expect((out.lst as { L: unknown[] }).L).toHaveLength(5);
  });

  it("SET into nested maps and lists; an index past the end appends", () => {
    const out = update("SET mp.y = :v, lst[9] = :v, lst[0] = :v", { ":v": { S: "z" } });
    expect(out.mp).toEqual({ M: { x: { N: "1" }, y: { S: "z" } } });
    expect((out.lst as { L: AttributeValue[] }).L[4]).toEqual({ S: "z" });
    expect((out.lst as { L: AttributeValue[] }).L[0]).toEqual({ S: "z" });
    expect(() => update("SET nope.deeper = :v", { ":v": { S: "z" } })).toThrow(
      "The document path provided in the update expression is invalid for update",
    );
  });

  it("REMOVE attributes, mp keys and lst elements by their original positions", () => {
    const out = update("REMOVE a, mp.x, lst[1], lst[3]");
    expect(out.a).toBeUndefined();
    expect(out.mp).toEqual({ M: {} });
    expect(out.lst).toEqual({ L: [{ N: "0" }, { N: "2" }] });
  });

  it("ADD to numbers and sets, creating gone attributes", () => {
    const out = update("ADD n :five, fresh :five, tags :more, newset :more", {
      ":five": { N: "5" },
      ":more": { SS: ["b", "c"] },
    });
    expect(out.n).toEqual({ N: "15" });
    expect(out.fresh).toEqual({ N: "5" });
    expect(out.tags).toEqual({ SS: ["a", "b", "c"] });
    expect(out.newset).toEqual({ SS: ["b", "c"] });
    expect(() => update("ADD a :five", { ":five": { N: "5" } })).toThrow(
      "An operand in the update expression has an incorrect data type",
    );
    expect(() => update("ADD tags :ns", { ":ns": { NS: ["1"] } })).toThrow("incorrect data type");
  });

  it("DELETE from sets; an emptied set disappears", () => {
    expect(update("DELETE tags :x", { ":x": { SS: ["a"] } }).tags).toEqual({ SS: ["b"] });
    expect(update("DELETE tags :x", { ":x": { SS: ["a", "b"] } }).tags).toBeUndefined();
    expect(update("DELETE absent :x", { ":x": { SS: ["a"] } }).absent).toBeUndefined();
  });

  it("refuses arithmetic on non-numbers, gone operands and key attributes", () => {
    expect(() => update("SET a = a + :one", { ":one": { N: "1" } })).toThrow("incorrect data type");
    expect(() => update("SET a = gone")).toThrow(
      "The provided expression refers to an attribute that does not exist in the item",
    );
    expect(() => update("SET pk = :v", { ":v": { S: "x" } })).toThrow(
      "Cannot update attribute pk. This attribute is part of the key",
    );
    expect(() => update("SET lst = list_append(a, lst)")).toThrow("incorrect data type");
  });
});
