import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessSandbox } from "../src/process-sandbox";
import { BUBBLEWRAP_MODES, job } from "./helpers";

// Holds as many threads as the sandbox lets one job start, for a while, and says when it got there.
const HOG = `import os, threading, time
held = 0
try:
    for _ in range(10_000):
        threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
        held += 1
except RuntimeError:
    pass
print(os.getuid(), held, time.time())
time.sleep(5)`;

// Starts and joins a few threads, round after round for 3.5 s (so some rounds fall while the hog
// holds all it may, however long it took to get there), and says when its last round started.
const NEIGHBOUR = `import os, threading, time
end = time.time() + 3.5
rounds = 0
while time.time() < end:
    last = time.time()
    threads = [threading.Thread(target=time.sleep, args=(0.01,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rounds += 1
    time.sleep(0.1)
print(os.getuid(), rounds, last)`;

const asRoot = process.getuid?.() === 0;

describe.each(BUBBLEWRAP_MODES)("jobs on different runners (bubblewrap: %s)", (bubblewrap) => {
  let sandbox: ProcessSandbox;

  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 2, bubblewrap, preload: false });
    await sandbox.start();
  });
  afterAll(() => sandbox.close());

  it("a job holding every thread it may start leaves another runner's job free to start threads", async () => {
    const [hog, neighbour] = await Promise.all([
      sandbox.run(job(HOG, { limits: { wallMs: 10_000, memoryMb: 512 } })),
      sandbox.run(job(NEIGHBOUR, { limits: { wallMs: 10_000 } })),
    ]);
    expect(hog.verdict).toBe("ok");
    expect(neighbour).toMatchObject({ verdict: "ok", stderr: "" });
    const [hogUid, held, fullAt] = hog.stdout.trim().split(" ").map(Number) as [number, number, number];
    const [neighbourUid, rounds, lastRoundAt] = neighbour.stdout.trim().split(" ").map(Number) as [number, number, number];
    expect(rounds).toBeGreaterThan(5);
    if (asRoot) {
      // The budget is per uid, so it only bounds the hog when the job runs as an unprivileged uid.
      expect(held).toBeGreaterThan(100);
      expect(held).toBeLessThan(300);
      expect(fullAt).toBeLessThan(lastRoundAt); // the hog held them all while the neighbour started its own
      expect(hogUid).not.toBe(neighbourUid);
      expect([hogUid, neighbourUid]).not.toContain(0);
    }
  });

  it("a runner's jobs keep its uid; another runner's jobs have another", async () => {
    const uidOf = async () => Number((await sandbox.run(job("import os\nprint(os.getuid())"))).stdout);
    const pairs = await Promise.all([uidOf(), uidOf()]);
    const again = await Promise.all([uidOf(), uidOf()]);
    if (!asRoot) return; // not root: jobs keep the runner's own uid
    expect(new Set(pairs).size).toBe(2);
    expect(new Set([...pairs, ...again]).size).toBe(2);
  });
});
