import { accessSync, constants } from "node:fs";

/**
 * The real interpreter. `python3` on PATH may be a pyenv shim that is slow to start and reads the
 * caller's environment, so prefer the distribution's binary; the Lambda image has it
 * at /var/lang/bin.
 */
const CANDIDATES = ["/usr/bin/python3", "/usr/local/bin/python3", "/var/lang/bin/python3"];

export function resolvePython(explicit?: string): string {
  if (explicit) return explicit;
  for (const candidate of CANDIDATES) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(`no Python interpreter found (looked for ${CANDIDATES.join(", ")}); pass options.python`);
}
