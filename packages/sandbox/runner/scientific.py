"""The scientific stack (numpy, pandas, matplotlib): where it is found, how it is pinned to the
job's share, and (optionally) importing it once in the warm runner so children find it in memory.

Everything here runs in the runner before any job child is forked, and before numpy is imported
anywhere: BLAS reads its thread settings once, at load time.
"""

import importlib
import importlib.util
import os
import sys

# The runner starts with -S (no site), which drops site-packages; Debian installs python3-numpy &
# co. for /usr/bin/python3 into dist-packages, so that one directory is put back explicitly. (In
# the Lambda image pip installs them beside the handler, which is already on sys.path.)
DIST_PACKAGES = "/usr/lib/python3/dist-packages"
LIBRARIES = ("numpy", "pandas", "matplotlib")

# One BLAS/OpenMP thread per job: a job gets one CPU (see isolation.pin_cpu), and a pool of
# threads per library would only fight over it. Set for the runner (before any import) and again
# in every child's clean environment (isolation.clean_environment).
THREAD_ENV = {name: "1" for name in (
    "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS")}
# Matplotlib never opens a window: our module backend is Agg whose show() captures figures
# (mpl_backend.py). MPLCONFIGDIR is set by setup() to a directory of the runner's.
BACKEND = "module://mpl_backend"


def setup(config_dir):
    """Make the libraries findable and pinned. config_dir: matplotlib's config and font cache (the
    runner's own, built once per runner; children only read it)."""
    if os.path.isdir(DIST_PACKAGES) and DIST_PACKAGES not in sys.path:
        sys.path.append(DIST_PACKAGES)
    os.makedirs(config_dir, exist_ok=True)
    os.chmod(config_dir, 0o755)
    os.environ.update(job_environment(config_dir))


def job_environment(config_dir):
    return {**THREAD_ENV, "MPLBACKEND": BACKEND, "MPLCONFIGDIR": config_dir}


def data_paths():
    """Read-only trees the libraries read at import or while drawing (fonts, matplotlibrc), beyond
    the interpreter's own lib directories: for Landlock and the audit hook."""
    paths = []
    for path in ("/usr/share/matplotlib", "/usr/share/fonts", "/etc/matplotlibrc", "/usr/share/fonts-dejavu"):
        if os.path.exists(path):
            paths.append(path)
    if os.path.isdir(DIST_PACKAGES):
        paths.append(DIST_PACKAGES)
    return paths


_broken = set()


def available():
    """["numpy 1.24.2", ...] for the libraries a job can import (without importing them)."""
    found = []
    for name in LIBRARIES:
        if name in _broken or importlib.util.find_spec(name) is None:
            continue
        module = sys.modules.get(name)
        version = getattr(module, "__version__", None)
        if version is None:
            try:
                import importlib.metadata as metadata
                version = metadata.version(name)
            except Exception:  # noqa: BLE001 - a version we cannot tell is still importable
                version = "?"
        found.append(f"{name} {version}")
    return found


def preload():
    """Import the libraries in the runner (each child then starts with them in memory), draw one
    tiny figure so the lazy parts (Agg, the font cache, text layout) are loaded too, and release
    what the draw left open: a child keeps only fds 0-2, so no cached font file may hold an fd."""
    loaded = []
    for name in LIBRARIES:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except ModuleNotFoundError:
            pass  # not installed: jobs simply cannot import it
        except ImportError as error:  # installed but broken here (e.g. a library missing): say so
            print(f"sandbox runner: {name} does not import: {error}", file=sys.stderr)
            _broken.add(name)
    if "matplotlib" in loaded:
        import io

        import matplotlib
        matplotlib.use(BACKEND)
        import matplotlib.font_manager
        import matplotlib.pyplot as pyplot
        figure = pyplot.figure(figsize=(1, 1))
        figure.gca().set_title("warm-up")
        figure.savefig(io.BytesIO(), format="png")
        pyplot.close("all")
        matplotlib.font_manager._get_font.cache_clear()
        import mpl_backend
        mpl_backend.forget()
    return loaded
