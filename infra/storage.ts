/**
 * One table for every entity: pk/sk, gsi1 ("of a user, newest first"), TTL on expiresAt. Never
 * linked (a link grants dynamodb:*): each function gets item-level actions (table-access.ts).
 */
export const table = new sst.aws.Dynamo("Table", {
  fields: { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: { gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } },
  ttl: "expiresAt",
  transform: {
    table: (args) => {
      args.pointInTimeRecovery = { enabled: $app.stage === "prod" };
      // Besides `protect` (sst.config.ts), which guards against Pulumi: this guards against anyone.
      args.deletionProtectionEnabled = $app.stage === "prod";
    },
  },
});
