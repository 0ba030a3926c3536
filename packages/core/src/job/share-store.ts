import { isConditionFailure, type Table } from "../store/entities";
import { unexpired } from "../store/ttl";

/** One shared run: the link's token and the job it opens (see shareSchema in store/entities.ts). */
export interface ShareRecord {
  token: string;
  jobId: string;
  userId: string;
  createdAt: number;
  /** The job's own expiresAt: the share goes with the job's TTL. */
  expiresAt: number;
}

/** Share items in the table, keyed by their token. */
export class ShareStore {
  private readonly entity: Table["entities"]["share"];

  constructor(
    table: Table,
    private readonly nowSeconds: () => number,
  ) {
    this.entity = table.entities.share;
  }

  /** Store a new share; false when the token is already taken (never, for 256 random bits). */
  async put(share: ShareRecord): Promise<boolean> {
    try {
      await this.entity.create(share).go({ response: "none" });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The share of a token; undefined when there is none or it is past its TTL. */
  async get(token: string): Promise<ShareRecord | undefined> {
    const { data } = await this.entity.get({ token }).go({ consistent: true });
    return unexpired(data, this.nowSeconds());
  }

  /** Removing a missing share is not an error. */
  async remove(token: string): Promise<void> {
    await this.entity.delete({ token }).go({ response: "none" });
  }
}
