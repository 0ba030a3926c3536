import { describe, expect, it } from "vitest";
import { RUNNER_MOUNT, wrapInBubblewrap } from "./bubblewrap";

describe("wrapInBubblewrap", () => {
  const wrapped = wrapInBubblewrap(
    {
      command: "/usr/bin/python3",
      args: ["-I", "-S", `${RUNNER_MOUNT}/runner.py`],
      env: { LANG: "C.UTF-8", SECRET: "x" },
    },
    "/work/main/packages/sandbox/runner",
  );
  const args = wrapped.args;
  const pairsOf = (flag: string) => args.flatMap((arg, i) => (arg === flag ? [[args[i + 1], args[i + 2]]] : []));

  it("runs the runner command after --, with nothing inherited", () => {
    expect(wrapped.command).toBe("/usr/bin/bwrap");
    expect(args.slice(args.indexOf("--") + 1)).toEqual(["/usr/bin/python3", "-I", "-S", "/runner/runner.py"]);
    expect(wrapped.env).toEqual({});
    expect(args).toEqual(
      expect.arrayContaining(["--clearenv", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid"]),
    );
    expect(pairsOf("--setenv")).toEqual([
      ["LANG", "C.UTF-8"],
      ["SECRET", "x"],
    ]);
  });

  // (/etc/alternatives: Debian's BLAS/LAPACK symlinks for numpy; /etc/matplotlibrc: Debian's matplotlib config)
  it("binds only system directories and the runner, read-only, and no project or home directory", () => {
    expect(pairsOf("--bind")).toEqual([]);
    const sources = pairsOf("--ro-bind").map(([source]) => source);
    expect(sources).toContain("/usr");
    expect(sources).toContain("/work/main/packages/sandbox/runner");
    expect(
      sources
        .filter((source) => source !== "/work/main/packages/sandbox/runner")
        .every((s) => /^\/(usr|lib|lib64|bin|sbin|etc\/ld\.so\.cache|etc\/alternatives|etc\/matplotlibrc)$/.test(s!)),
    ).toBe(true);
    expect(args).toEqual(expect.arrayContaining(["--tmpfs", "/tmp"]));
  });

  it("keeps only the capabilities needed to drop jobs to an unprivileged uid", () => {
    const added = args.flatMap((arg, i) => (arg === "--cap-add" ? [args[i + 1]] : []));
    expect(args[args.indexOf("--cap-drop") + 1]).toBe("ALL");
    expect(added.sort()).toEqual([
      "CAP_CHOWN",
      "CAP_DAC_OVERRIDE",
      "CAP_FOWNER",
      "CAP_KILL",
      "CAP_SETGID",
      "CAP_SETUID",
    ]);
  });
});
