import type { Table } from "../store/entities";
import { unexpired } from "../store/ttl";

export interface Connection {
  connectionId: string;
  userId: string;
  connectedAt: number;
  /** Epoch seconds (TTL). */
  expiresAt: number;
}

export const CONNECTION_TTL_SECONDS = 2 * 3600;

export class ConnectionStore {
  private readonly entity: Table["entities"]["connection"];

  constructor(
    table: Table,
    private readonly nowSeconds: () => number,
  ) {
    this.entity = table.entities.connection;
  }

  async put(connection: Connection): Promise<void> {
    await this.entity.put(connection).go();
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { data } = await this.entity.get({ connectionId }).go();
    return unexpired(data, this.nowSeconds());
  }

  async remove(connectionId: string): Promise<void> {
    await this.entity.delete({ connectionId }).go();
  }

  async listByUser(userId: string): Promise<Connection[]> {
    const { data } = await this.entity.query.byUser({ userId }).go({ pages: "all" });
    const now = this.nowSeconds();
    return data.filter((c) => unexpired(c, now));
  }
}
