import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  JOB_ITEM_BUDGET_BYTES,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  MAX_IMAGES,
  MAX_IMAGES_TOTAL_BYTES,
  type Result,
} from "@code-remote/core/execution";
import { ProcessSandbox } from "../src/process-sandbox";
import { BUBBLEWRAP_MODES, job } from "./helpers";

/** Width and height from a PNG's IHDR; throws unless it is a PNG. */
export function pngSize(base64: string): { width: number; height: number } {
  const png = Buffer.from(base64, "base64");
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const PLOT = `
import matplotlib.pyplot as plt
plt.figure(figsize=(4, 3))
plt.plot([1, 2, 3], [1, 4, 9])
plt.title("squares")
plt.show()
`;

describe.each(BUBBLEWRAP_MODES)("scientific Python (bubblewrap: %s)", (bubblewrap) => {
  let sandbox: ProcessSandbox;

  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 2, bubblewrap });
    await sandbox.start();
  });
  afterAll(() => sandbox.close());

  it("says which libraries are importable", () => {
    expect(sandbox.libraries.map((entry) => entry.split(" ")[0])).toEqual(["numpy", "pandas", "matplotlib"]);
    expect(sandbox.layers).toContain("memory watchdog (resident use)");
    expect(sandbox.layers).toContain("one CPU per job");
  });

  it("imports numpy, pandas and matplotlib and computes", async () => {
    const code = [
      "import numpy as np, pandas as pd, matplotlib",
      "a = np.arange(12).reshape(3, 4)",
      "print(int(a.sum()), (a @ a.T).shape, round(float(np.linalg.det(np.eye(3) * 2)), 6))",
      "df = pd.DataFrame({'k': ['a', 'b', 'a'], 'v': [1, 2, 3]})",
      "print(df.groupby('k').v.sum().to_dict())",
      "print(matplotlib.get_backend())",
    ].join("\n");
    const result = await sandbox.run(job(code));
    expect(result.stderr).toBe("");
    expect(result.verdict).toBe("ok");
    expect(result.stdout).toBe("66 (3, 3) 8.0\n{'a': 4, 'b': 2}\nmodule://mpl_backend\n");
  });

  it("returns a figure shown with plt.show() as a PNG of the expected pixel size", async () => {
    const result = await sandbox.run(job(PLOT));
    expect(result.verdict).toBe("ok");
    expect(result.stderr).toBe("");
    expect(result.images).toHaveLength(1);
    const [image] = result.images!;
    expect(image).toMatchObject({ name: "figure-1.png", mime: "image/png", width: 400, height: 300 });
    expect(pngSize(image!.base64)).toEqual({ width: 400, height: 300 });
    expect(result.truncated.images).toBeUndefined();
  });

  it("returns figures left open at exit, after those shown, also when the job picked Agg itself", async () => {
    const code = [
      "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt",
      "plt.figure(figsize=(2, 2)); plt.plot([1, 2]); plt.show()",
      "plt.figure(figsize=(3, 1)); plt.bar(['a', 'b'], [3, 1])",
      "raise SystemExit(0)",
    ].join("\n");
    const result = await sandbox.run(job(code));
    expect(result.verdict).toBe("ok");
    expect(result.stderr).toBe("");
    expect(result.images?.map((image) => [image.width, image.height])).toEqual([
      [200, 200],
      [300, 100],
    ]);
  });

  it("keeps a figure beside output larger than a job's table item (no longer dropped to fit it)", async () => {
    const result = await sandbox.run(
      job(`for i in range(4000):\n    print('y' * 99)\n${PLOT}`, { limits: { outputBytes: 1024 * 1024 } }),
    );
    expect(result.verdict).toBe("ok");
    expect(Buffer.byteLength(result.stdout)).toBeGreaterThan(JOB_ITEM_BUDGET_BYTES);
    expect(result.images).toHaveLength(1);
    expect(result.truncated.images).toBeUndefined();
  });

  it("caps the number of figures and the pixels of each, and says so", async () => {
    const code =
      "import matplotlib.pyplot as plt\nfor i in range(6):\n    plt.figure(figsize=(1, 1))\nplt.figure(figsize=(40, 20))\n";
    const result = await sandbox.run(job(code));
    expect(result.verdict).toBe("ok");
    expect(result.images).toHaveLength(MAX_IMAGES);
    expect(result.truncated.images).toBe(true);
    const big = await sandbox.run(job("import matplotlib.pyplot as plt\nplt.figure(figsize=(40, 20))\n"));
    expect(big.images).toHaveLength(1);
    expect(big.images![0]).toMatchObject({ width: MAX_IMAGE_PIXELS, height: MAX_IMAGE_PIXELS / 2 });
  });

  it("writes nothing outside the job dir when plotting (savefig into the job dir works)", async () => {
    const code = `${PLOT}\nimport os\nplt.plot([1]); plt.savefig('out.png')\nprint(sorted(os.listdir('.')), os.path.getsize('out.png') > 1000)`;
    const result = await sandbox.run(job(code));
    expect(result.verdict).toBe("ok");
    expect(result.stdout).toBe("['out.png'] True\n");
  });

  it("gives memory_limit to a 2 GB numpy array that is touched (the watchdog measures resident use)", async () => {
    const code = "import numpy as np\na = np.ones(2 * 1024**3 // 8)\nprint('ESCAPED', a.sum())";
    const result = await sandbox.run(job(code, { limits: { memoryMb: 1024, wallMs: 20_000 } }));
    expect(result.verdict).toBe("memory_limit");
    expect(result.error?.type).toBe("MemoryError");
    expect(result.stdout).not.toContain("ESCAPED");
    expect(result.message).toContain("1024 MB");
  });

  it("gives memory_limit to a 2 GB numpy array reserved first and filled later, at the default limit", async () => {
    const code =
      "import numpy as np\na = np.zeros(2 * 1024**3 // 8)\nprint('reserved', flush=True)\na[:] = 1\nprint('ESCAPED')";
    const result = await sandbox.run(job(code, { limits: { memoryMb: 256, wallMs: 20_000 } }));
    expect(result.verdict).toBe("memory_limit");
    expect(result.stdout).toBe("reserved\n"); // reserving is not using: real use is what counts
    expect(result.error?.type).toBe("MemoryError");
  });

  it("counts anonymous shared memory (mmap) as use too", async () => {
    const code =
      "import mmap\nm = mmap.mmap(-1, 1 << 30)\nchunk = b'x' * (1 << 20)\nfor _ in range(1024):\n    m.write(chunk)\nprint('ESCAPED')";
    const result = await sandbox.run(job(code, { limits: { memoryMb: 128, wallMs: 20_000 } }));
    expect(result.verdict).toBe("memory_limit");
    expect(result.stdout).not.toContain("ESCAPED");
  });

  it("refuses an absurd reservation with MemoryError (the address-space backstop)", async () => {
    const result = await sandbox.run(job("import numpy as np\na = np.zeros(64 * 1024**3 // 8)\nprint('ESCAPED')"));
    expect(result.verdict).toBe("memory_limit");
    expect(result.error).toMatchObject({ type: "MemoryError", line: 2 });
  });

  it("runs a 200 MB numpy array within a 512 MB limit, with 64 threads' reservations on top", async () => {
    const code = [
      "import numpy as np, threading",
      "a = np.ones(200 * 1024**2 // 8)",
      "ts = [threading.Thread(target=lambda: np.ones(1000).sum()) for _ in range(64)]",
      "[t.start() for t in ts]; [t.join() for t in ts]",
      "print(int(a.sum()) == a.size)",
    ].join("\n");
    const result = await sandbox.run(job(code, { limits: { memoryMb: 512 } }));
    expect(result.stderr).toBe("");
    expect(result.verdict).toBe("ok");
    expect(result.stdout).toBe("True\n");
  });

  it("keeps a job that starts 64 BLAS-heavy threads to one CPU", async () => {
    const code = [
      "import numpy as np, threading, time",
      "m = np.random.default_rng(0).random((300, 300))",
      "def work():",
      "    end = time.monotonic() + 1.0",
      "    while time.monotonic() < end:",
      "        m @ m",
      "ts = [threading.Thread(target=work) for _ in range(64)]",
      "[t.start() for t in ts]; [t.join() for t in ts]",
      "print('done')",
    ].join("\n");
    const result = await sandbox.run(job(code, { limits: { wallMs: 10_000, memoryMb: 512 } }));
    expect(result.verdict).toBe("ok");
    expect(result.stdout).toBe("done\n");
    expect(result.usage.wallMs).toBeGreaterThan(900);
    expect(result.usage.cpuMs).toBeLessThanOrEqual(result.usage.wallMs * 1.2);
  });
});

