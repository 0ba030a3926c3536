import { Entity } from "electrodb";

/** Cached analyses in the one table, keyed by sha256 of the code. TTL attribute `expiresAt` (epoch seconds). */
export function analysisEntity(client: unknown, table: string) {
  return new Entity(
    {
      model: { entity: "analysis", version: "1", service: "coderemote" },
      attributes: {
        codeHash: { type: "string", required: true, readOnly: true },
        /** The analyzer generation that produced it: a newer static analyzer ignores older answers. */
        version: { type: "number", required: true },
        analysis: { type: "any", required: true },
        createdAt: { type: "number", required: true },
        expiresAt: { type: "number", required: true },
      },
      indexes: {
        primary: { pk: { field: "pk", composite: ["codeHash"] }, sk: { field: "sk", composite: [] } },
      },
    },
    { client: client as never, table },
  );
}
