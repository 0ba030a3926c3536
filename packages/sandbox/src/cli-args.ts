import { LIMIT_DEFAULTS, type Limits } from "@code-remote/core/execution";

export const USAGE = `usage: npm run -s sandbox -- FILE.py [--stdin FILE] [--wall-ms N] [--memory-mb N] [--output-bytes N]
Runs FILE.py once in the local sandbox and prints the Result as JSON.`;

export interface CliArgs {
  file: string;
  stdinFile: string | null;
  limits: Limits;
}

const LIMIT_FLAGS = { "--wall-ms": "wallMs", "--memory-mb": "memoryMb", "--output-bytes": "outputBytes" } as const;

/** Parses the command line; throws an Error whose message explains what is wrong. */
export function parseCliArgs(argv: string[]): CliArgs {
  let file: string | null = null;
  let stdinFile: string | null = null;
  const limits: Limits = { ...LIMIT_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--stdin") {
      stdinFile = valueOf(argv, ++i, arg);
    } else if (arg in LIMIT_FLAGS) {
      const value = valueOf(argv, ++i, arg);
      if (!/^\d+$/.test(value)) throw new Error(`${arg} needs a whole number, got "${value}"`);
      limits[LIMIT_FLAGS[arg as keyof typeof LIMIT_FLAGS]] = Number(value);
    } else if (arg.startsWith("-")) {
      throw new Error(`unknown option ${arg}`);
    } else if (file === null) {
      file = arg;
    } else {
      throw new Error(`only one FILE.py, got "${file}" and "${arg}"`);
    }
  }
  if (file === null) throw new Error("missing FILE.py");
  return { file, stdinFile, limits };
}

function valueOf(argv: string[], index: number, flag: string): string {
  const value = argv[index];
  if (value === undefined) throw new Error(`${flag} needs a value`);
  return value;
}