describe("scientific Python without pre-import", () => {
  let sandbox: ProcessSandbox;
  let cold: Result;

  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 1, preload: false });
    await sandbox.start();
    // (pandas needs the pre-import: pandas.errors imports ctypes, which the audit hook refuses in a job)
    cold = await sandbox.run(
      job(PLOT + "\nimport numpy\nprint(numpy.arange(4).sum())", { limits: { wallMs: 20_000 } }),
    );
  });
  afterAll(() => sandbox.close());

  it("still imports numpy and matplotlib and returns figures (matplotlib's config stays in the job dir)", () => {
    expect(sandbox.libraries.map((entry) => entry.split(" ")[0])).toEqual(["numpy", "pandas", "matplotlib"]);
    expect(cold.stderr).toBe("");
    expect(cold.verdict).toBe("ok");
    expect(cold.stdout).toBe("6\n");
    expect(pngSize(cold.images![0]!.base64)).toEqual({ width: 400, height: 300 });
  });
});

describe("image caps", () => {
  it("are the same in the runner as in core's limits", () => {
    const python = readFileSync(fileURLToPath(new URL("../runner/figures.py", import.meta.url)), "utf8");
    const constant = (name: string) => {
      const raw = new RegExp(`^${name} = (.+)$`, "m").exec(python)?.[1];
      return Function(`return (${raw!.replace(/_/g, "")})`)() as number;
    };
    expect(constant("MAX_IMAGES")).toBe(MAX_IMAGES);
    expect(constant("MAX_IMAGE_BYTES")).toBe(MAX_IMAGE_BYTES);
    expect(constant("MAX_IMAGES_TOTAL_BYTES")).toBe(MAX_IMAGES_TOTAL_BYTES);
    expect(constant("MAX_IMAGE_PIXELS")).toBe(MAX_IMAGE_PIXELS);
  });

  it("keep the images of a result a table item could not hold (the worker stores such a result as an object)", () => {
    const base64Images = Math.ceil(MAX_IMAGES_TOTAL_BYTES / 3) * 4 + 4 * MAX_IMAGES;
    expect(base64Images).toBeLessThan(JOB_ITEM_BUDGET_BYTES);
  });
});
