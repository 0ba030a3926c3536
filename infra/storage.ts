/** One table for every entity: pk/sk, gsi1 ("of a user, newest first"), TTL on expiresAt. */
export const table = new sst.aws.Dynamo("Table", {
  fields: { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: { gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } },
  ttl: "expiresAt",
  transform: {
    table: (args) => {
      args.pointInTimeRecovery = { enabled: $app.stage === "prod" };
    },
  },
});
