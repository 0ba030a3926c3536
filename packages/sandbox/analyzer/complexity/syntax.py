"""Small helpers over the `ast` of the program: names, calls, loop-variable shapes."""

import ast


SORTS = {"sorted"}
CONSUMERS = {"list", "tuple", "set", "frozenset", "dict", "sum", "min", "max", "any", "all", "Counter", "deque",
             "OrderedDict", "defaultdict", "bytes", "bytearray", "heapify", "str"}
# Calls that build a new container from their argument: their result is extra space even from the input.
COPIES = {"sorted", "set", "frozenset", "dict", "Counter", "deque", "OrderedDict", "defaultdict"}
LAZY = {"enumerate", "zip", "reversed", "map", "filter", "iter", "range"}
HASHY_NAMES = ("seen", "visited", "set", "dict", "map", "memo", "cache", "count", "freq", "lookup", "index", "table", "graph", "adj")
WORKLIST_POPS = {"pop", "popleft", "heappop", "get"}


def src(node):
    try:
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.GeneratorExp):
            text = ast.unparse(node.func) + ast.unparse(node.args[0])  # f(x for x in y), as written
        else:
            text = ast.unparse(node)
    except Exception:
        return "?"
    return text if len(text) <= 60 else text[:57] + "..."


def call_name(node):
    """`f` for f(...), `x.f` -> ("f", x) ; returns (name, receiver or None)."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute):
        return func.attr, func.value
    return None, None


def names_in(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def walk_local(node):
    """ast.walk that does not enter nested function or class bodies."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(n))


def assigned_names(target):
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        out = []
        for e in target.elts:
            out.extend(assigned_names(e))
        return out
    if isinstance(target, ast.Starred):
        return assigned_names(target.value)
    return []


def is_halving(e, halving_names):
    for n in ast.walk(e):
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.FloorDiv, ast.Div, ast.RShift)):
            if isinstance(n.right, ast.Constant) and isinstance(n.right.value, (int, float)) and n.right.value >= (1 if isinstance(n.op, ast.RShift) else 2):
                return True
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) and not isinstance(n.right, ast.Constant):
            return True  # Euclid: a % b shrinks at least by half every two steps
        if isinstance(n, ast.Name) and n.id in halving_names:
            return True
    return False


def is_growing_geometrically(e, name):
    # x * 2, x << 1, x * x
    return isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Mult, ast.LShift, ast.Pow)) and name in names_in(e) and \
        not (isinstance(e.op, ast.Mult) and all(isinstance(o, ast.Constant) and o.value in (0, 1) for o in (e.left, e.right)))


def terminates(stmts):
    return bool(stmts) and isinstance(stmts[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break))
