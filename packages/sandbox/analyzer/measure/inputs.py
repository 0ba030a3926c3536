"""What to pass the measured function at size n: inferred from how each parameter is used, or the
user's generator expression (evaluated with `n` and `random` in scope)."""

import ast
import random
import string

LIST_CALLS = {"len", "sorted", "sum", "max", "min", "set", "list", "tuple", "enumerate", "reversed", "any", "all", "Counter",
              "heapify", "deque", "zip", "iter", "frozenset"}
LIST_METHODS = {"append", "sort", "pop", "index", "count", "insert", "remove", "extend", "copy", "reverse"}
STR_METHODS = {"lower", "upper", "split", "strip", "startswith", "endswith", "isalpha", "isdigit", "find", "replace",
               "encode", "join", "isupper", "islower", "rstrip", "lstrip", "casefold"}
KINDS = ("int", "list", "str")


def annotation_kind(ann):
    text = ast.unparse(ann).lower() if ann is not None else ""
    for word, kind in (("int", "int"), ("str", "str"), ("list", "list"), ("sequence", "list"), ("tuple", "list")):
        if text.startswith(word):
            return kind
    return None


def parameter_kinds(fn):
    """One of KINDS per positional parameter, by annotation first, then by use (votes), else a list."""
    params = [a for a in fn.args.posonlyargs + fn.args.args if a.arg not in ("self", "cls")]
    votes = {a.arg: {k: 0 for k in KINDS} for a in params}

    def vote(node, kind, weight=1):
        if isinstance(node, ast.Name) and node.id in votes:
            votes[node.id][kind] += weight

    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name == "range":
                for a in node.args:
                    vote(a, "int", 3)
                    for sub in ast.walk(a):
                        if isinstance(sub, ast.BinOp):
                            vote(sub.left, "int")
                            vote(sub.right, "int")
            elif name in LIST_CALLS and node.args:
                vote(node.args[0], "list", 2)
            if isinstance(node.func, ast.Attribute):
                if node.func.attr in STR_METHODS and node.func.attr not in LIST_METHODS:
                    vote(node.func.value, "str", 3)
                elif node.func.attr in LIST_METHODS:
                    vote(node.func.value, "list", 3)
            elif name == fn.name:
                for a in node.args:
                    if isinstance(a, ast.BinOp) and isinstance(a.op, (ast.Sub, ast.FloorDiv, ast.RShift, ast.Div)):
                        vote(a.left, "int", 2)
        elif isinstance(node, (ast.For, ast.comprehension)):
            vote(node.iter, "list", 2)
        elif isinstance(node, ast.Subscript):
            vote(node.value, "list", 2)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod, ast.Pow, ast.RShift, ast.LShift)):
            vote(node.left, "int")
            vote(node.right, "int")
        elif isinstance(node, ast.Compare):
            sides = [node.left] + list(node.comparators)
            if any(isinstance(s, ast.Constant) and isinstance(s.value, int) for s in sides):
                for s in sides:
                    vote(s, "int")
    kinds = []
    for a in params:
        if a.arg in fn_defaults(fn):
            break  # parameters with defaults keep them
        kind = annotation_kind(a.annotation)
        if kind is None:
            v = votes[a.arg]
            kind = max(KINDS, key=lambda k: (v[k], k == "list"))
        kinds.append(kind)
    return kinds


def fn_defaults(fn):
    pos = fn.args.posonlyargs + fn.args.args
    return {a.arg for a in pos[len(pos) - len(fn.args.defaults):]}


def make_arguments(kinds, n, rng):
    out = []
    for kind in kinds:
        if kind == "int":
            out.append(n)
        elif kind == "str":
            out.append("".join(rng.choice(string.ascii_lowercase) for _ in range(n)))
        else:
            out.append([rng.randrange(n * 4 + 1) for _ in range(n)])
    return tuple(out)


def describe(kinds):
    names = {"int": "an int n", "list": "a list of n ints", "str": "a string of n letters"}
    return ", ".join(names[k] for k in kinds) or "no arguments"


def generator_arguments(expression):
    """The user's generator: an expression in n (random available) giving the argument, or a tuple of them."""
    code = compile(expression, "<generator>", "eval")

    def make(n, rng):
        value = eval(code, {"random": rng, "n": n, "range": range, "list": list, "str": str, "len": len})
        return value if isinstance(value, tuple) else (value,)

    return make


def copier(args):
    """Fresh copies for each call (the function may sort or empty its input)."""
    return tuple(list(a) if isinstance(a, list) else a for a in args)


RANDOM = random.Random
