import { validation } from "../errors";

export type TokenKind = "ident" | "name" | "value" | "number" | "punct" | "eof";

export interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const PUNCT = ["<=", ">=", "<>", "=", "<", ">", "(", ")", "[", "]", ",", ".", "+", "-"];

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Splits an expression into tokens; an unknown character is a DynamoDB-style syntax error. */
export function tokenize(source: string, label: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if (c === 35 || c === 58) {
      // #name or :value placeholder
      i++;
      while (i < source.length && isIdentPart(source.charCodeAt(i))) i++;
      if (i === start + 1)
        throw syntaxError(
          label,
          source[start] as string,
          source,
          tokens.at(-1)?.pos ?? start,
          endOfNextToken(source, start + 1),
        );
      tokens.push({ kind: c === 35 ? "name" : "value", text: source.slice(start, i), pos: start });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < source.length && isIdentPart(source.charCodeAt(i))) i++;
      tokens.push({ kind: "ident", text: source.slice(start, i), pos: start });
      continue;
    }
    if (c >= 48 && c <= 57) {
      while (i < source.length && isIdentPart(source.charCodeAt(i))) i++;
      tokens.push({ kind: "number", text: source.slice(start, i), pos: start });
      continue;
    }
    const p = PUNCT.find((s) => source.startsWith(s, i));
    if (!p)
      throw syntaxError(label, source[i] as string, source, tokens.at(-1)?.pos ?? i, endOfNextToken(source, i + 1));
    tokens.push({ kind: "punct", text: p, pos: start });
    i += p.length;
  }
  tokens.push({ kind: "eof", text: "<EOF>", pos: source.length });
  return tokens;
}

/** Where the token after `from` ends (for a syntax error's "near"), or `from` when none follows. */
function endOfNextToken(source: string, from: number): number {
  let i = from;
  while (i < source.length && /\s/.test(source[i] as string)) i++;
  if (i === source.length) return from;
  const c = source.charCodeAt(i);
  if (c === 35 || c === 58 || isIdentPart(c)) {
    i++;
    while (i < source.length && isIdentPart(source.charCodeAt(i))) i++;
    return i;
  }
  return i + (PUNCT.find((s) => source.startsWith(s, i)) ?? " ").length;
}

/**
 * DynamoDB's wording: `Invalid X: Syntax error; token: "tok", near: "prev tok next"`, where "near" is the
 * source text from the token before the offending one to the end of the token after it.
 */
export function syntaxError(label: string, token: string, source: string, from: number, to: number) {
  return validation(`Invalid ${label}: Syntax error; token: "${token}", near: "${source.slice(from, to)}"`);
}
