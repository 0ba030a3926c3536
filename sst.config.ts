/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Code Remote in the cloud. `run()` builds one file per concern from infra/, in dependency order;
 * the same handlers run locally through packages/local (`npm start`).
 */
export default $config({
  app(input) {
    return {
      name: "code-remote",
      home: "aws",
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
    };
  },
  async run() {
    const infra = await import("./infra");
    return infra.outputs;
  },
});
