/**
 * How much runs at once in the cloud, in one place. Each worker invocation runs one job (batch size
 * 1, packages/functions/src/worker-settings.ts) and holds one sandbox invocation while it runs;
 * POST /analyze may hold one more for the static analyzer.
 *
 * The sandbox's reserved concurrency both guarantees it those instances and caps it there, so a
 * burst of analyses cannot starve jobs of the account's Lambda concurrency, nor the reverse. AWS
 * keeps 100 of an account's concurrency unreserved: a new account's quota (as low as 10) must be
 * raised before this deploys (README, "Deploy"), or `sandboxReserved` set to undefined.
 */
export const CAPACITY = {
  /** Worker invocations at once: the SQS event source's maximum concurrency (AWS allows 2-1000). */
  workers: 5,
  /** Static analyses that may run in the sandbox beside the jobs. */
  analyses: 2,
  /** Reserved concurrency of the sandbox function: every worker's job plus the analyses. */
  get sandboxReserved(): number | undefined {
    return this.workers + this.analyses;
  },
};
