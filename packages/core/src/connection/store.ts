import { connectionEntity, RAW_ERRORS } from "../store/entities";

export interface Connection {
  connectionId: string;
  userId: string;
  connectedAt: number;
  /** Epoch seconds (TTL). */
  expiresAt: number;
}

export const CONNECTION_TTL_SECONDS = 2 * 3600;

export class ConnectionStore {
  private readonly entity: ReturnType<typeof connectionEntity>;

  constructor(
    client: unknown,
    table: string,
    private readonly nowSeconds: () => number,
  ) {
    this.entity = connectionEntity(client, table);
  }

  async put(connection: Connection): Promise<void> {
    await this.entity.put(connection).go(RAW_ERRORS);
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { data } = await this.entity.get({ connectionId }).go(RAW_ERRORS);
    return data && data.expiresAt > this.nowSeconds() ? (data as Connection) : undefined;
  }

  async remove(connectionId: string): Promise<void> {
    await this.entity.delete({ connectionId }).go(RAW_ERRORS);
  }

  async listByUser(userId: string): Promise<Connection[]> {
    const { data } = await this.entity.query.byUser({ userId }).go({ ...RAW_ERRORS, pages: "all" });
    const now = this.nowSeconds();
    return (data as Connection[]).filter((c) => c.expiresAt > now);
  }
}
