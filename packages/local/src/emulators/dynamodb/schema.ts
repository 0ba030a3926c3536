/** What CreateTable/UpdateTimeToLive establish: the persisted description of a table. */
export type ScalarType = "S" | "N" | "B";

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: "HASH" | "RANGE";
}

export interface Projection {
  ProjectionType: "ALL" | "KEYS_ONLY" | "INCLUDE";
  NonKeyAttributes?: string[];
}

export interface IndexSchema {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

export interface TableSchema {
  TableName: string;
  TableId: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: ScalarType }[];
  KeySchema: KeySchemaElement[];
  BillingMode: "PAY_PER_REQUEST" | "PROVISIONED";
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  GlobalSecondaryIndexes?: IndexSchema[];
  LocalSecondaryIndexes?: IndexSchema[];
  CreationDateTime: number;
  TimeToLive?: { AttributeName: string; Enabled: boolean };
}
