import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Result } from "@code-remote/core/execution";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineSplitter } from "../src/lines";
import { ProcessSandbox } from "../src/process-sandbox";
import { resolvePython } from "../src/python";
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
    const [neighbourUid, rounds, lastRoundAt] = neighbour.stdout.trim().split(" ").map(Number) as [
      number,
      number,
      number,
    ];
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

// One user's job plants or disturbs, the next user's job (same runner: a pool of one) looks for it
// or suffers it, then a benign job must still pass. (Issue 14: the red team's cross-job channels.)
const PLANT = `import os
planted = []
def attempt(what, action):
    try:
        action()
        planted.append(what)
    except (OSError, ImportError) as error:
        pass
root = os.path.dirname(os.getcwd())
def write(path):
    with open(path, "w") as f:
        f.write("left by user A")
for path in (os.path.join(root, "plant.txt"), os.path.join(os.path.dirname(root), "code-remote-plant.txt"),
             "/tmp/code-remote-plant.txt", "/dev/shm/code-remote-plant.txt"):
    attempt(path, lambda: write(path))
def shm():
    from multiprocessing import shared_memory
    segment = shared_memory.SharedMemory(name="code-remote-plant", create=True, size=4096)
    segment.buf[:4] = b"left"
attempt("posix shm", shm)
# The runner's root and its matplotlib dir (the runner's own uid on Lambda): make the root listable,
# leave a file beside the font cache and append to every file there.
mpl = os.path.join(root, ".matplotlib")
attempt("chmod root", lambda: os.chmod(root, 0o755))
attempt(mpl + "/plant.txt", lambda: write(mpl + "/plant.txt"))
def spoil():
    for name in os.listdir(mpl):
        if os.path.isfile(os.path.join(mpl, name)):
            with open(os.path.join(mpl, name), "a") as f:
                f.write("left by user A")
attempt("spoiled " + mpl, spoil)
import sys
try:
    import numpy
    numpy.random.seed(1234)  # a job may seed the global RNG: the next job must not inherit it
except ImportError:
    pass
print(planted)`;

const LOOK = `import os
found = []
root = os.path.dirname(os.getcwd())
for path in (os.path.join(root, "plant.txt"), os.path.join(os.path.dirname(root), "code-remote-plant.txt"),
             "/tmp/code-remote-plant.txt", "/dev/shm/code-remote-plant.txt", "/dev/shm/code-remote-plant"):
    try:
        os.stat(path)
        found.append(path)
    except OSError:
        pass
mpl = os.path.join(root, ".matplotlib")
try:
    os.listdir(root)
    found.append("listed " + root)
except Exception:
    pass
try:
    for name in os.listdir(mpl):
        if not os.path.isfile(os.path.join(mpl, name)):
            continue
        with open(os.path.join(mpl, name), "rb") as f:
            if b"left by user A" in f.read():
                found.append(name)
except Exception:
    pass
print("found", found)`;

const DISTURB = `import fcntl, os, resource, signal
parent = os.getppid()
for action in (lambda: resource.prlimit(parent, resource.RLIMIT_NOFILE, (3, 3)),
               lambda: os.setpriority(os.PRIO_PROCESS, parent, 19),
               lambda: os.setpriority(os.PRIO_USER, 0, 19),
               lambda: fcntl.fcntl(os.pipe()[0], fcntl.F_SETOWN, parent),
               lambda: os.sched_setscheduler(parent, os.SCHED_IDLE, os.sched_param(0))):
    try:
        action()
        print("ESCAPED")
    except OSError:
        pass
print("tried")`;

const STEADY = `import os, resource
files = [open(os.devnull) for _ in range(20)]  # the zygote's fds limit did not reach this job
print(resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= 20, os.getpriority(os.PRIO_PROCESS, 0))`;

const NUMPY_DRAW = "import numpy\nprint(numpy.random.randint(0, 2**31, size=4).tolist())";

