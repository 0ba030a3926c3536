import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { startDynamo, type DynamoEmulator } from "./dynamo";

/**
 * AWS's own DynamoDB Local (1.25.1, the jar inside the npm package `amplify-dynamodb-simulator`) on
 * Debian's Java: the referee our DynamoDB server is tested against. Tests only: it needs a JVM, takes
 * seconds to start and ~200 MB, where our server starts in milliseconds.
 */
export async function startDynamoDbLocal(): Promise<DynamoEmulator> {
  let lastError: unknown;
  // The port is picked free, then handed to Java: another process may take it in between, so try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(await freePort());
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortTakenError)) throw err;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

const STARTUP_TIMEOUT_MS = 60_000;
const HOST = "127.0.0.1";

function emulatorDir(): string {
  const pkg = createRequire(import.meta.url).resolve("amplify-dynamodb-simulator/package.json");
  return join(dirname(pkg), "emulator");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// The JVM runs under a small shell that kills it when our end of its stdin closes: on stop(), and also
// when this process dies without running any handler (a killed test worker), so no JVM outlives its test.
const WATCHDOG = 'exec 3<&0; "$@" & java=$!; (read _ <&3; kill $java 2>/dev/null) & wait $java';

async function launch(port: number): Promise<DynamoEmulator> {
  const dir = emulatorDir();
  const child = spawn(
    "sh",
    [
      "-c",
      WATCHDOG,
      "dynamodb-local",
      "java",
      // A short-lived test server: the quick JIT tier and one GC thread start faster on a small machine.
      "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC",
      "-Xmx256m",
      `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
      "-jar",
      join(dir, "DynamoDBLocal.jar"),
      "-inMemory",
      // One database for every access key and region, as one AWS account's table would be.
      "-sharedDb",
      // Nothing may leave loopback (1.24+ reports usage to AWS unless told not to).
      "-disableTelemetry",
      "-port",
      String(port),
    ],
    { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, DDB_LOCAL_TELEMETRY: "0" } },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString("utf8");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.once("error", () => {});
  const endpoint = `http://${HOST}:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end();
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    }
    child.stdin.destroy();
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      if (/Could not start server on port/.test(output)) throw new PortTakenError(output);
      if (/not found/.test(output)) {
        throw new Error(
          "DynamoDB Local needs Java: apt-get install openjdk-17-jre-headless (scripts/setup-system.sh does)",
        );
      }
      throw new Error(`DynamoDB Local exited before it answered:\n${output}`);
    }
    if (await answers(endpoint)) return { endpoint, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, 50)), exited]);
  }
}

/** Any HTTP answer means Jetty is serving (an unsigned request gets a 400 MissingAuthenticationToken). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint, { method: "POST", signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** The DynamoDB-protocol backends a conformance test runs against: ours (the default) and the referee. */
export const DYNAMO_BACKENDS = [
  { name: "our server", start: (dir: string) => startDynamo({ dir, port: 0, host: HOST }) },
  { name: "DynamoDB Local", start: (_dir: string) => startDynamoDbLocal() },
] as const;
