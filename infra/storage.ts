import { TABLE_KEYS } from "../packages/core/src/store/table-keys";

/**
 * One table for every entity: pk/sk, gsi1 ("of a user, newest first"), TTL on expiresAt, from the
 * key schema the entities and the local table use too (TABLE_KEYS). Never linked (a link grants
 * dynamodb:*): each function gets item-level actions (table-access.ts).
 */
export const table = new sst.aws.Dynamo("Table", {
  ...TABLE_KEYS,
  transform: {
    table: (args) => {
      args.pointInTimeRecovery = { enabled: $app.stage === "prod" };
      // Besides `protect` (sst.config.ts), which guards against Pulumi: this guards against anyone.
      args.deletionProtectionEnabled = $app.stage === "prod";
    },
  },
});
