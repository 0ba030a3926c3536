import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RoutedSandbox } from "../src/routed-sandbox";
import { job } from "./helpers";

// Jobs that name numpy, pandas or matplotlib run where those are pre-imported; every other job runs
// on a plain runner. Observed from inside the job: which modules its interpreter already holds.
describe("RoutedSandbox", () => {
  let sandbox: RoutedSandbox;
  // The probe builds the names at run time: naming them would itself route the job.
  const loaded =
    "import sys\nprint(sorted(m for m in ('num' + 'py', 'pan' + 'das', 'matplot' + 'lib') if m in sys.modules))";

  beforeAll(async () => {
    sandbox = new RoutedSandbox({ size: 1 });
    await sandbox.start();
  }, 120_000);
  afterAll(() => sandbox?.close());

  it("a job that names no scientific library runs on a plain runner", async () => {
    const result = await sandbox.run(job(loaded));
    expect(result.stdout).toBe("[]\n");
  });

  it("a job that names one runs where numpy, pandas and matplotlib are already imported", async () => {
    for (const code of [
      `import pandas as pd\n${loaded}`,
      `# plots with matplotlib\n${loaded}`,
      `np = __import__("numpy")\n${loaded}`,
    ]) {
      const result = await sandbox.run(job(code));
      expect(result.stdout, code).toBe("['matplotlib', 'numpy', 'pandas']\n");
    }
  });

  it("pandas works through the router (it cannot be imported on a plain runner)", async () => {
    const result = await sandbox.run(job("import pandas as pd\nprint(pd.DataFrame({'a': [1, 2]})['a'].sum())"));
    expect(result.verdict, JSON.stringify(result)).toBe("ok");
    expect(result.stdout).toBe("3\n");
  });

  it("a name built at run time still runs, on a plain runner paying for its own import", async () => {
    const result = await sandbox.run(
      job("import importlib\nm = importlib.import_module('nu' + 'mpy')\nprint(m.arange(4).sum())"),
    );
    expect(result.verdict, JSON.stringify(result)).toBe("ok");
    expect(result.stdout).toBe("6\n");
  });

  it("reports both pools: size is the jobs that run at once, the runners are twice that", () => {
    const stats = sandbox.stats();
    expect(stats.size).toBe(1);
    expect(stats.pools.plain.size + stats.pools.scientific.size).toBe(2);
    expect(sandbox.runnerPids()).toHaveLength(2);
    expect(sandbox.layers).toEqual(sandbox.plain.layers);
  });
});
