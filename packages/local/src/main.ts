// `npm start`: the local cloud in one process. Prints one URL, writes <dataDir>/stack.json for
// scripts, tests and benchmarks, and stops everything on Ctrl-C / SIGTERM.
import { rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PORT_ENV, PortInUseError, type PortName } from "./net";
import { DEFAULT_PORTS, type LocalStack, REPO_ROOT, SANDBOX_MODES, type SandboxMode, startLocalStack } from "./stack";

// Every SDK client of the stack carries explicit local credentials; this only guards against one that
// doesn't, which would otherwise probe the EC2 metadata address (nothing may leave loopback).
process.env.AWS_EC2_METADATA_DISABLED ??= "true";
// The SDK's "Node 22 from 2027" notice (known, see STACK.md) would bury the one URL we print.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function portsFromEnv(): Record<PortName, number> {
  const ports = { ...DEFAULT_PORTS };
  for (const [name, variable] of Object.entries(PORT_ENV) as [PortName, string][]) {
    const raw = process.env[variable];
    if (raw === undefined || raw === "") continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`${variable}=${raw} is not a port number (0-65535)`);
      process.exit(1);
    }
    ports[name] = port;
  }
  return ports;
}

/** CR_LIMIT_* and CR_LOG_LEVEL from the environment tune the local stack like a Lambda's environment would. */
function settingsFromEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => (e[0].startsWith("CR_LIMIT_") || e[0] === "CR_LOG_LEVEL") && e[1] !== undefined,
    ),
  );
}

/** CR_SANDBOX: "pool" (default) or "lambda" (jobs through a local Lambda Invoke endpoint, as in the cloud). */
function sandboxModeFromEnv(): SandboxMode {
  const raw = process.env.CR_SANDBOX || "pool";
  if (!(SANDBOX_MODES as readonly string[]).includes(raw)) {
    console.error(`CR_SANDBOX=${raw} is not one of ${SANDBOX_MODES.join(", ")}`);
    process.exit(1);
  }
  return raw as SandboxMode;
}

async function main() {
  const sandboxMode = sandboxModeFromEnv();
  const dataDir = resolve(process.env.CR_DATA_DIR || join(REPO_ROOT, ".local"));
  const t0 = performance.now();
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      dataDir,
      ports: portsFromEnv(),
      ...(process.env.CR_GEMINI_API_KEY ? { geminiApiKey: process.env.CR_GEMINI_API_KEY } : {}),
      settings: settingsFromEnv(),
      sandboxMode,
      log: (line) => console.error(line),
    });
  } catch (err) {
    if (err instanceof PortInUseError) {
      console.error(`Cannot start: ${err.message}.`);
      process.exit(1);
    }
    throw err;
  }
  const startedIn = Math.round(performance.now() - t0);

  const stateFile = join(dataDir, "stack.json");
  await writeFile(
    stateFile,
    JSON.stringify(
      {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        urls: stack.urls,
        auth: stack.auth,
        queues: stack.queues,
        tableName: stack.tableName,
        bucketName: stack.bucketName,
        sandboxLayers: stack.sandboxLayers,
        sandboxLibraries: stack.sandboxLibraries,
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );

  const { username, password } = stack.auth.demoUser;
  console.log(
    [
      "",
      `  Code Remote is running: ${stack.urls.web}`,
      "",
      `  Sign in as ${username} / ${password}`,
      '  Or sign up in the app: confirmation codes are printed here ("confirmation code for …")',
      `  Sandbox layers: ${stack.sandboxLayers.join(", ") || "(none reported)"}`,
      sandboxMode === "lambda"
        ? `  Sandbox function: ${stack.urls.lambda} (CR_SANDBOX=lambda: the worker invokes it through the AWS SDK)`
        : `  Python libraries: ${stack.sandboxLibraries.join(", ") || "none (apt-get install python3-numpy python3-pandas python3-matplotlib)"}`,
      `  Endpoints and ids: ${stateFile}  (started in ${startedIn} ms; Ctrl-C stops)`,
      "",
    ].join("\n"),
  );

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now": sandbox runners die with us (parent-death signal).
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // Stop waits a few seconds for running jobs; never hang the terminal on a wedged part.
    setTimeout(() => {
      console.error("stop took over 15 s; exiting anyway");
      process.exit(1);
    }, 15_000).unref();
    await stack.stop();
    // A stale file would point scripts at dead ports.
    await rm(stateFile, { force: true });
    process.exit(0);
  };
  process.on("SIGINT", (s) => void shutdown(s));
  process.on("SIGTERM", (s) => void shutdown(s));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