describe.each(BUBBLEWRAP_MODES)("one job after another on one runner (bubblewrap: %s)", (bubblewrap) => {
  let sandbox: ProcessSandbox;

  beforeAll(async () => {
    sandbox = new ProcessSandbox({ size: 1, bubblewrap });
    await sandbox.start();
  });
  afterAll(() => sandbox.close());

  it("finds nothing another user's job planted in the runner's root, /tmp, /dev/shm or POSIX shared memory", async () => {
    const planted = await sandbox.run(job(PLANT));
    expect(planted.verdict).toBe("ok");
    const look = await sandbox.run(job(LOOK));
    expect(look).toMatchObject({ verdict: "ok", stdout: "found []\n" });
    expect((await sandbox.run(job("print('fine')"))).stdout).toBe("fine\n");
  });

  it("draws different numbers from numpy's global RNG than the job before, even one that seeded it", async () => {
    await sandbox.run(job(PLANT)); // seeds numpy.random with 1234
    const [a, b] = [await sandbox.run(job(NUMPY_DRAW)), await sandbox.run(job(NUMPY_DRAW))];
    expect(a.verdict).toBe("ok");
    expect(a.stdout).not.toBe(b.stdout);
    const seeded = await sandbox.run(
      job("import numpy\nnumpy.random.seed(1234)\nprint(numpy.random.randint(0, 2**31, size=4).tolist())"),
    );
    expect(a.stdout).not.toBe(seeded.stdout);
  });

  it("is not disturbed by a job that tried to limit, renice or signal the zygote", async () => {
    const disturb = await sandbox.run(job(DISTURB));
    expect(disturb).toMatchObject({ verdict: "ok", stdout: "tried\n" });
    const steady = await sandbox.run(job(STEADY));
    expect(steady).toMatchObject({ verdict: "ok", stdout: "True 0\n" });
  });

  it("a job finds nothing of the last job's trace, report or figures in the regions it can read", async () => {
    // The regions the runner shares with each child (report page, figures, trace) are in the
    // child's memory: a job reaches them through the runner's frames.
    const SECRET = ["trace", "secret", "4e1f"].join("-");
    const first = await sandbox.run(
      job(`secret = "${SECRET}"\nkeep = [secret] * 3\nraise ValueError(secret)\n`, { mode: "trace" }),
    );
    expect(first.verdict).toBe("runtime_error");
    expect(JSON.stringify(first.trace)).toContain(SECRET); // it was in the trace region
    expect(first.error?.message).toBe(SECRET); // and on the report page
    const snoop = `import sys
needle = "-".join(["trace", "secret", "4e1f"]).encode()
frame, found, leaked = sys._getframe(), set(), []
while frame is not None:
    for name in ("page", "region", "traces"):
        value = frame.f_locals.get(name)
        if value is not None and hasattr(value, "find"):
            found.add(name)
            if value.find(needle) >= 0:
                leaked.append(name)
    frame = frame.f_back
print(sorted(found), leaked)
`;
    for (const mode of ["run", "trace"] as const) {
      const second = await sandbox.run(job(snoop, { mode }));
      expect(second).toMatchObject({ verdict: "ok", stdout: "['page', 'region', 'traces'] []\n" });
    }
  });

  it("judges a job by the kernel even after the one before left a forged or unparsable report page", async () => {
    const garbage = readFileSync(new URL("./attacks/report_page_garbage.py", import.meta.url), "utf8");
    expect((await sandbox.run(job(garbage))).verdict).toBe("runtime_error");
    const forged = readFileSync(new URL("./attacks/forge_setup_after_start.py", import.meta.url), "utf8");
    const burned = await sandbox.run(job(forged, { limits: { wallMs: 600 } }));
    expect(burned.verdict).toBe("time_limit");
    expect(burned.usage.cpuMs).toBeGreaterThan(50); // the kernel's figure, not the forged 0
    expect(burned.usage.peakMemoryKb).toBeGreaterThan(1000);
    expect(await sandbox.run(job("print('fine')"))).toMatchObject({ verdict: "ok", stdout: "fine\n" });
  });
});

/**
 * The Lambda shape, by hand: runner/handler.py driven the way the runtime drives it, as an
 * unprivileged uid (the job then runs as the runner's own uid), Landlock off (as on Lambda's
 * kernel), no bubblewrap, fake credentials in the environment as Lambda puts them there, and a
 * temp dir of its own (Lambda's /tmp; the handler sweeps it after each job).
 */
const LAMBDA_UID = 1000;
const SECRETS = {
  AWS_ACCESS_KEY_ID: "AKIAFAKELAMBDA0001",
  AWS_SECRET_ACCESS_KEY: "lambda-secret-9c1e",
  AWS_SESSION_TOKEN: "lambda-token-77aa",
  SST_KEY: "sst-key-5b2d",
};
const HANDLER_LOOP = [
  "import json, os, sys",
  `sys.path.insert(0, ${JSON.stringify(fileURLToPath(new URL("../runner", import.meta.url)))})`,
  "import handler",
  "out = os.fdopen(os.dup(1), 'w', buffering=1)",
  "for line in sys.stdin:",
  "    out.write(json.dumps(handler.handler(json.loads(line), None)) + '\\n')",
].join("\n");
const canDropToUser = process.getuid?.() === 0 && existsSync("/usr/bin/setpriv");
/** setpriv's arguments that run Python source as the Lambda user, isolated (-I) and without site (-S). */
const pythonAsLambdaUser = (source: string) => {
  const user = ["--reuid", `${LAMBDA_UID}`, "--regid", `${LAMBDA_UID}`, "--clear-groups"];
  return [...user, resolvePython(), "-I", "-S", "-c", source];
};

