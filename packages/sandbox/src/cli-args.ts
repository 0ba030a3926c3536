import { parseArgs } from "node:util";
import { LIMIT_DEFAULTS, RUN_MODES, type Limits, type RunMode } from "@code-remote/core/execution";

export const USAGE = `usage: npm run -s sandbox -- FILE.py [--driver pool|lambda] [--mode run|trace] [--profile] [--stdin FILE] [--wall-ms N] [--memory-mb N] [--output-bytes N]
Runs FILE.py once and prints the Result as JSON. --driver pool (default): the local sandbox pool;
--driver lambda: the Lambda-faithful mode (runner/handler.py as the deployed function runs it).
--mode trace: record a step-by-step trace (Result.trace) and the line profile; --profile: the line
profile (Result.profile) of a plain run.`;

export const DRIVERS = ["pool", "lambda"] as const;
export type Driver = (typeof DRIVERS)[number];

export interface CliArgs {
  file: string;
  stdinFile: string | null;
  driver: Driver;
  mode: RunMode;
  profile: boolean;
  limits: Limits;
}

const LIMIT_FLAGS = { "wall-ms": "wallMs", "memory-mb": "memoryMb", "output-bytes": "outputBytes" } as const;

/** Parses the command line; throws an Error whose message explains what is wrong. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new Error(explain(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new Error("missing FILE.py");
  if (positionals.length > 1) throw new Error(`only one FILE.py, got "${positionals[0]}" and "${positionals[1]}"`);
  const driver = values.driver ?? "pool";
  if (!(DRIVERS as readonly string[]).includes(driver))
    throw new Error(`--driver is one of ${DRIVERS.join(", ")}, got "${driver}"`);
  const limits: Limits = { ...LIMIT_DEFAULTS };
  for (const [flag, key] of Object.entries(LIMIT_FLAGS) as [keyof typeof LIMIT_FLAGS, keyof Limits][]) {
    const value = values[flag];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value)) throw new Error(`--${flag} needs a whole number, got "${value}"`);
    limits[key] = Number(value);
  }
  const mode = values.mode ?? "run";
  if (!(RUN_MODES as readonly string[]).includes(mode))
    throw new Error(`--mode is one of ${RUN_MODES.join(", ")}, got "${mode}"`);
  return {
    file: positionals[0]!,
    stdinFile: values.stdin ?? null,
    driver: driver as Driver,
    mode: mode as RunMode,
    profile: values.profile ?? false,
    limits,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      driver: { type: "string" },
      mode: { type: "string" },
      profile: { type: "boolean" },
      stdin: { type: "string" },
      "wall-ms": { type: "string" },
      "memory-mb": { type: "string" },
      "output-bytes": { type: "string" },
    },
  });
}

/** node:util's messages, in this tool's words. */
function explain(error: Error & { code?: string }): string {
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']+)'/.exec(error.message)?.[1] ?? "";
    return `unknown option ${option}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = /--[\w-]+/.exec(error.message)?.[0] ?? "option";
    return `${option} needs a value`;
  }
  return error.message;
}
