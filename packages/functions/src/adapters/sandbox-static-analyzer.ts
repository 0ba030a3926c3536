import { AnalysisSchema, AnalyzerUnavailable, type Analysis } from "@code-remote/core/analysis";
import type { ComplexityAnalyzer, Sandbox } from "@code-remote/core/ports";
import { staticAnalyzerSource } from "./static-analyzer-source";

export const STATIC_ANALYZER_LIMITS = { wallMs: 5_000, memoryMb: 256, outputBytes: 64 * 1024 } as const;

/**
 * The static analyzer runs THROUGH the Sandbox port, never in the API process: the job's code is the
 * analyzer (the package packages/sandbox/analyzer/complexity/, joined into one program), the user's program is its stdin, read as data and
 * parsed with `ast`, never executed.
 *
 * Locally the API gets the ProcessSandbox pool through createDeps(config, { sandbox }). In the cloud
 * (note for infra/): the API function must be allowed to invoke the sandbox Lambda (link it, and set
 * CR_SANDBOX_FUNCTION on the API too), exactly like the worker does.
 */
export class SandboxStaticAnalyzer implements ComplexityAnalyzer {
  constructor(
    private readonly sandbox: Sandbox,
    private readonly source: () => string = staticAnalyzerSource,
  ) {}

  async analyze(code: string, options: { signal?: AbortSignal } = {}): Promise<Analysis> {
    const result = await this.sandbox.run(
      {
        jobId: `analyze-${crypto.randomUUID()}`,
        code: this.source(),
        stdin: code,
        limits: { ...STATIC_ANALYZER_LIMITS },
      },
      options,
    );
    if (result.verdict !== "ok") {
      throw new AnalyzerUnavailable(`the static analyzer stopped with ${result.verdict}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(result.stdout);
    } catch (error) {
      throw new AnalyzerUnavailable("the static analyzer printed no JSON", { cause: error });
    }
    const parsed = AnalysisSchema.safeParse(json);
    if (!parsed.success)
      throw new AnalyzerUnavailable("the static analyzer's answer did not match the schema", { cause: parsed.error });
    return { ...parsed.data, source: "static" };
  }
}
