import { createHash } from "node:crypto";
import { parseDecimal, scalar, type AttributeValue } from "./values";

// Where DynamoDB leaves an order unspecified (Scan, items with equal index keys, Scan segments) we take
// DynamoDB Local's, so the conformance test can compare our pages with its pages item for item: it
// orders partitions by SHA-1 over a salt and the key's bytes, and splits that hash space evenly into
// segments. (From DynamoDB Local 1.25.1's LocalDBUtils.getHashValue/encodeBigDecimal and
// ScanFunction.getSegmentBeginningHashKey.)

const SALT = "LocalDdb";

function sha1(...parts: (string | Buffer)[]): Buffer {
  const h = createHash("sha1").update(SALT);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** A key value's bytes as DynamoDB Local hashes them: UTF-8 for S, raw for B, the sortable encoding for N. */
function keyBytes(value: AttributeValue): Buffer {
  if ("B" in value) return Buffer.from(value.B, "base64");
  if ("N" in value) return numberBytes(value.N);
  return Buffer.from(scalar(value), "utf8");
}

/**
 * DynamoDB's byte encoding of a number, which sorts as the numbers do: an exponent byte (base 100),
 * then two digits a byte, each +1; negatives complemented, with a 102 terminator when short.
 */
export function numberBytes(text: string): Buffer {
  const d = parseDecimal(text);
  if (!d?.digits) return Buffer.from([0x80]);
  const negative = d.neg;
  let exp = d.digits.length + d.exp; // value = 0.DIGITS x 10^exp
  const odd = exp % 2 !== 0 ? 1 : 0; // base 100: pad an odd exponent with a leading zero digit
  exp += odd;
  const digits = (odd ? "0" : "") + d.digits;
  const size = Math.floor((digits.length + 1) / 2);
  const out = Buffer.alloc(negative && size < 20 ? size + 2 : size + 1);
  if (negative && size < 20) out[size + 1] = 102;
  out[0] = (192 + exp / 2) & 0xff;
  if (negative) out[0] = ~out[0] & 0xff;
  for (let i = 0; i < digits.length; i += 2) {
    const pair = Number(digits[i]) * 10 + (i + 1 < digits.length ? Number(digits[i + 1]) : 0);
    out[i / 2 + 1] = negative ? 101 - pair : pair + 1;
  }
  return out;
}

/** The hash a partition is stored under; Scan visits partitions in this order (hex compares as bytes). */
export function partitionHash(value: AttributeValue): string {
  return sha1(keyBytes(value)).toString("hex");
}

/** A global secondary index's partitions hash once more (observed: DynamoDB Local's GSI scans follow it). */
export function indexPartitionHash(value: AttributeValue): string {
  return sha1(sha1(keyBytes(value))).toString("hex");
}

/** The hash of a whole table key: the order of items whose index keys are equal. */
export function tableKeyHash(hash: AttributeValue, range?: AttributeValue): string {
  const parts = [sha1(keyBytes(hash))];
  if (range) parts.push(sha1(keyBytes(range)));
  return sha1(...parts).toString("hex");
}

const MAX_HASH = (1n << 160n) - 1n;

/** The Scan segment (of `total`) a partition hash falls in: the hash space cut into equal ranges. */
export function segmentOf(hashHex: string, total: number): number {
  const step = MAX_HASH / BigInt(total);
  const segment = BigInt(`0x${hashHex}`) / step;
  return Number(segment < BigInt(total) ? segment : BigInt(total - 1));
}
