import { notFound, validation } from "../errors";
import type { IndexSchema, KeySchemaElement, Projection, ScalarType, TableSchema } from "../schema";
import type { Table } from "../table";
import { enumOf, requireString, response, tableOf, type Request } from "./common";

const NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

// DynamoDB Local's wording for a table or index name outside the rules (the conformance test checks it).
function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw validation(
      "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'",
    );
  }
}

function keySchema(raw: unknown, defined: Map<string, ScalarType>, where: string): KeySchemaElement[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 2) {
    throw validation(
      `1 validation error detected: Value null at '${where}' failed to satisfy constraint: Member must have length less than or equal to 2`,
    );
  }
  const ks = raw as KeySchemaElement[];
  if (ks[0]?.KeyType !== "HASH" || (ks[1] && ks[1].KeyType !== "RANGE")) {
    throw validation(
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type" +
        (ks[1] ? " or the second is not a RANGE key type" : ""),
    );
  }
  if (ks[1] && ks[0].AttributeName === ks[1].AttributeName)
    throw validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  for (const k of ks) {
    if (!defined.has(k.AttributeName)) {
      throw validation(
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
          ks.map((x) => x.AttributeName).join(", ") +
          "], AttributeDefinitions: [" +
          [...defined.keys()].join(", ") +
          "]",
      );
    }
  }
  return ks.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType }));
}

function projection(raw: unknown): Projection {
  const p = (raw ?? {}) as Projection;
  const type = p.ProjectionType ?? "ALL";
  if (!["ALL", "KEYS_ONLY", "INCLUDE"].includes(type)) throw validation(`Unknown ProjectionType: ${type}`);
  if (type === "INCLUDE" && !p.NonKeyAttributes?.length) {
    throw validation(
      "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
    );
  }
  if (type !== "INCLUDE" && p.NonKeyAttributes) {
    throw validation(
      `One or more parameter values were invalid: ProjectionType is ${type}, but NonKeyAttributes is specified`,
    );
  }
  return type === "INCLUDE"
    ? { ProjectionType: type, NonKeyAttributes: [...(p.NonKeyAttributes as string[])] }
    : { ProjectionType: type };
}

