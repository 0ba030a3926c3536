/**
 * A job's code is one string, but the analyzer programs are Python packages (files a reader can
 * hold). This joins a package into one program: its files travel as data, a small import hook
 * serves them as real modules (relative imports, tracebacks naming the file), and the entry
 * package's `__main__` runs as `python3 -m <entry>` would. No Node API: callers read the files.
 */
export interface PythonFile {
  /** Path inside the package root, e.g. "complexity/report.py". */
  path: string;
  text: string;
}

const LOADER = `
import importlib.abc, importlib.util, runpy, sys

class _EmbeddedPackage(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
    def __init__(self, sources):
        self.sources = sources

    def _path(self, name):
        base = name.replace(".", "/")
        for path in (base + "/__init__.py", base + ".py"):
            if path in self.sources:
                return path
        return None

    def find_spec(self, name, path=None, target=None):
        found = self._path(name)
        if found is None:
            return None
        return importlib.util.spec_from_loader(name, self, origin=found, is_package=found.endswith("/__init__.py"))

    def is_package(self, name):
        return self._path(name).endswith("/__init__.py")

    def get_source(self, name):
        return self.sources[self._path(name)]

    def get_code(self, name):
        path = self._path(name)
        return compile(self.sources[path], path, "exec", dont_inherit=True)

sys.meta_path.insert(0, _EmbeddedPackage(_SOURCES))
del _SOURCES
runpy.run_module(_ENTRY, run_name="__main__", alter_sys=True)
`;

/** One Python program that runs `entry`'s `__main__.py` with every file of `files` importable. */
export function joinPythonPackage(files: readonly PythonFile[], entry: string): string {
  if (!files.some((f) => f.path === `${entry}/__main__.py`))
    throw new Error(`${entry}/__main__.py is not among the files`);
  const sources = Object.fromEntries(
    [...files].sort((a, b) => a.path.localeCompare(b.path)).map((f) => [f.path, f.text]),
  );
  // JSON string literals are valid Python string literals (escapes included).
  return `_SOURCES = ${JSON.stringify(sources)}\n_ENTRY = ${JSON.stringify(entry)}\n${LOADER}`;
}
