import { validation } from "../errors";
import { compareValues, typeOf, type AttributeValue } from "../values";
import type { Comparator, Condition, FunctionName, Operand, Path, SetValue, UpdateActions } from "./ast";
import type { Placeholders } from "./placeholders";
import { isReservedWord } from "./reserved-words";
import { syntaxError, tokenize, type Token } from "./tokenizer";

const COMPARATORS = new Set(["=", "<>", "<", "<=", ">", ">="]);
const CONDITION_FUNCTIONS = new Set([
  "attribute_exists",
  "attribute_not_exists",
  "attribute_type",
  "begins_with",
  "contains",
]);
const UPDATE_FUNCTIONS = new Set(["if_not_exists", "list_append"]);
const ATTRIBUTE_TYPES = new Set(["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"]);
const CLAUSES = ["SET", "REMOVE", "ADD", "DELETE"] as const;
const MAX_DEPTH = 32;
/** How DynamoDB names a type in ADD/DELETE operand errors. */
const ORDERED = new Set(["S", "N", "B"]);
const TYPE_WORDS: Record<string, string> = {
  S: "STRING",
  N: "NUMBER",
  B: "BINARY",
  NULL: "NULL",
  BOOL: "BOOLEAN",
  L: "LIST",
  M: "MAP",
};

function describe(value: AttributeValue): string {
  const type = typeOf(value);
  return `{${type}:${JSON.stringify((value as Record<string, unknown>)[type]).replace(/"/g, "")}}`;
}

