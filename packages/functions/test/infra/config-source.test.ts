import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CONFIG_KEYS, loadConfig } from "@code-remote/core/config";
import { configRecord, LINKED_SETTINGS } from "../../src/config-source";

// The cloud side of the config loader: linked resources (SST's `Resource`) over the environment.
const root = fileURLToPath(new URL("../../../../", import.meta.url));

/** What packages/local (or a Lambda's environment) supplies: everything, as CR_* variables. */
const env = {
  AWS_REGION: "eu-west-1",
  CR_STAGE: "local",
  CR_TABLE_NAME: "env-table",
  CR_BUCKET_NAME: "env-bucket",
  CR_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/jobs.fifo",
  CR_WS_MANAGEMENT_URL: "http://127.0.0.1:9001",
  CR_AUTH_ISSUER: "https://cognito-idp.eu-west-1.amazonaws.com/pool",
  CR_AUTH_CLIENT_ID: "client",
  CR_AUTH_JWKS_URL: "https://cognito-idp.eu-west-1.amazonaws.com/pool/.well-known/jwks.json",
};

/** The values SST links, in the shape its Lambda runtime exposes them. */
const links = {
  App: { name: "code-remote", stage: "prod" },
  Realtime: {
    url: "wss://ws.example",
    managementEndpoint: "https://ws.example/$default",
    type: "sst.aws.ApiGatewayWebSocket",
  },
  Sandbox: { name: "code-remote-prod-SandboxFunction-xyz", url: "", type: "sst.aws.Function" },
  GeminiApiKey: { value: "secret-key", type: "sst.sst.Secret" },
};

describe("configRecord", () => {
  it("without links (local mode, tests) is the environment unchanged", () => {
    expect(configRecord({}, env)).toEqual(env);
    expect(loadConfig(configRecord({}, env)).tableName).toBe("env-table");
  });

  it("takes every linked resource over the environment", () => {
    const config = loadConfig(configRecord(links, env));
    expect(config).toMatchObject({
      stage: "prod",
      wsManagementUrl: "https://ws.example/$default",
      sandboxFunctionName: "code-remote-prod-SandboxFunction-xyz",
      gemini: { apiKey: "secret-key" },
      // Not links (a link would over-grant): still from the environment.
      tableName: env.CR_TABLE_NAME,
      bucketName: env.CR_BUCKET_NAME,
      queueUrl: env.CR_QUEUE_URL,
      region: "eu-west-1",
      auth: { clientId: "client" },
    });
  });

  it("a function without a link keeps the environment's value, and a blank secret means no key", () => {
    const { Sandbox: _sandbox, ...withoutSandbox } = links;
    const record = configRecord(
      { ...withoutSandbox, GeminiApiKey: { value: "" } },
      { ...env, CR_SANDBOX_FUNCTION: "from-env" },
    );
    expect(record[CONFIG_KEYS.sandboxFunctionName]).toBe("from-env");
    expect(loadConfig(record).gemini.apiKey).toBeUndefined();
  });
});

describe("lambdaConfig with SST's real Resource", () => {
  /** lambdaConfig() in a fresh Node process, as in a Lambda: "sst" reads its links once, at import. */
  function lambdaConfigIn(extraEnv: Record<string, string>): Record<string, unknown> {
    const script = `const m = await import(${JSON.stringify(join(root, "packages/functions/src/config-source.ts"))});
process.stdout.write(JSON.stringify(m.lambdaConfig()));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      env: { PATH: process.env.PATH, AWS_EC2_METADATA_DISABLED: "true", ...env, ...extraEnv },
      encoding: "utf8",
    });
    return JSON.parse(out) as Record<string, unknown>;
  }

  it("reads the links SST's runtime puts in SST_RESOURCE_* and does not trip over missing ones", () => {
    // The API function's links: no sandbox. SST's Resource throws on reading a link that is absent.
    const { Sandbox: _sandbox, ...apiLinks } = links;
    const sstEnv = Object.fromEntries(
      Object.entries(apiLinks).map(([name, v]) => [`SST_RESOURCE_${name}`, JSON.stringify(v)]),
    );
    const config = lambdaConfigIn(sstEnv);
    expect(config).toMatchObject({
      stage: "prod",
      tableName: env.CR_TABLE_NAME,
      wsManagementUrl: links.Realtime.managementEndpoint,
      gemini: { apiKey: "secret-key" },
    });
    expect(config.sandboxFunctionName).toBeUndefined();
  });

  it("without SST (local mode) reads the environment alone", () => {
    expect(lambdaConfigIn({})).toMatchObject({ stage: "local", tableName: "env-table" });
  });
});

describe("link property names", () => {
  /** The component source whose getSSTLink() defines each link's properties, in SST's platform. */
  const sources: Record<string, string> = {
    Realtime: "src/components/aws/apigateway-websocket.ts",
    Sandbox: "src/components/aws/function.ts",
    GeminiApiKey: "src/components/secret.ts",
  };
  const platform = join(root, ".sst/platform");

  // The platform is installed by the test script before the tests; this makes the file stand alone.
  beforeAll(() => {
    if (!existsSync(join(platform, "config.d.ts")))
      execFileSync("bash", [join(root, "scripts/sst-platform.sh")], { stdio: "inherit" });
  }, 180_000);

  it("are the ones SST's components put in their links", () => {
    for (const { link, property } of LINKED_SETTINGS) {
      if (link === "App") continue; // not a component: SST adds { name, stage } to every function
      const source = readFileSync(join(platform, sources[link]!), "utf8");
      const block = /getSSTLink\(\) \{[\s\S]*?properties: \{([\s\S]*?)\}/.exec(source)?.[1] ?? "";
      expect(block, `${link}.${property}`).toMatch(new RegExp(`\\b${property}\\b`));
    }
  });
});
