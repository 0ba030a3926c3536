"""Entry point: `python3 -m measure < request.json` (in the sandbox, the joined bundle runs this)."""

import ast
import io
import json
import sys
import time

STARTED = time.perf_counter()

from .inputs import RANDOM, copier, describe, generator_arguments, make_arguments, parameter_kinds
from .timing import measure

DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)


def load(code):
    """The program's definitions only: its top-level statements (reading input, printing) never run."""
    tree = ast.parse(code)
    namespace = {"__name__": "__measured__", "__builtins__": __builtins__}
    for node in tree.body:
        if not isinstance(node, DEFINITIONS):
            continue
        try:
            exec(compile(ast.Module(body=[node], type_ignores=[]), "<code>", "exec"), namespace)
        except Exception:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
                raise
    return tree, namespace


def choose(tree, wanted):
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if wanted:
        found = [d for d in defs if d.name == wanted]
        if not found:
            raise LookupError("there is no top-level function named %s" % wanted)
        return found[0]
    called = {n.func.id for d in defs for n in ast.walk(d) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id != d.name}
    roots = [d for d in defs if d.name not in called and d.name != "main"] or defs
    if not roots:
        raise LookupError("the code defines no top-level function to measure")
    return roots[0]


def main():
    request = json.loads(sys.stdin.read())
    sys.stdin = io.StringIO("")
    real_stdout = sys.stdout
    sys.setrecursionlimit(100000)
    try:
        tree, namespace = load(request["code"])
        node = choose(tree, request.get("function"))
        fn = namespace[node.name]
        if request.get("generator"):
            make_args, inputs, start, limit = generator_arguments(request["generator"]), "generator: %s" % request["generator"], 1, 1 << 20
        else:
            kinds = parameter_kinds(node)
            make_args = lambda n, rng: make_arguments(kinds, n, rng)
            inputs = describe(kinds)
            only_ints = kinds and all(k == "int" for k in kinds)
            start, limit = (1, 1 << 24) if only_ints else (8, 1 << 18)
        sys.stdout = io.StringIO()  # what the function prints is not the answer
        budget = float(request.get("budgetSeconds", 2.0))
        # The rest of the job's wall limit is room for the last size, which may run past the deadline.
        deadline = STARTED + float(request.get("wallSeconds", 60.0))
        points, stopped = measure(fn, make_args, copier, budget, start, limit, RANDOM(19), deadline)
        sys.stdout = real_stdout
        out = {"function": node.name, "inputs": inputs, "stopped": stopped, "points": [{"n": n, "seconds": t} for n, t in points]}
    except BaseException as err:  # the program must answer, whatever the user's code does
        sys.stdout = real_stdout
        out = {"error": "%s: %s" % (type(err).__name__, str(err)[:300])}
    real_stdout.write(json.dumps(out))


main()