describe.skipIf(!canDropToUser)(
  "one job after another in a Lambda-shaped handler (uid 1000, no Landlock, no bubblewrap, no audit hook)",
  () => {
    let handler: ChildProcessByStdio<Writable, Readable, null>;
    let temp: string;
    let stderr = "";
    const waiting: Array<(line: string) => void> = [];
    const invoke = (request: ReturnType<typeof job>): Promise<Result> =>
      new Promise((resolve) => {
        waiting.push((line) => resolve(JSON.parse(line) as Result));
        handler.stdin.write(`${JSON.stringify(request)}\n`);
      });
    const pid = () => handler.pid!;

    beforeAll(async () => {
      temp = mkdtempSync(join(tmpdir(), "lambda-shaped-"));
      chmodSync(temp, 0o1777);
      handler = spawn("/usr/bin/setpriv", pythonAsLambdaUser(HANDLER_LOOP), {
        env: {
          LANG: "C.UTF-8",
          TMPDIR: temp,
          CODE_REMOTE_LANDLOCK: "off",
          CODE_REMOTE_AUDIT_HOOK: "off",
          AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001",
          AWS_LAMBDA_FUNCTION_NAME: "sandbox",
          ...SECRETS,
        },
        stdio: ["pipe", "pipe", "pipe"],
      }) as unknown as ChildProcessByStdio<Writable, Readable, null>;
      const lines = new LineSplitter((line) => waiting.shift()?.(line));
      handler.stdout.setEncoding("utf8").on("data", (chunk: string) => lines.push(chunk));
      (handler as unknown as { stderr: Readable }).stderr
        .setEncoding("utf8")
        .on("data", (chunk: string) => (stderr += chunk));
      expect((await invoke(job("print('warm')"))).stdout).toBe("warm\n");
    });
    afterAll(async () => {
      handler.stdin.end();
      await new Promise((resolve) => handler.once("exit", resolve));
      rmSync(temp, { recursive: true, force: true });
    });

    it("logs its kernel features at start: seccomp, not dumpable, no Landlock in use", () => {
      const features = JSON.parse(stderr.split("\n").find((line) => line.includes('"kernel-features"'))!) as Record<
        string,
        unknown
      >;
      expect(features).toMatchObject({
        type: "kernel-features",
        uid: LAMBDA_UID,
        seccompFilter: true,
        notDumpable: true,
      });
    });

    it("keeps the runner's and the zygote's /proc files shut to its own uid: environ, mem, fd", async () => {
      // Outside any sandbox layer: a plain process of the same uid (what a job that got past every
      // Python-level layer would be), against the runner and its zygote.
      const zygote = Number(readFileSync(`/proc/${pid()}/task/${pid()}/children`, "utf8").trim().split(" ")[0]);
      expect(zygote).toBeGreaterThan(0);
      const probe = `import os, sys
for pid in (${pid()}, ${zygote}):
    for name in ("environ", "mem", "fd/0"):
        try:
            os.close(os.open(f"/proc/{pid}/{name}", os.O_RDONLY))
            print("OPENED", pid, name)
        except PermissionError:
            print("refused")`;
      const same = spawnSync("/usr/bin/setpriv", pythonAsLambdaUser(probe), { encoding: "utf8" });
      expect(same.stdout).toBe("refused\n".repeat(6));
      // And from a job (the kernel refuses: EACCES), with no secret anywhere in what comes back.
      const job1 = await invoke(job(readFileSync(new URL("./attacks/runner_proc_files.py", import.meta.url), "utf8")));
      expect(job1).toMatchObject({ verdict: "runtime_error", error: { type: "PermissionError" } });
      expect(job1.stdout).not.toContain("ESCAPED");
      const env = await invoke(
        job(
          "import os\nprint(dict(os.environ))\ntry:\n    print(open('/proc/self/environ','rb').read())\nexcept OSError as e:\n    print(e)",
        ),
      );
      expect(env.verdict).toBe("ok");
      for (const result of [job1, env])
        for (const secret of Object.values(SECRETS)) expect(JSON.stringify(result)).not.toContain(secret);
    });

    it("sweeps what a job planted in its temp dir, the runner's root and /dev/shm before the next job", async () => {
      // This host's /tmp is not the handler's (its temp dir is, as /tmp is on Lambda): leave it alone.
      const inOwnTemp = (code: string) => code.replace('"/tmp/code-remote-plant.txt", ', "");
      const planted = await invoke(job(inOwnTemp(PLANT)));
      expect(planted.verdict).toBe("ok");
      expect(planted.stdout).toContain("code-remote-plant.txt"); // no Landlock, no hook: the writes got through
      expect(planted.stdout).toContain("chmod root"); // the runner's own uid: its root and matplotlib dir too
      expect(planted.stdout).toContain("spoiled");
      const look = await invoke(job(inOwnTemp(LOOK)));
      expect(look).toMatchObject({ verdict: "ok", stdout: "found []\n" });
      expect(readdirSync(temp).filter((name) => !name.startsWith("code-remote-"))).toEqual([]);
    });

    it("counts files in /dev/shm as the job's memory", async () => {
      const hoard = readFileSync(new URL("./attacks/tmpfs_hoard.py", import.meta.url), "utf8");
      const result = await invoke(job(hoard, { limits: { memoryMb: 64, wallMs: 8000 } }));
      expect(result.verdict).toBe("memory_limit");
      expect((await invoke(job("print('fine')"))).stdout).toBe("fine\n");
    });

    it("draws fresh numbers from numpy's global RNG in every job", async () => {
      const [a, b] = [await invoke(job(NUMPY_DRAW)), await invoke(job(NUMPY_DRAW))];
      expect(a.verdict).toBe("ok");
      expect(a.stdout).not.toBe(b.stdout);
    });
  },
);
