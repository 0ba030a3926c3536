import { validation } from "../errors";
import { parseValue, type AttributeValue } from "../values";

/**
 * The ExpressionAttributeNames/Values of one request: validated once, resolved by every expression of
 * the request, and checked afterwards for unused entries (DynamoDB rejects those).
 */
export class Placeholders {
  private readonly names: Record<string, string>;
  private readonly values: Record<string, AttributeValue>;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();
  private parsed = 0;

  constructor(names: unknown, values: unknown) {
    this.names = {};
    this.values = {};
    if (names != null) {
      const keys = Object.keys(names as object);
      if (!keys.length) throw validation("ExpressionAttributeNames must not be empty");
      for (const key of keys) {
        if (!/^#[0-9a-zA-Z_]+$/.test(key))
          throw validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
        this.names[key] = String((names as Record<string, unknown>)[key]);
      }
    }
    if (values != null) {
      const keys = Object.keys(values as object);
      if (!keys.length) throw validation("ExpressionAttributeValues must not be empty");
      for (const key of keys) {
        if (!/^:[0-9a-zA-Z_]+$/.test(key))
          throw validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
      }
      for (const key of keys) {
        try {
          this.values[key] = parseValue((values as Record<string, unknown>)[key]);
        } catch (err) {
          throw validation(
            `ExpressionAttributeValues contains invalid value: ${(err as Error).message} for key ${key}`,
          );
        }
      }
    }
  }

  /** Called by the parser once per expression it parses. */
  noteExpression(): void {
    this.parsed++;
  }

  name(token: string, label: string): string {
    const name = this.names[token];
    if (name === undefined) {
      throw validation(
        `Invalid ${label}: An expression attribute name used in the document path is not defined; attribute name: ${token}`,
      );
    }
    this.usedNames.add(token);
    return name;
  }

  value(token: string, label: string): AttributeValue {
    const value = this.values[token];
    if (value === undefined) {
      throw validation(
        `Invalid ${label}: An expression attribute value used in expression is not defined; attribute value: ${token}`,
      );
    }
    this.usedValues.add(token);
    return value;
  }

  /** After all expressions of the request are parsed: every placeholder given must have been used. */
  checkAllUsed(): void {
    const names = Object.keys(this.names);
    const values = Object.keys(this.values);
    if (this.parsed === 0) {
      if (names.length) throw validation("ExpressionAttributeNames can only be specified when using expressions");
      if (values.length) throw validation("ExpressionAttributeValues can only be specified when using expressions");
    }
    const unusedNames = names.filter((k) => !this.usedNames.has(k));
    if (unusedNames.length) {
      throw validation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(", ")}}`,
      );
    }
    const unusedValues = values.filter((k) => !this.usedValues.has(k));
    if (unusedValues.length) {
      throw validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(", ")}}`,
      );
    }
  }
}
