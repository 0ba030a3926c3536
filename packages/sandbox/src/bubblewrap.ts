import { accessSync, constants, existsSync, lstatSync, readlinkSync } from "node:fs";
import type { RunnerLaunch } from "./runner-process";

const BWRAP = "/usr/bin/bwrap";
/** Where the runner directory appears inside the sandbox. */
export const RUNNER_MOUNT = "/runner";
/** Private /tmp per runner: job dirs live there, so this also caps how much a job can write. */
const TMPFS_BYTES = 256 * 1024 * 1024;

export function bubblewrapAvailable(): boolean {
  try {
    accessSync(BWRAP, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Wraps a runner command line in bubblewrap: new pid, net, ipc, uts (and cgroup) namespaces, a
 * fresh session, no environment, and a file system made of read-only system binds plus a private
 * tmpfs. No /work, no /root, no /home: project files are simply not there.
 *
 * No user namespace: as root, bwrap's user namespace maps only uid 0, so the runner could not drop
 * each job to its unprivileged uid (src/job-uids.ts). Instead the runner keeps only the capabilities it needs for that (set
 * uid/gid, chown the job dir, signal and delete what the job left) and loses the rest (mount,
 * ptrace, raw sockets, module loading...).
 */
export function wrapInBubblewrap(launch: RunnerLaunch, runnerDir: string): RunnerLaunch {
  const args = [
    "--unshare-ipc",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--die-with-parent",
    "--new-session",
    "--clearenv",
    "--ro-bind",
    "/usr",
    "/usr",
    ...systemLinks(),
    // bwrap would create /etc as 0700 root, hiding the loader cache from the job's uid.
    "--perms",
    "0755",
    "--dir",
    "/etc",
    "--ro-bind",
    "/etc/ld.so.cache",
    "/etc/ld.so.cache",
    // Debian's BLAS/LAPACK (numpy) are found through /etc/alternatives symlinks, and its matplotlib
    // reads /etc/matplotlibrc.
    ...["/etc/alternatives", "/etc/matplotlibrc"].flatMap((path) =>
      existsSync(path) ? ["--ro-bind", path, path] : [],
    ),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    String(TMPFS_BYTES),
    "--tmpfs",
    "/tmp",
    "--ro-bind",
    runnerDir,
    RUNNER_MOUNT,
    "--chdir",
    "/tmp",
    "--cap-drop",
    "ALL",
    ...["CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL", "CAP_DAC_OVERRIDE", "CAP_FOWNER"].flatMap((cap) => [
      "--cap-add",
      cap,
    ]),
  ];
  for (const [name, value] of Object.entries(launch.env)) args.push("--setenv", name, value);
  return { command: BWRAP, args: [...args, "--", launch.command, ...launch.args], env: {} };
}

/** /bin, /lib, /lib64 are symlinks into /usr on merged-/usr systems: recreate them, else bind them. */
export function systemLinks(): string[] {
  const args: string[] = [];
  for (const dir of ["/bin", "/lib", "/lib64", "/sbin"]) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push("--symlink", readlinkSync(dir), dir);
    else args.push("--ro-bind", dir, dir);
  }
  return args;
}