export function createTable(req: Request) {
  const body = req.body;
  const name = requireString(body, "TableName", "tableName");
  checkName(name);
  const defs = body.AttributeDefinitions as { AttributeName: string; AttributeType: ScalarType }[] | undefined;
  if (!Array.isArray(defs) || !defs.length)
    throw validation(
      "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null",
    );
  const defined = new Map<string, ScalarType>();
  for (const d of defs) {
    if (!["S", "N", "B"].includes(d.AttributeType)) {
      throw validation(
        `1 validation error detected: Value '${d.AttributeType}' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]`,
      );
    }
    if (defined.has(d.AttributeName)) throw validation("Cannot have two attributes with the same name");
    defined.set(d.AttributeName, d.AttributeType);
  }
  const keys = keySchema(body.KeySchema, defined, "keySchema");
  const billing = enumOf(body, "BillingMode", ["PROVISIONED", "PAY_PER_REQUEST"] as const, "PROVISIONED");
  const throughput = body.ProvisionedThroughput as TableSchema["ProvisionedThroughput"];
  if (billing === "PROVISIONED" && !throughput)
    throw validation(
      "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    );
  if (billing === "PAY_PER_REQUEST" && throughput)
    throw validation(
      "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    );

  const used = new Set(keys.map((k) => k.AttributeName));
  const indexNames = new Set<string>();
  const indexes = (raw: unknown, local: boolean): IndexSchema[] | undefined => {
    if (raw == null) return undefined;
    if (!Array.isArray(raw) || !raw.length)
      throw validation(
        `One or more parameter values were invalid: List of ${local ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes"} is empty`,
      );
    if (raw.length > (local ? 5 : 20))
      throw validation(
        `One or more parameter values were invalid: Number of ${local ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes"} exceeds per-table limit of ${local ? 5 : 20}`,
      );
    return (raw as IndexSchema[]).map((ix) => {
      checkName(ix.IndexName ?? "");
      if (indexNames.has(ix.IndexName))
        throw validation(`One or more parameter values were invalid: Duplicate index name: ${ix.IndexName}`);
      indexNames.add(ix.IndexName);
      const ks = keySchema(ix.KeySchema, defined, "indexKeySchema");
      if (local) {
        if (!keys[1])
          throw validation(
            "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
          );
        if (ks[0]?.AttributeName !== keys[0]?.AttributeName || !ks[1]) {
          throw validation(
            `One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: ${ix.IndexName}. index hash key: ${ks[0]?.AttributeName}, table hash key: ${keys[0]?.AttributeName}`,
          );
        }
      }
      for (const k of ks) used.add(k.AttributeName);
      const out: IndexSchema = { IndexName: ix.IndexName, KeySchema: ks, Projection: projection(ix.Projection) };
      if (!local && billing === "PROVISIONED") {
        if (!ix.ProvisionedThroughput)
          throw validation(
            `One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${ix.IndexName}`,
          );
        out.ProvisionedThroughput = ix.ProvisionedThroughput;
      }
      return out;
    });
  };
  const gsis = indexes(body.GlobalSecondaryIndexes, false);
  const lsis = indexes(body.LocalSecondaryIndexes, true);
  if (used.size !== defined.size) {
    throw validation(
      "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
    );
  }
  const schema: TableSchema = {
    TableName: name,
    TableId: "",
    AttributeDefinitions: defs.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    KeySchema: keys,
    BillingMode: billing,
    ...(throughput
      ? {
          ProvisionedThroughput: {
            ReadCapacityUnits: throughput.ReadCapacityUnits,
            WriteCapacityUnits: throughput.WriteCapacityUnits,
          },
        }
      : {}),
    ...(gsis ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis ? { LocalSecondaryIndexes: lsis } : {}),
    CreationDateTime: Date.now() / 1000,
  };
  const table = req.db.createTable(schema);
  // CREATING in DynamoDB; ACTIVE at once here, since nothing is provisioned.
  return { TableDescription: describe(table, req.region) };
}

function arn(region: string, table: string): string {
  return `arn:aws:dynamodb:${region}:000000000000:table/${table}`;
}

export function describe(table: Table, region: string) {
  const s = table.schema;
  const throughput = (p?: { ReadCapacityUnits: number; WriteCapacityUnits: number }) => ({
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: p?.ReadCapacityUnits ?? 0,
    WriteCapacityUnits: p?.WriteCapacityUnits ?? 0,
  });
  const indexSize = (name: string) => {
    const ix = table.index(name);
    let count = 0;
    for (const list of ix?.store.partitions.values() ?? []) count += list.length;
    return count;
  };
  return response({
    AttributeDefinitions: s.AttributeDefinitions,
    TableName: s.TableName,
    KeySchema: s.KeySchema,
    TableStatus: "ACTIVE",
    CreationDateTime: s.CreationDateTime,
    ProvisionedThroughput: throughput(s.ProvisionedThroughput),
    TableSizeBytes: table.sizeBytes,
    ItemCount: table.items.size,
    TableArn: arn(region, s.TableName),
    TableId: s.TableId,
    BillingModeSummary:
      s.BillingMode === "PAY_PER_REQUEST"
        ? { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: s.CreationDateTime }
        : undefined,
    GlobalSecondaryIndexes: s.GlobalSecondaryIndexes?.map((g) => ({
      IndexName: g.IndexName,
      KeySchema: g.KeySchema,
      Projection: g.Projection,
      IndexStatus: "ACTIVE",
      ProvisionedThroughput: throughput(g.ProvisionedThroughput),
      IndexSizeBytes: 0,
      ItemCount: indexSize(g.IndexName),
      IndexArn: `${arn(region, s.TableName)}/index/${g.IndexName}`,
    })),
    LocalSecondaryIndexes: s.LocalSecondaryIndexes?.map((l) => ({
      IndexName: l.IndexName,
      KeySchema: l.KeySchema,
      Projection: l.Projection,
      IndexSizeBytes: 0,
      ItemCount: indexSize(l.IndexName),
      IndexArn: `${arn(region, s.TableName)}/index/${l.IndexName}`,
    })),
  });
}

export function describeTable(req: Request) {
  return { Table: describe(namedTable(req), req.region) };
}

function namedTable(req: Request): Table {
  const name = requireString(req.body, "TableName", "tableName");
  const table = req.db.tables.get(name);
  if (!table) throw notFound(`Requested resource not found: Table: ${name} not found`);
  return table;
}

export function deleteTable(req: Request) {
  const table = namedTable(req);
  const description = describe(table, req.region);
  req.db.deleteTable(table.name);
  return { TableDescription: { ...description, TableStatus: "DELETING" } };
}

export function listTables(req: Request) {
  const limit = req.body.Limit == null ? 100 : Number(req.body.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw validation(
      `1 validation error detected: Value '${String(req.body.Limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  }
  const start = req.body.ExclusiveStartTableName;
  const names = [...req.db.tables.keys()].sort().filter((n) => typeof start !== "string" || n > start);
  const page = names.slice(0, limit);
  return response({
    TableNames: page,
    LastEvaluatedTableName: names.length > limit ? page[page.length - 1] : undefined,
  });
}

export function updateTimeToLive(req: Request) {
  const table = tableOf(req);
  const spec = req.body.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  if (!spec || typeof spec.AttributeName !== "string" || !spec.AttributeName || typeof spec.Enabled !== "boolean") {
    throw validation(
      "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null",
    );
  }
  const current = table.schema.TimeToLive;
  if (spec.Enabled && current?.Enabled) throw validation("TimeToLive is already enabled");
  if (!spec.Enabled && !current?.Enabled) throw validation("TimeToLive is already disabled");
  if (!spec.Enabled && current?.AttributeName !== spec.AttributeName) {
    throw validation(
      "TimeToLive is active on a different AttributeName: current AttributeName is " + current?.AttributeName,
    );
  }
  req.db.setSchema(table, {
    ...table.schema,
    TimeToLive: { AttributeName: spec.AttributeName, Enabled: spec.Enabled },
  });
  return { TimeToLiveSpecification: { AttributeName: spec.AttributeName, Enabled: spec.Enabled } };
}

export function describeTimeToLive(req: Request) {
  const table = tableOf(req);
  const ttl = table.schema.TimeToLive;
  return {
    TimeToLiveDescription: ttl?.Enabled
      ? { TimeToLiveStatus: "ENABLED", AttributeName: ttl.AttributeName }
      : { TimeToLiveStatus: "DISABLED" },
  };
}
