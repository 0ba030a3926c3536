export { createTable, isConditionFailure, type JobEntity, type Table } from "./entities";
export { TABLE_KEYS } from "./table-keys";
export { unexpired } from "./ttl";
