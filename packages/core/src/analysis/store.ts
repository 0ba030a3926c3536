import type { Table } from "../store/entities";
import { unexpired } from "../store/ttl";
import { AnalysisSchema, type Analysis } from "./model";

export const ANALYSIS_TTL_SECONDS = 30 * 24 * 3600;
/** Bump when the static analyzer or the prompt changes enough that old answers should not be served. */
export const ANALYSIS_VERSION = 3;

export interface CachedAnalysis {
  analysis: Analysis;
  createdAt: number;
}

/** Analyses by sha256 of the code. Expired or older-version entries are absent. */
export class AnalysisCache {
  private readonly entity: Table["entities"]["analysis"];

  constructor(
    table: Table,
    private readonly nowSeconds: () => number,
  ) {
    this.entity = table.entities.analysis;
  }

  async get(codeHash: string): Promise<CachedAnalysis | undefined> {
    const { data: item } = await this.entity.get({ codeHash }).go();
    const data = unexpired(item, this.nowSeconds());
    if (!data || data.version !== ANALYSIS_VERSION) return undefined;
    const analysis = AnalysisSchema.safeParse(data.analysis);
    return analysis.success ? { analysis: analysis.data, createdAt: data.createdAt } : undefined;
  }

  async put(codeHash: string, analysis: Analysis, nowMs: number): Promise<void> {
    await this.entity
      .put({
        codeHash,
        version: ANALYSIS_VERSION,
        analysis,
        createdAt: nowMs,
        expiresAt: Math.floor(nowMs / 1000) + ANALYSIS_TTL_SECONDS,
      })
      .go();
  }
}

/** Hex sha256 with Web Crypto (core uses no Node API). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
