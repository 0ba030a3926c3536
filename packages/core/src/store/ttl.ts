/**
 * The item while its TTL has not passed, else undefined: DynamoDB deletes an item only some time after
 * its `expiresAt` (epoch seconds; TABLE_KEYS.ttl), so every read treats an item past it as absent.
 */
export function unexpired<T extends { expiresAt: number }>(
  item: T | null | undefined,
  nowSeconds: number,
): T | undefined {
  return item && item.expiresAt > nowSeconds ? item : undefined;
}