/** Recursive descent over the tokens of one expression; precedence NOT > AND > OR, as DynamoDB documents. */
class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(
    private readonly source: string,
    private readonly label: string,
    private readonly placeholders: Placeholders,
  ) {
    if (source === "") throw validation(`Invalid ${label}: The expression can not be empty;`);
    this.tokens = tokenize(source, label);
    placeholders.noteExpression();
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.i++;
    return t;
  }

  private fail(token = this.peek()): never {
    const at = this.tokens.indexOf(token);
    const before = this.tokens[at - 1] ?? token;
    const after = token.kind === "eof" ? token : (this.tokens[at + 1] as Token);
    const last = after.kind === "eof" ? (token.kind === "eof" ? before : token) : after;
    const end = last.pos + last.text.length;
    throw syntaxError(this.label, token.text, this.source, before.pos, end);
  }

  private error(message: string): never {
    throw validation(`Invalid ${this.label}: ${message}`);
  }

  private isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "punct" && t.text === text;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "ident" && t.text.toUpperCase() === word;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail();
    this.i++;
  }

  end(): void {
    if (this.peek().kind !== "eof") this.fail();
  }

  // ---- paths ----

  private attributeName(): string {
    const t = this.next();
    if (t.kind === "name") return this.placeholders.name(t.text, this.label);
    if (t.kind !== "ident") this.fail(t);
    if (isReservedWord(t.text)) this.error(`Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
    return t.text;
  }

  path(): Path {
    const path: Path = [this.attributeName()];
    for (;;) {
      if (this.isPunct(".")) {
        this.i++;
        path.push(this.attributeName());
      } else if (this.isPunct("[")) {
        this.i++;
        const t = this.next();
        if (t.kind !== "number" || !/^\d+$/.test(t.text)) this.fail(t);
        path.push(Number(t.text));
        this.expectPunct("]");
      } else return path;
    }
  }

  pathList(): Path[] {
    const paths = [this.path()];
    while (this.isPunct(",")) {
      this.i++;
      paths.push(this.path());
    }
    return paths;
  }

  // ---- conditions ----

  condition(depth = 0): Condition {
    if (depth > MAX_DEPTH) this.error("The expression is too deeply nested");
    let left = this.conjunction(depth);
    while (this.isKeyword("OR")) {
      this.i++;
      left = { kind: "or", left, right: this.conjunction(depth) };
    }
    return left;
  }

  private conjunction(depth: number): Condition {
    let left = this.negation(depth);
    while (this.isKeyword("AND")) {
      this.i++;
      left = { kind: "and", left, right: this.negation(depth) };
    }
    return left;
  }

  private negation(depth: number): Condition {
    if (this.isKeyword("NOT")) {
      this.i++;
      return { kind: "not", operand: this.negation(depth + 1) };
    }
    return this.primary(depth);
  }

  private primary(depth: number): Condition {
    if (this.isPunct("(")) {
      this.i++;
      const redundant = this.isPunct("(") && this.closesAt(this.i) === this.closesAt(this.i - 1) - 1;
      if (redundant) this.error("The expression has redundant parentheses;");
      const inner = this.condition(depth + 1);
      this.expectPunct(")");
      return inner;
    }
    const t = this.peek();
    if (t.kind === "ident" && this.isPunct("(", 1) && t.text !== "size") return this.functionCondition();
    const left = this.operand();
    const op = this.peek();
    if (op.kind === "punct" && COMPARATORS.has(op.text)) {
      this.i++;
      const right = this.operand();
      this.checkDistinct(op.text, left, right);
      // An ordering of a literal that has no order (BOOL, NULL, sets, lists, maps) is refused before any read.
      if (op.text !== "=" && op.text !== "<>") {
        for (const side of [left, right]) {
          if (side.kind === "value" && !ORDERED.has(typeOf(side.value))) {
            this.error(
              `Incorrect operand type for operator or function; operator or function: ${op.text}, operand type: ${typeOf(side.value)}`,
            );
          }
        }
      }
      return { kind: "compare", op: op.text as Comparator, left, right };
    }
    if (this.isKeyword("BETWEEN")) {
      this.i++;
      const low = this.operand();
      if (!this.isKeyword("AND")) this.fail();
      this.i++;
      const high = this.operand();
      for (const side of [left, low, high]) {
        if (side.kind === "value" && !ORDERED.has(typeOf(side.value))) {
          this.error(
            `Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: ${typeOf(side.value)}`,
          );
        }
      }
      if (low.kind === "value" && high.kind === "value") {
        const bounds = `lower bound operand: AttributeValue: ${describe(low.value)}, upper bound operand: AttributeValue: ${describe(high.value)}`;
        if (typeOf(low.value) !== typeOf(high.value))
          this.error(`The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
        const order = compareValues(low.value, high.value);
        if (order !== undefined && order > 0)
          this.error(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`);
      }
      return { kind: "between", subject: left, low, high };
    }
    if (this.isKeyword("IN")) {
      this.i++;
      this.expectPunct("(");
      const options = [this.operand()];
      while (this.isPunct(",")) {
        this.i++;
        options.push(this.operand());
      }
      this.expectPunct(")");
      if (options.length > 100)
        this.error("The IN operator is provided with too many operands; number of operands: " + options.length);
      return { kind: "in", subject: left, options };
    }
    return this.fail();
  }

  /** Index of the ')' closing the '(' at token index `open`. */
  private closesAt(open: number): number {
    let depth = 0;
    for (let j = open; j < this.tokens.length; j++) {
      const t = this.tokens[j] as Token;
      if (t.kind !== "punct") continue;
      if (t.text === "(") depth++;
      else if (t.text === ")" && --depth === 0) return j;
    }
    return -1;
  }

  /** `a = a` is refused: a comparison of a path with itself is always a mistake. */
  private checkDistinct(op: string, a: Operand | undefined, b: Operand | undefined): void {
    if (a?.kind !== "path" || b?.kind !== "path" || a.path.length !== b.path.length) return;
    if (a.path.every((p, i) => p === b.path[i])) {
      this.error(
        `The first operand must be distinct from the remaining operands for this operator or function; operator: ${op}, first operand: [${a.path.join(", ")}]`,
      );
    }
  }

  private functionArgs(name: string): Operand[] {
    this.expectPunct("(");
    const args = [this.operand()];
    while (this.isPunct(",")) {
      this.i++;
      args.push(this.operand());
    }
    this.expectPunct(")");
    const arity = name === "attribute_exists" || name === "attribute_not_exists" || name === "size" ? 1 : 2;
    if (args.length !== arity) {
      this.error(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    }
    return args;
  }

  private functionCondition(): Condition {
    const name = this.next().text;
    if (!CONDITION_FUNCTIONS.has(name)) {
      if (UPDATE_FUNCTIONS.has(name))
        this.error(`The function is not allowed to be used this way in an expression; function: ${name}`);
      this.error(`Invalid function name; function: ${name}`);
    }
    const args = this.functionArgs(name);
    this.checkDistinct(name, args[0], args[1]);
    const first = args[0] as Operand;
    if (name !== "contains" && first.kind !== "path") {
      this.error(`Operator or function requires a document path; operator or function: ${name}`);
    }
    const second = args[1];
    if (name === "attribute_type" && second) {
      if (second.kind !== "value" || !("S" in second.value)) {
        this.error(
          `Incorrect operand type for operator or function; operator or function: attribute_type, operand type: ${second.kind === "value" ? typeOf(second.value) : "M"}`,
        );
      }
      if (!ATTRIBUTE_TYPES.has(second.value.S))
        this.error(
          `Invalid attribute type name found; type: ${second.value.S}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
        );
    }
    if (name === "begins_with") {
      for (const a of args) {
        if (a.kind === "value" && !("S" in a.value) && !("B" in a.value)) {
          this.error(
            `Incorrect operand type for operator or function; operator or function: begins_with, operand type: ${typeOf(a.value)}`,
          );
        }
      }
    }
    return { kind: "function", name: name as FunctionName, args };
  }

  operand(): Operand {
    const t = this.peek();
    if (t.kind === "value") {
      this.i++;
      return { kind: "value", value: this.placeholders.value(t.text, this.label) };
    }
    if (t.kind === "ident" && this.isPunct("(", 1)) {
      if (t.text !== "size") {
        if (CONDITION_FUNCTIONS.has(t.text) || UPDATE_FUNCTIONS.has(t.text)) {
          this.error(`The function is not allowed to be used this way in an expression; function: ${t.text}`);
        }
        this.error(`Invalid function name; function: ${t.text}`);
      }
      this.i++;
      const [arg] = this.functionArgs("size");
      if (arg?.kind !== "path") this.error("Operator or function requires a document path; operator or function: size");
      return { kind: "size", path: arg.path };
    }
    if (t.kind === "ident" || t.kind === "name") return { kind: "path", path: this.path() };
    return this.fail();
  }

  // ---- update expressions ----

  update(): UpdateActions {
    const actions: UpdateActions = { set: [], remove: [], add: [], delete: [] };
    const seen = new Set<string>();
    do {
      const t = this.next();
      const clause = t.text.toUpperCase() as (typeof CLAUSES)[number];
      if (t.kind !== "ident" || !CLAUSES.includes(clause)) this.fail(t);
      if (seen.has(clause)) this.error(`The "${clause}" section can only be used once in an update expression;`);
      seen.add(clause);
      do {
        if (clause === "SET") {
          const path = this.path();
          this.expectPunct("=");
          actions.set.push({ path, value: this.setValue() });
        } else if (clause === "REMOVE") {
          actions.remove.push(this.path());
        } else {
          const path = this.path();
          const v = this.peek();
          if (v.kind !== "value") this.fail(v);
          this.i++;
          const value = this.placeholders.value(v.text, this.label);
          const type = typeOf(value);
          const ok =
            clause === "ADD" ? type === "N" || type.length === 2 : type === "SS" || type === "NS" || type === "BS";
          if (!ok)
            this.error(
              `Incorrect operand type for operator or function; operator: ${clause}, operand type: ${TYPE_WORDS[type] ?? type}, typeSet: ALLOWED_FOR_${clause}_OPERAND`,
            );
          (clause === "ADD" ? actions.add : actions.delete).push({ path, value });
        }
      } while (this.isPunct(",") && ++this.i);
    } while (this.peek().kind !== "eof");
    return actions;
  }

  private setValue(): SetValue {
    const left = this.setOperand();
    if (this.isPunct("+") || this.isPunct("-")) {
      const op = this.next().text as "+" | "-";
      return { kind: "arith", op, left, right: this.setOperand() };
    }
    return left;
  }

  private setOperand(): SetValue {
    const t = this.peek();
    if (t.kind === "ident" && this.isPunct("(", 1)) {
      this.i++;
      if (!UPDATE_FUNCTIONS.has(t.text)) {
        if (CONDITION_FUNCTIONS.has(t.text) || t.text === "size")
          this.error(`The function is not allowed in an update expression; function: ${t.text}`);
        this.error(`Invalid function name; function: ${t.text}`);
      }
      this.expectPunct("(");
      const args = [this.setValue()];
      while (this.isPunct(",")) {
        this.i++;
        args.push(this.setValue());
      }
      this.expectPunct(")");
      if (args.length !== 2) {
        this.error(
          `Incorrect number of operands for operator or function; operator or function: ${t.text}, number of operands: ${args.length}`,
        );
      }
      const [a, b] = args as [SetValue, SetValue];
      if (t.text === "if_not_exists") {
        if (a.kind !== "path")
          this.error("Operator or function requires a document path; operator or function: if_not_exists");
        return { kind: "if_not_exists", path: a.path, fallback: b };
      }
      for (const arg of args) {
        if (arg.kind === "value" && !("L" in arg.value)) {
          this.error(
            `Incorrect operand type for operator or function; operator or function: list_append, operand type: ${typeOf(arg.value)}`,
          );
        }
      }
      return { kind: "list_append", left: a, right: b };
    }
    if (t.kind === "value") {
      this.i++;
      return { kind: "value", value: this.placeholders.value(t.text, this.label) };
    }
    if (t.kind === "ident" || t.kind === "name") return { kind: "path", path: this.path() };
    return this.fail();
  }
}

