import { readFileSync } from "node:fs";
import { LimitsSchema } from "@code-remote/core/execution";
import { parseCliArgs, USAGE, type CliArgs } from "./cli-args";
import { LambdaFaithfulSandbox } from "./lambda-faithful-sandbox";
import { ProcessSandbox } from "./process-sandbox";

/** `npm run -s sandbox -- FILE.py [--driver pool|lambda] [--mode run|trace] [...]`: one file through the real sandbox, one Result JSON out. */
async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  let code: string;
  let stdin = "";
  try {
    args = parseCliArgs(argv);
    const limits = LimitsSchema.safeParse(args.limits);
    if (!limits.success) throw new Error(limits.error.issues.map((issue) => issue.message).join("; "));
    code = readFileSync(args.file, "utf8");
    if (args.stdinFile) stdin = readFileSync(args.stdinFile, "utf8");
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const sandbox =
    args.driver === "lambda" ? new LambdaFaithfulSandbox({ concurrency: 1 }) : new ProcessSandbox({ size: 1 });
  try {
    const result = await sandbox.run({
      jobId: "cli",
      code,
      stdin,
      limits: args.limits,
      mode: args.mode,
      ...(args.profile ? { profile: true } : {}),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    await sandbox.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
