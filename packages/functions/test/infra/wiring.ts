// What the wiring suites (wiring.test.ts, wiring-permissions.test.ts) share: sst.config.ts's prod graph,
// evaluated once per file, and the small readings of it both make.
import { afterAll, beforeAll } from "vitest";
import { evaluate } from "./evaluate-config";
import { type Args, type Component, type Graph, removeSstGlobals } from "./sst-recorder";

export type Evaluated = Awaited<ReturnType<typeof evaluate>>;

export interface ProdGraph extends Evaluated {
  /**
   * Evaluates prod again, after a test evaluated another stage: that installed the other stage's SST
   * globals, which the prod graph's transforms read when they run.
   */
  evaluateAgain(): Promise<void>;
}

/** sst.config.ts's run() for the prod stage, evaluated before the calling file's tests. */
export function useProdGraph(): ProdGraph {
  let prod!: Evaluated;
  beforeAll(async () => {
    prod = await evaluate("prod");
  });
  afterAll(removeSstGlobals);
  return {
    get graph() {
      return prod.graph;
    },
    get config() {
      return prod.config;
    },
    get outputs() {
      return prod.outputs;
    },
    async evaluateAgain() {
      prod = await evaluate("prod");
    },
  };
}

/** "60 seconds" / "1 minute" → seconds. SST durations are "<n> <unit>". */
export function seconds(duration: string): number {
  const match = /^(\d+) (second|minute)s?$/.exec(duration);
  if (!match) throw new Error(`unexpected duration ${duration}`);
  return Number(match[1]) * (match[2] === "minute" ? 60 : 1);
}

/** The one mapping between the two spellings: API Gateway's `{id}` is Hono's `:id`. */
export const honoPath = (gatewayPath: string) => gatewayPath.replace(/\{(\w+)\}/g, ":$1");

export const names = (links: Component[] | undefined) => (links ?? []).map((c) => c.logicalName).sort();

/** Every handler args object infra/ declares: plain functions, subscribers, WebSocket routes. */
export function handlerArgs(graph: Graph): Args[] {
  return [
    ...graph.ofType("sst.aws.Function").map((f) => f.args),
    ...graph.subscriptions.map((s) => s.subscriber),
    ...graph.wsRoutes.map((r) => r.handler),
  ];
}

/** The object grants' resources: the keys under each of our prefixes, nothing else of the bucket. */
export const OBJECT_RESOURCES = ["<Objects.arn>/traces/*", "<Objects.arn>/results/*"];