export function parseCondition(source: string, label: string, placeholders: Placeholders): Condition {
  const p = new Parser(source, label, placeholders);
  const c = p.condition();
  p.end();
  return c;
}

export function parseUpdate(source: string, placeholders: Placeholders): UpdateActions {
  const p = new Parser(source, "UpdateExpression", placeholders);
  const u = p.update();
  p.end();
  checkPathsDisjoint([
    ...u.set.map((s) => s.path),
    ...u.remove,
    ...u.add.map((a) => a.path),
    ...u.delete.map((d) => d.path),
  ]);
  return u;
}

export function parseProjection(source: string, placeholders: Placeholders): Path[] {
  const p = new Parser(source, "ProjectionExpression", placeholders);
  const paths = p.pathList();
  p.end();
  checkPathsDisjoint(paths, "ProjectionExpression");
  return paths;
}

function showPath(path: Path): string {
  return `[${path.join(", ")}]`;
}

/** One update (or projection) may not name a path twice, nor a path and something inside it. */
function checkPathsDisjoint(paths: Path[], label = "UpdateExpression"): void {
  for (let a = 0; a < paths.length; a++) {
    for (let b = a + 1; b < paths.length; b++) {
      const p = paths[a] as Path;
      const q = paths[b] as Path;
      const n = Math.min(p.length, q.length);
      let k = 0;
      while (k < n && p[k] === q[k]) k++;
      if (k === n) {
        throw validation(
          `Invalid ${label}: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${showPath(p)}, path two: ${showPath(q)}`,
        );
      }
      if (typeof p[k] !== typeof q[k]) {
        throw validation(
          `Invalid ${label}: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${showPath(p)}, path two: ${showPath(q)}`,
        );
      }
    }
  }
}
