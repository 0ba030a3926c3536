import { table } from "./storage";
import { TABLE_ACCESS, type TableAction, type TableUser } from "./table-access";

/** The IAM statements for one function's table access (TABLE_ACCESS): items on the table, Query on gsi1. */
export function tableAccess(user: TableUser) {
  const actions: readonly TableAction[] = TABLE_ACCESS[user];
  const onItems = actions.filter((a) => a !== "Query").map((a) => `dynamodb:${a}`);
  return [
    ...(onItems.length > 0 ? [{ actions: onItems, resources: [table.arn] }] : []),
    ...(actions.includes("Query")
      ? [{ actions: ["dynamodb:Query"], resources: [$interpolate`${table.arn}/index/gsi1`] }]
      : []),
  ];
}
