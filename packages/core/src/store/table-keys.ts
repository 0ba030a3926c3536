/**
 * The one table's keys, in the shape SST's Dynamo component takes them: infra/storage.ts passes
 * these to AWS, the local stack creates its table from them, and every entity's indexes name
 * these fields (entities.ts). pk/sk hold an item's own key; gsi1 answers "of a user, newest first";
 * DynamoDB deletes an item some time after its `expiresAt` (epoch seconds).
 */
export const TABLE_KEYS = {
  fields: { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: { gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } },
  ttl: "expiresAt",
} as const;
