"""Static complexity analyzer: Python source on stdin (data, never executed) -> one Analysis JSON on stdout.

Runs inside the sandbox like any job, with the standard library's `ast` only. It estimates, per
function and for the whole program:
  time  from loop nesting over input-sized iterables (constant ranges and literals do not count),
        while loops (halving/doubling -> log n, pointers -> n, worklists -> n), recursion (branching
        factor and how the argument shrinks: n-1 -> linear/exponential, n/2 -> master theorem),
        memoisation (states x work per state), graph traversals (amortised O(V+E)), amortised inner
        pointers (sliding window, monotonic stack), comprehensions, sorting and container operations
        whose cost grows with the input (`in` on a list, insert(0), pop(0), remove, index, str +=);
  space from allocations proportional to the input, growth inside loops, memo tables, recursion depth.
Comments are not part of the AST, so instructions hidden in them cannot change the answer.
"""

import ast
import json
import math
import sys

# ---------------------------------------------------------------- complexity algebra
# A complexity is (kind, degree, logs): kind 0 = n^degree * log^logs n, 1 = exponential, 2 = factorial.
ONE = (0, 0.0, 0)
LOG = (0, 0.0, 1)
SQRT = (0, 0.5, 0)
N = (0, 1.0, 0)
NLOGN = (0, 1.0, 1)
N2 = (0, 2.0, 0)
EXP = (1, 0.0, 0)
FACT = (2, 0.0, 0)


def mul(a, b):
    return (max(a[0], b[0]), a[1] + b[1], a[2] + b[2])


def cmax(a, b):
    return a if a >= b else b


def power(c, k):
    out = ONE
    for _ in range(k):
        out = mul(out, c)
    return out


def label(c):
    kind, deg, logs = c
    if kind == 2:
        return "O(n!)"
    if kind == 1:
        return "O(2^n)"
    table = {(0.0, 0): "O(1)", (0.0, 1): "O(log n)", (1.0, 0): "O(n)", (1.0, 1): "O(n log n)", (2.0, 0): "O(n^2)", (3.0, 0): "O(n^3)"}
    return table.get((float(deg), logs), "other")


def pretty(c):
    kind, deg, logs = c
    if kind == 2:
        base = "n!"
    elif kind == 1:
        base = "2^n"
    else:
        base = ""
    parts = []
    if deg:
        if abs(deg - 0.5) < 1e-9:
            parts.append("sqrt(n)")
        elif abs(deg - round(deg)) < 1e-9:
            parts.append("n" if round(deg) == 1 else "n^%d" % round(deg))
        else:
            parts.append("n^%.2f" % deg)
    if logs:
        parts.append("log n" if logs == 1 else "log^%d n" % logs)
    poly = " ".join(parts)
    if base:
        return "O(%s)" % base if not poly else "O(%s * %s)" % (poly, base)
    return "O(%s)" % (poly or "1")


class Cost:
    """A complexity with the lines that produce it and a short reason per step."""

    __slots__ = ("c", "lines", "why")

    def __init__(self, c=ONE, lines=None, why=None):
        self.c = c
        self.lines = lines or []
        self.why = why or []

    def times(self, c, line=None, why=None):
        return Cost(mul(self.c, c), ([line] if line else []) + self.lines, ([why] if why else []) + self.why)

    def __repr__(self):
        return "Cost(%s)" % pretty(self.c)


def best_all(*costs):
    """Like best, but equally dominant costs contribute their lines too (all get highlighted)."""
    out = Cost()
    for cost in costs:
        if cost is None:
            continue
        if cost.c > out.c:
            out = cost
        elif cost.c == out.c and cost.c > ONE:
            out = Cost(out.c, out.lines + [l for l in cost.lines if l not in out.lines], out.why)
    return out


def best(*costs):
    out = Cost()
    for cost in costs:
        if cost is not None and cost.c > out.c:
            out = cost
    return out


# ---------------------------------------------------------------- helpers
SORTS = {"sorted"}
CONSUMERS = {"list", "tuple", "set", "frozenset", "dict", "sum", "min", "max", "any", "all", "Counter", "deque",
             "OrderedDict", "defaultdict", "bytes", "bytearray", "heapify", "str"}
LAZY = {"enumerate", "zip", "reversed", "map", "filter", "iter", "range"}
HASHY_NAMES = ("seen", "visited", "set", "dict", "map", "memo", "cache", "count", "freq", "lookup", "index", "table", "graph", "adj")
WORKLIST_POPS = {"pop", "popleft", "heappop", "get"}


def src(node):
    try:
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


# ---------------------------------------------------------------- per-scope facts
class Scope:
    """What one function (or the module) assigns: constant names, container kinds, halving names."""

    def __init__(self, node, params, module_scope=None):
        self.node = node
        self.params = params
        self.parent = module_scope
        self.values = {}      # name -> list of assigned expressions
        self.loopvars = {}    # name -> iterable expression of the for loop binding it
        self.halving = set()
        self.kinds = {}
        self.input_names = set()
        self.mutated = set()
        body = node.body if hasattr(node, "body") else []
        for n in (walk_local(node) if not isinstance(node, ast.Module) else self._module_walk(node)):
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    self._bind(t, n.value)
            elif isinstance(n, (ast.AnnAssign,)) and n.value is not None:
                self._bind(n.target, n.value)
            elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
                self.values.setdefault(n.target.id, []).append(n.value)
            elif isinstance(n, (ast.For, ast.comprehension)):
                for name in assigned_names(n.target):
                    self.loopvars[name] = n.iter
            elif isinstance(n, ast.NamedExpr):
                self._bind(n.target, n.value)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and \
                    n.func.attr in ("append", "extend", "insert", "add", "update", "appendleft", "extendleft", "setdefault"):
                self.mutated.add(n.func.value.id)
            elif isinstance(n, (ast.Assign, ast.AugAssign)):
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                        self.mutated.add(t.value.id)
        for name, vals in self.values.items():
            if any(is_halving(v, set()) for v in vals):
                self.halving.add(name)
            kinds = {self._kind_of_value(v) for v in vals if not isinstance(v, ast.Constant) or v.value is not None}
            kinds.discard(None)
            if len(kinds) == 1:
                self.kinds[name] = kinds.pop()
            elif kinds:
                self.kinds[name] = sorted(kinds)[0]
            if any(self._reads_input(v) for v in vals):
                self.input_names.add(name)
        del body

    @staticmethod
    def _module_walk(module):
        stack = list(module.body)
        while stack:
            n = stack.pop()
            yield n
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            stack.extend(ast.iter_child_nodes(n))

    def _bind(self, target, value):
        if isinstance(target, ast.Name):
            self.values.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts):
                    self._bind(t, v)
            else:
                for name in assigned_names(target):
                    self.values.setdefault(name, []).append(ast.Subscript(value=value, slice=ast.Constant(0), ctx=ast.Load()))

    @staticmethod
    def _reads_input(v):
        for n in ast.walk(v):
            if isinstance(n, ast.Call):
                name, recv = call_name(n)
                if name in ("input", "readline", "readlines", "read") and (recv is None or "stdin" in src(recv) or name == "input"):
                    return True
        return False

    def _kind_of_value(self, v):
        if isinstance(v, (ast.List, ast.ListComp)):
            return "list"
        if isinstance(v, (ast.Set, ast.SetComp)):
            return "set"
        if isinstance(v, (ast.Dict, ast.DictComp)):
            return "dict"
        if isinstance(v, ast.Tuple):
            return "tuple"
        if isinstance(v, ast.JoinedStr) or (isinstance(v, ast.Constant) and isinstance(v.value, str)):
            return "str"
        if isinstance(v, ast.Constant) and isinstance(v.value, (int, float, bool)):
            return "num"
        if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult) and isinstance(v.left, ast.List):
            return "list"
        if isinstance(v, ast.Call):
            name, recv = call_name(v)
            if name in ("list", "sorted", "split", "readlines", "copy") or (name == "keys" and False):
                return "list"
            if name in ("set", "frozenset"):
                return "set"
            if name in ("dict", "defaultdict", "Counter", "OrderedDict"):
                return "dict"
            if name == "deque":
                return "deque"
            if name in ("str", "join", "strip", "lower", "upper", "replace", "input", "read", "rstrip", "lstrip"):
                return "str"
            if name in ("int", "len", "float", "abs", "ord", "sum", "max", "min"):
                return "num"
        return None

    def kind(self, e):
        if isinstance(e, ast.Name):
            if e.id in self.kinds:
                return self.kinds[e.id]
            if self.parent is not None and e.id in self.parent.kinds and e.id not in self.values:
                return self.parent.kinds[e.id]
            if e.id in self.params:
                return self.param_kind(e.id)
            return None
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id in ("self", "cls"):
            return None
        if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Slice):
            return self.kind(e.value) or "list"
        return self._kind_of_value(e)

    def param_kind(self, name):
        ann = self.params.get(name)
        if ann is not None:
            text = src(ann).lower()
            for k in ("set", "dict", "str", "list", "int", "float"):
                if text.startswith(k) or text.startswith("typing." + k) or text.startswith(k.capitalize()):
                    return {"int": "num", "float": "num"}.get(k, k)
        low = name.lower()
        if any(h in low for h in HASHY_NAMES):
            return "dict"
        if low in ("s", "t", "string", "text", "word", "line", "pattern", "p"):
            return "str"
        if low in ("n", "m", "k", "x", "target", "num", "amount", "i", "j", "lo", "hi", "low", "high", "left", "right", "start", "end"):
            return "num"
        return "list"

    # constants: literals, names only ever bound to constants, arithmetic of those
    def is_const(self, e, seen=None):
        seen = seen or set()
        if isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.Name):
            if e.id in self.params or e.id in seen or e.id in self.mutated:
                return False
            seen = seen | {e.id}
            if e.id in self.loopvars and e.id not in self.values:
                return self.is_const(self.loopvars[e.id], seen)
            vals = self.values.get(e.id)
            if vals:
                return all(self.is_const(v, seen) for v in vals) and e.id not in self.loopvars
            if self.parent is not None:
                return self.parent.is_const(e, seen)
            return False
        if isinstance(e, ast.BinOp):
            return self.is_const(e.left, seen) and self.is_const(e.right, seen)
        if isinstance(e, ast.UnaryOp):
            return self.is_const(e.operand, seen)
        if isinstance(e, (ast.List, ast.Tuple, ast.Set)):
            return len(e.elts) <= 64 and all(self.is_const(x, seen) or not isinstance(x, ast.Starred) for x in e.elts)
        if isinstance(e, ast.Dict):
            return len(e.keys) <= 64
        if isinstance(e, ast.Attribute):
            return isinstance(e.value, ast.Name) and e.value.id in ("string", "math")
        if isinstance(e, ast.Call):
            name, _ = call_name(e)
            if name in ("range", "len", "int", "abs", "min", "max", "list", "tuple", "str", "float", "pow", "ord", "chr", "reversed", "enumerate", "sorted", "set"):
                return all(self.is_const(a, seen) for a in e.args) and bool(e.args)
        return False


# ---------------------------------------------------------------- function model
class Func:
    def __init__(self, node, cls=None):
        self.node = node
        self.name = node.name
        self.cls = cls
        args = node.args
        allargs = args.posonlyargs + args.args + args.kwonlyargs
        self.param_list = [a.arg for a in allargs]
        if cls is not None and self.param_list and self.param_list[0] in ("self", "cls"):
            self.param_list = self.param_list[1:]
        self.params = {a.arg: a.annotation for a in allargs if a.arg in self.param_list}
        if args.vararg:
            self.params[args.vararg.arg] = None
        self.defaults = {}
        pos = args.posonlyargs + args.args
        for a, d in zip(pos[len(pos) - len(args.defaults):], args.defaults):
            self.defaults[a.arg] = d
        self.time = None
        self.space = None
        self.lines = []
        self.why = []
        self.tags = []
        self.suggestions = []
        self.in_progress = False
        self.visit_once = False


class Analyzer:
    def __init__(self, tree):
        self.tree = tree
        self.module_scope = Scope(tree, {})
        self.funcs = []
        self.by_name = {}
        self._collect(tree.body, None)
        self.module_suggestions = []
        self.module_tags = []

    def _collect(self, body, cls):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                f = Func(node, cls)
                self.funcs.append(f)
                self.by_name.setdefault(f.name, f)
                self._collect_nested(node, cls)
            elif isinstance(node, ast.ClassDef):
                self._collect(node.body, node.name)
            elif isinstance(node, (ast.If, ast.Try, ast.With)):
                self._collect(getattr(node, "body", []) + getattr(node, "orelse", []), cls)

    def _collect_nested(self, fnode, cls):
        for n in walk_local(fnode):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                f = Func(n, None)
                self.funcs.append(f)
                self.by_name.setdefault(f.name, f)
                self._collect_nested(n, cls)

    # ------------------------------------------------------------ resolution
    def resolve(self, call):
        func = call.func
        if isinstance(func, ast.Name):
            return self.by_name.get(func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            return self.by_name.get(func.attr)
        return None

    def is_self_call(self, call, f):
        func = call.func
        if isinstance(func, ast.Name):
            return func.id == f.name
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            return func.attr == f.name
        return False

    # ------------------------------------------------------------ analysis of one function
    def analyze_func(self, f):
        if f.time is not None:
            return
        if f.in_progress:  # mutual recursion: assume linear for the inner reference
            return
        f.in_progress = True
        scope = Scope(f.node, f.params, self.module_scope)
        ctx = Ctx(self, scope, f)
        rec_calls = [c for c in walk_local(f.node) if isinstance(c, ast.Call) and self.is_self_call(c, f)]
        if not rec_calls:
            cost, space = ctx.block(f.node.body, ONE)
            f.time, f.lines, f.why = cost.c, cost.lines, cost.why
            f.space = space.c
        else:
            self.recursive(f, ctx, rec_calls)
        f.tags = ctx.tags + f.tags
        f.suggestions = ctx.suggestions + f.suggestions
        f.in_progress = False

    def recursive(self, f, ctx, rec_calls):
        scope = ctx.scope
        memo = self.memoised(f, scope)
        visit = self.visit_once(f, scope)
        f.visit_once = visit and not memo
        ctx.amortise_adjacency = memo or visit
        work, alloc = ctx.block(f.node.body, ONE)
        a = ctx.count_calls(f.node.body, f)
        kinds = [self.shrink(c, f, scope) for c in rec_calls]
        in_loop = ctx.calls_in_sized_loop
        call_lines = sorted({c.lineno for c in rec_calls})
        varying = self.varying_params(f, rec_calls, scope)
        dline = f.node.lineno
        depth = N
        if memo or visit:
            states = power(N, max(1, min(3, varying)))
            t = work.times(states, dline, "line %d: `%s` computes each of %s states once (%s)" % (
                dline, f.name, pretty(states), "memoised" if memo else "visited set"))
            t.lines = t.lines + call_lines
            f.tags.append("memo" if memo else "dfs")
            space = cmax(states if memo else N, alloc.c)
            if not memo and states > N:
                space = cmax(states, alloc.c)
        elif in_loop and ("struct" in kinds or "loopvar_struct" in kinds):
            t = work.times(N, dline, "line %d: `%s` visits every node of the structure once" % (dline, f.name))
            f.tags.append("tree")
            space = cmax(N, alloc.c)
        elif in_loop:
            if "loopvar" in kinds:
                growth, what = EXP, "subsets/combinations: each element is taken or skipped"
            else:
                growth, what = FACT, "each level tries every remaining choice (permutations)"
            t = Cost(mul(growth, ONE), [dline] + call_lines, ["line %d: `%s` recurses inside a loop over the input: %s" % (dline, f.name, what)])
            f.tags.append("backtracking")
            f.suggestions.append("`%s` explores every candidate; prune early or memoise repeated subproblems if they overlap." % f.name)
            space = mul(N, alloc.c) if alloc.c > ONE else N
        elif any(k in ("halve", "partition") for k in kinds):
            divisor = 2
            base = work.c
            k, p = (base[1], base[2]) if base[0] == 0 else (99, 0)
            aa = max(1, a)
            c_exp = math.log(aa, divisor)
            if base[0] != 0:
                res = base
            elif abs(k - c_exp) < 1e-9:
                res = (0, k, p + 1)
            elif k < c_exp:
                res = (0, c_exp, 0)
            else:
                res = base
            how = "%d recursive call%s on half the input" % (aa, "" if aa == 1 else "s")
            t = Cost(res, [dline] + call_lines + work.lines,
                     ["line %d: `%s` makes %s with %s work per call (master theorem)" % (dline, f.name, how, pretty(work.c))] + work.why)
            depth = LOG
            if "partition" in kinds and "halve" not in kinds:
                f.tags.append("quicksort")
                f.suggestions.append("`%s` is %s on average but O(n^2) when the pivot splits badly (e.g. sorted input); a random pivot avoids that." % (f.name, pretty(res)))
            elif aa >= 2 and work.c >= N:
                f.tags.append("mergesort")
            elif aa == 1:
                f.tags.append("binary")
            else:
                f.tags.append("divide")
            space = cmax(LOG, alloc.c)
        elif "struct" in kinds:
            attrs = {c for c in ast.walk(f.node) if isinstance(c, ast.Attribute) and c.attr in ("left", "right")}
            if a <= 1 and attrs:
                t = work.times(LOG, dline, "line %d: `%s` descends one branch of a (balanced) tree per call" % (dline, f.name))
                depth = LOG
                f.tags.append("bst")
            else:
                t = work.times(N, dline, "line %d: `%s` visits every node once" % (dline, f.name))
                f.tags.append("tree")
            t.lines += call_lines
            space = cmax(depth, alloc.c)
        else:
            if a >= 2:
                t = Cost(EXP, [dline] + call_lines, ["line %d: `%s` calls itself %d times on an input only slightly smaller: the call tree grows like %d^n" % (dline, f.name, a, a)])
                f.tags.append("exponential")
                f.suggestions.append("`%s` recomputes the same subproblems; memoise it with @functools.lru_cache or build the answers bottom-up." % f.name)
            else:
                t = work.times(N, dline, "line %d: `%s` recurses once per element (depth n)" % (dline, f.name))
                t.lines += call_lines
                f.tags.append("linear-rec")
            space = mul(N, alloc.c) if alloc.c > ONE else N
            if "slice" in ctx.flags:
                f.suggestions.append("Slicing in `%s` copies the list on every call; pass indices instead." % f.name)
        f.time, f.lines, f.why = t.c, t.lines, t.why
        f.space = cmax(space, depth)

    def memoised(self, f, scope):
        for d in f.node.decorator_list:
            target = d.func if isinstance(d, ast.Call) else d
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name in ("lru_cache", "cache", "memoize", "memoise", "cached"):
                return True
        stores, checks = set(), set()
        for n in walk_local(f.node):
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, (ast.Name, ast.Attribute)):
                        stores.add(src(t.value))
            if isinstance(n, ast.Compare) and any(isinstance(o, (ast.In, ast.NotIn)) for o in n.ops):
                for c in n.comparators:
                    checks.add(src(c))
            if isinstance(n, ast.Return) and isinstance(n.value, ast.Subscript):
                checks.add(src(n.value.value))
            if isinstance(n, ast.Call):
                name, recv = call_name(n)
                if name == "get" and recv is not None:
                    checks.add(src(recv))
        return bool(stores & checks) and any(
            isinstance(n, ast.Return) and isinstance(n.value, ast.Subscript) and src(n.value.value) in stores
            for n in walk_local(f.node))

    def visit_once(self, f, scope):
        added, checked = set(), set()
        for n in walk_local(f.node):
            if isinstance(n, ast.Call):
                name, recv = call_name(n)
                if name in ("add", "append", "update") and recv is not None:
                    added.add(src(recv))
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    if isinstance(t, ast.Subscript):
                        base = t.value
                        while isinstance(base, ast.Subscript):
                            base = base.value
                        added.add(src(base))
            if isinstance(n, ast.Compare):
                for o, c in zip(n.ops, n.comparators):
                    if isinstance(o, (ast.In, ast.NotIn)):
                        checked.add(src(c))
                for side in [n.left] + list(n.comparators):
                    base = side
                    while isinstance(base, ast.Subscript):
                        base = base.value
                    if base is not side:
                        checked.add(src(base))
        removed = set()
        for n in walk_local(f.node):
            if isinstance(n, ast.Call):
                name, recv = call_name(n)
                if name in ("remove", "discard", "pop") and recv is not None:
                    removed.add(src(recv))
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and n.value.value in (False, 0, None):
                for t in n.targets:
                    if isinstance(t, ast.Subscript):
                        removed.add(src(t.value))
        # Marks that are undone after the call are backtracking, not "visit once".
        return bool((added & checked) - removed)

    def varying_params(self, f, calls, scope):
        count = 0
        for i, p in enumerate(f.param_list):
            if scope.param_kind(p) == "dict" and p in f.defaults:
                continue  # memo={} passed along
            for c in calls:
                if i < len(c.args):
                    arg = c.args[i]
                    if not (isinstance(arg, ast.Name) and arg.id == p):
                        count += 1
                        break
        return count

    def shrink(self, call, f, scope):
        kinds = []
        loopvars = scope.loopvars
        for i, arg in enumerate(list(call.args) + [k.value for k in call.keywords]):
            param = f.param_list[i] if i < len(f.param_list) else None
            if isinstance(arg, ast.Name) and arg.id == param:
                continue
            if is_halving(arg, scope.halving):
                kinds.append("halve")
                continue
            if isinstance(arg, ast.Subscript) and isinstance(arg.slice, ast.Slice):
                bounds = [b for b in (arg.slice.lower, arg.slice.upper) if b is not None]
                if any(is_halving(b, scope.halving) for b in bounds):
                    kinds.append("halve")
                elif all(isinstance(b, (ast.Constant, ast.UnaryOp)) for b in bounds):
                    kinds.append("decrement")
                else:
                    kinds.append("partition")
                continue
            if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and (arg.value.id in f.param_list):
                kinds.append("struct")
                continue
            used = names_in(arg)
            if isinstance(arg, ast.Name) and arg.id in loopvars:
                it = loopvars[arg.id]
                if isinstance(it, (ast.Subscript, ast.Attribute)) or (isinstance(it, ast.Call) and call_name(it)[0] in ("get",)):
                    kinds.append("struct")
                    continue
            direct = {arg.id} if isinstance(arg, ast.Name) else {
                o.id for o in (getattr(arg, "left", None), getattr(arg, "right", None)) if isinstance(o, ast.Name)} if isinstance(arg, ast.BinOp) else set()
            if any(u in loopvars and u not in f.param_list and u not in scope.values for u in direct):
                kinds.append("loopvar")
                continue
            partition_names = set()
            for u in used:
                for v in scope.values.get(u, []):
                    if isinstance(v, (ast.ListComp, ast.GeneratorExp)) and any(g.ifs for g in v.generators):
                        partition_names.add(u)
                    elif isinstance(v, ast.Call) and self.resolve(v) is not None and u not in f.param_list:
                        partition_names.add(u)
            if partition_names:
                kinds.append("partition")
                continue
            if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add) and any(
                    isinstance(s, ast.Subscript) and isinstance(s.slice, ast.Slice) for s in (arg.left, arg.right)):
                kinds.append("remove")
                continue
            kinds.append("decrement")
        for k in ("halve", "partition", "struct", "loopvar", "decrement", "remove"):
            if k in kinds:
                return k
        return "decrement"


class Ctx:
    """Walks one function body: cost of statements and expressions, allocations, tags, suggestions."""

    def __init__(self, analyzer, scope, func):
        self.an = analyzer
        self.scope = scope
        self.func = func
        self.loops = []           # enclosing loop nodes
        self.loop_mults = []      # their iteration counts
        self.worklist = 0
        self.worklist_names = []
        self.amortise_adjacency = False
        self.calls_in_sized_loop = False
        self.tags = []
        self.suggestions = []
        self.flags = set()
        self._suggested = set()

    def suggest(self, key, text):
        if key not in self._suggested:
            self._suggested.add(key)
            self.suggestions.append(text)

    def in_loop(self):
        return bool(self.loops)

    def mult(self):
        m = ONE
        for c in self.loop_mults:
            m = mul(m, c)
        return m

    # ---------------------------------------------------------- recursive calls along one path
    def count_calls(self, stmts, f):
        """Recursive calls made on one execution path (if/else branches are exclusive; early returns too)."""
        total = 0
        for idx, st in enumerate(stmts):
            if isinstance(st, ast.If):
                test = self.count_expr(st.test, f)
                body = self.count_calls(st.body, f)
                if terminates(st.body):
                    rest = self.count_calls(st.orelse + stmts[idx + 1:], f)
                    return total + test + max(body, rest)
                total += test + max(body, self.count_calls(st.orelse, f))
            elif isinstance(st, (ast.For, ast.AsyncFor)):
                k = 1
                if self.scope.is_const(st.iter):
                    it = st.iter
                    if isinstance(it, (ast.List, ast.Tuple, ast.Set)):
                        k = max(1, len(it.elts))
                    elif isinstance(it, ast.Name):
                        vals = self.scope.values.get(it.id) or (self.scope.parent.values.get(it.id) if self.scope.parent else None) or []
                        if vals and isinstance(vals[0], (ast.List, ast.Tuple, ast.Set)):
                            k = max(1, len(vals[0].elts))
                    elif isinstance(it, ast.Call) and call_name(it)[0] == "range" and len(it.args) == 1 and isinstance(it.args[0], ast.Constant):
                        k = max(1, int(it.args[0].value))
                total += self.count_expr(st.iter, f) + k * self.count_calls(st.body, f)
            elif isinstance(st, (ast.While, ast.With, ast.AsyncWith)):
                total += self.count_calls(st.body, f)
            elif isinstance(st, ast.Try):
                total += self.count_calls(st.body, f) + self.count_calls(st.finalbody, f)
            elif isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            else:
                total += sum(self.count_expr(c, f) for c in ast.iter_child_nodes(st) if isinstance(c, ast.expr))
        return total

    def count_expr(self, e, f):
        if isinstance(e, ast.IfExp):
            return self.count_expr(e.test, f) + max(self.count_expr(e.body, f), self.count_expr(e.orelse, f))
        if isinstance(e, ast.Lambda):
            return 0
        n = 1 if isinstance(e, ast.Call) and self.an.is_self_call(e, f) else 0
        return n + sum(self.count_expr(c, f) for c in ast.iter_child_nodes(e) if isinstance(c, ast.expr))

    # ---------------------------------------------------------- statements: (time Cost, space Cost)
    def block(self, stmts, _m):
        t, s = Cost(), Cost()
        for st in stmts:
            ct, cs = self.stmt(st)
            t = best_all(t, ct)
            s = best(s, cs)
        return t, s

    def stmt(self, st):
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
            return Cost(), Cost()
        if isinstance(st, ast.For) or isinstance(st, ast.AsyncFor):
            return self.for_loop(st)
        if isinstance(st, ast.While):
            return self.while_loop(st)
        if isinstance(st, ast.If):
            t1, s1 = self.expr(st.test)
            t2, s2 = self.block(st.body, None)
            t3, s3 = self.block(st.orelse, None)
            return best_all(t1, t2, t3), best(s1, s2, s3)
        if isinstance(st, (ast.With, ast.AsyncWith)):
            return self.block(st.body, None)
        if isinstance(st, ast.Try):
            parts = [self.block(st.body, None), self.block(st.orelse, None), self.block(st.finalbody, None)]
            parts += [self.block(h.body, None) for h in st.handlers]
            return best(*[p[0] for p in parts]), best(*[p[1] for p in parts])
        if isinstance(st, ast.AugAssign):
            return self.aug_assign(st)
        if isinstance(st, (ast.Assign, ast.AnnAssign)):
            value = st.value
            if value is None:
                return Cost(), Cost()
            t, s = self.expr(value)
            targets = st.targets if isinstance(st, ast.Assign) else [st.target]
            for tg in targets:
                if isinstance(tg, ast.Subscript):
                    tt, _ = self.expr(tg)
                    t = best(t, tt)
                    base = tg.value
                    if self.in_loop() and self.scope.kind(base) in ("dict", None) and isinstance(base, ast.Name) and \
                            not isinstance(tg.slice, ast.Constant) and self.scope.kind(base) != "list":
                        grow = self.mult()
                        if grow > s.c and base.id not in self.scope.params:
                            s = Cost(grow, [st.lineno], ["line %d: `%s` gains an entry per iteration" % (st.lineno, src(base))])
            if self.is_input_read(value):
                s = Cost()
            return t, s
        if isinstance(st, ast.Expr):
            return self.expr(st.value)
        if isinstance(st, ast.Return) and st.value is not None:
            return self.expr(st.value)
        return Cost(), Cost()

    def is_input_read(self, value):
        return Scope._reads_input(value)

    def aug_assign(self, st):
        t, s = self.expr(st.value)
        tgt = st.target
        kind = self.scope.kind(tgt) if isinstance(tgt, ast.Name) else None
        if isinstance(st.op, ast.Add) and kind == "str" and self.in_loop():
            line = st.lineno
            t = best(t, Cost(N, [line], ["line %d: `%s += ...` copies the whole string each time" % (line, src(tgt))]))
            s = best(s, Cost(self.mult(), [line], ["line %d: the string `%s` grows every iteration" % (line, src(tgt))]))
            self.suggest("str+=", "Line %d builds a string with +=, copying it every time; collect the pieces in a list and ''.join() them once." % line)
            self.tags.append("string-building")
        elif isinstance(st.op, ast.Add) and kind == "list" and self.in_loop():
            s = best(s, Cost(self.mult(), [st.lineno], ["line %d: `%s` grows every iteration" % (st.lineno, src(tgt))]))
        return t, s

    def iterations(self, it):
        """Number of iterations of `for _ in it` (and a label)."""
        sc = self.scope
        if sc.is_const(it):
            return ONE
        if isinstance(it, ast.Call):
            name, recv = call_name(it)
            if name == "range":
                if all(sc.is_const(a) for a in it.args):
                    return ONE
                for a in it.args:
                    for n in ast.walk(a):
                        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) and isinstance(n.right, ast.Constant) and n.right.value == 0.5:
                            return SQRT
                        if isinstance(n, ast.Call) and call_name(n)[0] in ("isqrt", "sqrt"):
                            return SQRT
                for a in it.args:
                    for n in ast.walk(a):
                        if isinstance(n, ast.BinOp) and not sc.is_const(n) and (
                                (isinstance(n.op, ast.LShift) and isinstance(n.left, ast.Constant)) or
                                (isinstance(n.op, ast.Pow) and isinstance(n.left, ast.Constant) and n.left.value == 2)):
                            return EXP
                if len(it.args) == 3 and not sc.is_const(it.args[2]) and self.loops:
                    return LOG  # range(i, n, i) inside a loop over i: harmonic series, n log n in total
                return N
            if name in ("permutations",):
                if len(it.args) >= 2 and isinstance(it.args[1], ast.Constant):
                    return power(N, int(it.args[1].value))
                return FACT
            if name in ("combinations", "combinations_with_replacement"):
                r = it.args[1] if len(it.args) >= 2 else None
                if isinstance(r, ast.Constant) and isinstance(r.value, int):
                    return power(N, r.value)
                return EXP
            if name == "product":
                rep = [k.value for k in it.keywords if k.arg == "repeat"]
                if rep and isinstance(rep[0], ast.Constant):
                    return power(N, int(rep[0].value))
                sized = [a for a in it.args if not sc.is_const(a)]
                return power(N, max(1, len(sized)))
            if name in LAZY or name in ("sorted", "list", "set", "tuple", "items", "keys", "values", "split"):
                args = list(it.args) + ([recv] if recv is not None and name in ("items", "keys", "values", "split") else [])
                out = ONE
                for a in args:
                    out = cmax(out, self.iterations(a))
                return out
            if name in ("get",) and self.amortise():
                return ONE
            return N
        if isinstance(it, (ast.Subscript, ast.Attribute)) and self.amortise():
            return ONE
        if isinstance(it, ast.Subscript) and not isinstance(it.slice, ast.Slice):
            return N
        if isinstance(it, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            out = ONE
            for g in it.generators:
                out = mul(out, self.iterations(g.iter))
            return out
        return N

    def on_worklist(self, e):
        """Mentions a container an enclosing worklist loop drains (each item is pushed and popped once)."""
        if e is None or not self.worklist_names:
            return False
        mentioned = {src(n) for n in ast.walk(e) if isinstance(n, (ast.Name, ast.Attribute))}
        return any(mentioned & names for names in self.worklist_names)

    def amortise(self):
        return self.worklist > 0 or self.amortise_adjacency

    def for_loop(self, st):
        iters = ONE if self.on_worklist(st.iter) else self.iterations(st.iter)
        t0, s0 = self.expr(st.iter)
        if iters == ONE and isinstance(st.iter, (ast.Subscript, ast.Attribute, ast.Call)) and self.amortise() and not self.scope.is_const(st.iter):
            why_amort = True
        else:
            why_amort = False
        if iters > ONE and any(isinstance(c, ast.Call) and self.an.is_self_call(c, self.func) for b in st.body for c in walk_local(b)) if self.func else False:
            self.calls_in_sized_loop = True
        self.loops.append(st)
        self.loop_mults.append(iters)
        tb, sb = self.block(st.body + st.orelse, None)
        self.loops.pop()
        self.loop_mults.pop()
        line = st.lineno
        if iters == ONE:
            reason = "line %d: loop over `%s` %s" % (line, src(st.iter), "(amortised: each edge once over the whole traversal)" if why_amort else "runs a constant number of times")
            total = Cost(tb.c, [line] + tb.lines if tb.c > ONE else tb.lines, [reason] + tb.why if tb.c > ONE else tb.why)
        else:
            reason = "line %d: loop over `%s` (%s iterations)" % (line, src(st.iter), pretty(iters))
            total = tb.times(iters, line, reason)
        if len(self.loops) >= 1 and iters > ONE and tb.c >= N:
            self.tags.append("nested")
        elif iters > ONE:
            self.tags.append("loop")
        return best(t0, total), best(s0, sb)

    def while_loop(self, st):
        iters, kind, progress = self.while_iterations(st)
        line = st.lineno
        amortised = False
        if self.loops and kind in ("linear", "worklist", "pointers"):
            outer = self.loops[-1]
            resets = set()
            for n in walk_local(outer):
                if n is st:
                    continue
                if isinstance(n, (ast.Assign, ast.AnnAssign)) and not self._inside(n, st):
                    for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                        resets.update(assigned_names(t))
            if progress and not (progress & resets):
                amortised = True
        if kind == "worklist":
            self.worklist += 1
            self.worklist_names.append(set(progress))
        self.loops.append(st)
        self.loop_mults.append(ONE if amortised else iters)
        tb, sb = self.block(st.body + st.orelse, None)
        tt, st_s = self.expr(st.test)
        self.loop_mults.pop()
        self.loops.pop()
        if kind == "worklist":
            self.worklist -= 1
            self.worklist_names.pop()
        body = best(tb, tt)
        if amortised:
            reason = "line %d: the inner while loop only advances `%s`, never reset by the outer loop: amortised O(1) per outer iteration" % (
                line, ", ".join(sorted(progress)))
            self.tags.append("window" if kind != "worklist" else "monotonic")
            total = Cost(body.c, body.lines, [reason] + body.why)
        else:
            reason = {
                "halving": "line %d: `%s` halves or doubles each iteration (%s iterations)",
                "binary": "line %d: `%s` narrows the range by half each iteration (%s iterations)",
                "worklist": "line %d: `%s` processes each queued item once (%s iterations)",
                "pointers": "line %d: `%s` moves pointers towards each other (%s iterations)",
                "sqrt": "line %d: `%s` stops at the square root (%s iterations)",
            }.get(kind, "line %d: `%s` advances step by step (%s iterations)") % (line, src(st.test), pretty(iters))
            total = body.times(iters, line, reason)
            self.tags.append({"binary": "binary", "worklist": self._worklist_tag(st), "pointers": "pointers", "halving": "halving"}.get(kind, "loop"))
        return total, best(sb, st_s)

    def _worklist_tag(self, st):
        for n in walk_local(st):
            if isinstance(n, ast.Call):
                name, _ = call_name(n)
                if name == "popleft" or (name == "pop" and n.args and isinstance(n.args[0], ast.Constant) and n.args[0].value == 0):
                    return "bfs"
                if name == "heappop":
                    return "heap"
        return "stack"

    @staticmethod
    def _mutated(st):
        out = set()
        for n in ast.walk(st):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("remove", "pop", "discard", "popleft", "add", "append"):
                out.add(src(n.func.value))
        return out

    @staticmethod
    def _inside(node, container):
        return any(n is node for n in ast.walk(container))

    def while_iterations(self, st):
        """(iterations, kind, progress names) of a while loop."""
        test = st.test
        cond_names = names_in(test)
        body_nodes = [n for b in st.body for n in ast.walk(b)]
        halving = set(self.scope.halving)
        for n in body_nodes:
            if isinstance(n, ast.Assign) and is_halving(n.value, set()):
                for t in n.targets:
                    halving.update(assigned_names(t))
        geometric, linear, binary, popped = set(), set(), set(), set()
        for n in body_nodes:
            if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
                nm = n.target.id
                if isinstance(n.op, (ast.FloorDiv, ast.Div, ast.RShift, ast.Mult, ast.LShift)) and not (
                        isinstance(n.value, ast.Constant) and n.value.value in (0, 1)):
                    geometric.add(nm)
                elif isinstance(n.op, ast.Mod):
                    geometric.add(nm)
                else:
                    linear.add(nm)
            elif isinstance(n, ast.Assign):
                pairs = []
                for t in n.targets:
                    if isinstance(t, ast.Name):
                        pairs.append((t.id, n.value))
                    elif isinstance(t, ast.Tuple) and isinstance(n.value, ast.Tuple) and len(t.elts) == len(n.value.elts):
                        pairs += [(a.id, b) for a, b in zip(t.elts, n.value.elts) if isinstance(a, ast.Name)]
                    elif isinstance(t, ast.Tuple):
                        pairs += [(nm, n.value) for nm in assigned_names(t)]
                for nm, v in pairs:
                    if nm in halving and nm not in cond_names:
                        continue
                    if is_halving(v, halving - {nm}) and (names_in(v) & (halving | cond_names)):
                        (binary if names_in(v) & halving - {nm} else geometric).add(nm)
                    elif is_growing_geometrically(v, nm) or (isinstance(v, ast.BinOp) and isinstance(v.op, (ast.FloorDiv, ast.Div, ast.RShift)) and nm in names_in(v)):
                        geometric.add(nm)
                    else:
                        linear.add(nm)
            elif isinstance(n, ast.Call):
                name, recv = call_name(n)
                if name in WORKLIST_POPS and (recv is not None or name == "heappop"):
                    target = recv if recv is not None else (n.args[0] if n.args else None)
                    if target is not None:
                        popped.add(src(target))
        descents = {}
        for n in body_nodes:
            if isinstance(n, ast.Assign):
                vals = [n.value.body, n.value.orelse] if isinstance(n.value, ast.IfExp) else [n.value]
                for t in n.targets:
                    if isinstance(t, ast.Name):
                        for v in vals:
                            if isinstance(v, ast.Attribute) and v.attr in ("left", "right"):
                                descents.setdefault(t.id, set()).add(v.attr)
        for nm, sides in descents.items():
            if nm in cond_names and sides == {"left", "right"}:
                self.tags.append("bst")
                return LOG, "halving", {nm}
        if isinstance(test, ast.Constant) and test.value:
            cond_names = geometric | linear | binary
        pops_cond = {p for p in popped if p in cond_names or any(p == src(x) for x in ast.walk(test))}
        if cond_names & (binary | halving) and cond_names & (binary | geometric | linear) and (binary & cond_names or halving & (binary | geometric)):
            if binary & cond_names:
                return LOG, "binary", binary & cond_names
        if geometric & cond_names:
            return LOG, "halving", geometric & cond_names
        if binary & cond_names:
            return LOG, "binary", binary & cond_names
        for n in ast.walk(test):
            if isinstance(n, ast.BinOp) and ((isinstance(n.op, ast.Mult) and src(n.left) == src(n.right)) or (
                    isinstance(n.op, ast.Pow) and isinstance(n.right, ast.Constant) and n.right.value == 2)):
                if names_in(n) & linear:
                    return SQRT, "sqrt", names_in(n) & linear
        if pops_cond:
            return N, "worklist", pops_cond
        prog = (linear & cond_names) or set()
        inc = {n.target.id for n in body_nodes if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and isinstance(n.op, ast.Add)}
        dec = {n.target.id for n in body_nodes if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and isinstance(n.op, ast.Sub)}
        if isinstance(test, ast.Compare) and len(prog) >= 2 and inc & prog and dec & prog:
            return N, "pointers", prog
        if popped and not prog:
            return N, "worklist", popped
        return N, "linear", prog or (linear | geometric | popped | self._mutated(st))

    # ---------------------------------------------------------- expressions: (time Cost, space Cost)
    def expr(self, e):
        if e is None:
            return Cost(), Cost()
        if isinstance(e, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return self.comprehension(e)
        if isinstance(e, ast.Lambda):
            return Cost(), Cost()
        t, s = Cost(), Cost()
        for child in ast.iter_child_nodes(e):
            if isinstance(child, (ast.expr,)):
                ct, cs = self.expr(child)
                t, s = best(t, ct), best(s, cs)
            elif isinstance(child, ast.comprehension):
                pass
        line = getattr(e, "lineno", 0)
        if isinstance(e, ast.Call):
            ct, cs = self.call(e, line)
            t, s = best(t, ct), best(s, cs)
        elif isinstance(e, ast.Compare):
            for op, comp in zip(e.ops, e.comparators):
                if isinstance(op, (ast.In, ast.NotIn)) and self.linear_container(comp):
                    t = best(t, Cost(N, [line], ["line %d: `in %s` scans the list" % (line, src(comp))]))
                    if self.in_loop():
                        self.suggest("in-list", "Line %d tests membership in a list (`in %s`), O(n) each time; use a set for O(1) lookups." % (line, src(comp)))
                        self.tags.append("membership")
        elif isinstance(e, ast.BinOp):
            if isinstance(e.op, ast.Mult) and isinstance(e.left, (ast.List, ast.Constant)) and not self.scope.is_const(e.right):
                s = best(s, Cost(N, [line], ["line %d: `%s` allocates a list proportional to the input" % (line, src(e))]))
                t = best(t, Cost(N, [line], ["line %d: `%s` fills a list proportional to the input" % (line, src(e))]))
            elif isinstance(e.op, ast.Add) and (self.listish(e.left) or self.listish(e.right)) and not (
                    self.scope.is_const(e.left) and self.scope.is_const(e.right)):
                t = best(t, Cost(N, [line], ["line %d: `%s` copies both sequences" % (line, src(e))]))
                s = best(s, Cost(N, [line], ["line %d: `%s` builds a new sequence" % (line, src(e))]))
        elif isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Slice) and not self.scope.is_const(e.value):
            sl = e.slice
            if not self.const_width(sl):
                self.flags.add("slice")
                t = best(t, Cost(N, [line], ["line %d: slicing `%s` copies it" % (line, src(e))]))
                s = best(s, Cost(N, [line], ["line %d: slicing `%s` makes a copy" % (line, src(e))]))
        return t, s

    def const_width(self, sl):
        lo, hi = sl.lower, sl.upper
        if lo is None and hi is None:
            return False
        sc = self.scope
        if (lo is None or sc.is_const(lo)) and (hi is None or sc.is_const(hi)):
            return hi is not None or (lo is not None and isinstance(lo, ast.UnaryOp))
        if lo is not None and hi is not None:
            if isinstance(hi, ast.BinOp) and isinstance(hi.op, ast.Add) and src(hi.left) == src(lo) and sc.is_const(hi.right):
                return True
            if isinstance(lo, ast.BinOp) and isinstance(lo.op, ast.Sub) and src(lo.left) == src(hi) and sc.is_const(lo.right):
                return True
        return False

    def listish(self, e):
        """A list or string for sure: literal, comprehension, slice, a local bound to one, or an annotated parameter."""
        if isinstance(e, (ast.List, ast.ListComp, ast.JoinedStr)) or (isinstance(e, ast.Constant) and isinstance(e.value, str)):
            return True
        if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Slice):
            return True
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
            return self.listish(e.left) or self.listish(e.right)
        if isinstance(e, ast.Name):
            sc = self.scope
            if e.id in sc.kinds:
                return sc.kinds[e.id] in ("list", "str")
            if e.id in sc.params:
                return sc.params[e.id] is not None and sc.param_kind(e.id) in ("list", "str")
        if isinstance(e, ast.Call):
            name, _ = call_name(e)
            return name in ("list", "sorted", "str")
        return False

    def sized_seq(self, e):
        if isinstance(e, (ast.List, ast.Tuple)) and not e.elts:
            return False
        kind = self.scope.kind(e)
        if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Slice):
            return True
        # A list or string that is not a literal constant grows with the input.
        return isinstance(e, ast.Name) and kind in ("list", "str") and not self.scope.is_const(e)

    def linear_container(self, comp):
        sc = self.scope
        if sc.is_const(comp):
            return False
        if isinstance(comp, ast.Call):
            name, recv = call_name(comp)
            if name in ("list", "sorted", "tuple"):
                return True
            return False
        if isinstance(comp, (ast.List, ast.Tuple, ast.ListComp)):
            return True
        if isinstance(comp, ast.Subscript) and isinstance(comp.slice, ast.Slice):
            return True
        kind = sc.kind(comp)
        if isinstance(comp, ast.Name):
            return kind in ("list", "tuple", "str", "deque")
        return False

    def comprehension(self, e):
        iters = ONE
        t, s = Cost(), Cost()
        lines = []
        whys = []
        self.loops.append(e)
        pushed = 0
        for g in e.generators:
            it_t, _ = self.expr(g.iter)
            t = best(t, it_t.times(iters) if iters > ONE else it_t)
            n = self.iterations(g.iter)
            if n > ONE:
                lines.append(g.iter.lineno)
                whys.append("line %d: comprehension over `%s`" % (g.iter.lineno, src(g.iter)))
            iters = mul(iters, n)
            self.loop_mults.append(n)
            pushed += 1
        inner_t, inner_s = Cost(), Cost()
        for g in e.generators:
            for cond in g.ifs:
                ct, cs = self.expr(cond)
                inner_t, inner_s = best(inner_t, ct), best(inner_s, cs)
        elts = [e.key, e.value] if isinstance(e, ast.DictComp) else [e.elt]
        for el in elts:
            ct, cs = self.expr(el)
            inner_t, inner_s = best(inner_t, ct), best(inner_s, cs)
        for _ in range(pushed):
            self.loop_mults.pop()
        self.loops.pop()
        total = Cost(mul(iters, inner_t.c), lines + inner_t.lines, whys + inner_t.why)
        t = best(t, total)
        if not isinstance(e, ast.GeneratorExp):
            s = best(s, Cost(mul(iters, inner_s.c), lines + inner_s.lines, whys + inner_s.why))
        else:
            s = best(s, inner_s)
        if iters > N:
            self.tags.append("nested")
        return t, s

    def size_of(self, e):
        if e is None or self.scope.is_const(e):
            return ONE
        if isinstance(e, (ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)):
            return ONE  # counted by the comprehension itself
        return self.iterations(e) if not isinstance(e, ast.Name) or self.scope.kind(e) != "num" else N

    def call(self, e, line):
        name, recv = call_name(e)
        sc = self.scope
        t, s = Cost(), Cost()
        f = self.an.resolve(e)
        if f is not None and self.func is not None and f is self.func:
            return t, s  # recursion is solved separately
        if f is not None:
            self.an.analyze_func(f)
            if f.time is None:
                ft, fsp = N, N
            else:
                ft, fsp = f.time, f.space
            if f.visit_once and self.in_loop():
                ft = ONE
            if all(sc.is_const(a) for a in e.args) and e.args and False:
                ft = ONE
            t = Cost(ft, [line] + (f.lines if ft > ONE else []), ["line %d: calls `%s`, %s" % (line, f.name, pretty(ft))] + (f.why if ft > ONE else []))
            s = Cost(fsp or ONE, [line], ["line %d: `%s` uses %s space" % (line, f.name, pretty(fsp or ONE))])
            if self.in_loop() and ft > ONE:
                self.tags.append("calls")
            return t, s
        arg0 = e.args[0] if e.args else None
        if name == "sort" and recv is not None and not sc.is_const(recv):
            t = Cost(NLOGN, [line], ["line %d: sorting `%s` is O(n log n)" % (line, src(recv))])
            self.tags.append("sort")
            if self.in_loop():
                self.suggest("sort-loop", "Line %d sorts inside a loop; sort once before the loop if the data does not change." % line)
        elif name in SORTS and recv is None and arg0 is not None and not sc.is_const(arg0):
            sz = self.size_of(arg0)
            t = Cost(mul(sz, (0, 0.0, 1)) if sz > ONE else ONE, [line], ["line %d: sorted(...) is O(n log n)" % line])
            s = Cost(sz, [line], ["line %d: sorted(...) builds a new list" % line])
            if sz > ONE:
                self.tags.append("sort")
                if self.in_loop():
                    self.suggest("sort-loop", "Line %d sorts inside a loop; sort once before the loop if the data does not change." % line)
        elif name in ("heappush", "heappop", "heapreplace", "heappushpop"):
            t = Cost(LOG, [line], ["line %d: %s is O(log n)" % (line, name)])
            if name == "heappush" and self.in_loop():
                s = Cost(self.mult(), [line], ["line %d: the heap grows" % line])
        elif name in ("bisect", "bisect_left", "bisect_right"):
            t = Cost(LOG, [line], ["line %d: %s is a binary search" % (line, name)])
            self.tags.append("binary")
        elif name in ("insort", "insort_left", "insort_right"):
            t = Cost(N, [line], ["line %d: %s shifts elements" % (line, name)])
        elif name in ("nlargest", "nsmallest", "heapify"):
            t = Cost(N if name == "heapify" else NLOGN, [line], ["line %d: %s" % (line, name)])
        elif recv is not None and name in ("insert",) and not sc.kind(recv) == "deque":
            t = Cost(N, [line], ["line %d: `%s.insert(...)` shifts every element" % (line, src(recv))])
            if self.in_loop():
                self.suggest("insert", "Line %d inserts at the front of a list (O(n)); use collections.deque.appendleft or append and reverse once." % line)
                self.tags.append("container-op")
            s = Cost(self.mult(), [line], []) if self.in_loop() else s
        elif recv is not None and name == "pop" and e.args and sc.kind(recv) not in ("dict", "set", "deque") and not (
                isinstance(arg0, ast.UnaryOp) and isinstance(arg0.op, ast.USub)):
            t = Cost(N, [line], ["line %d: `%s.pop(%s)` shifts every element" % (line, src(recv), src(arg0))])
            if self.in_loop():
                self.suggest("pop0", "Line %d pops from the front of a list (O(n)); use collections.deque.popleft() (O(1))." % line)
                self.tags.append("container-op")
        elif recv is not None and name in ("remove", "index", "count") and sc.kind(recv) not in ("dict", "set") and not sc.is_const(recv):
            if not (name == "count" and sc.kind(recv) == "str" and False):
                t = Cost(N, [line], ["line %d: `%s.%s(...)` scans the list" % (line, src(recv), name)])
                if self.in_loop():
                    self.suggest(name, "Line %d calls `.%s()` inside a loop, a linear scan each time; keep a dict or set instead." % (line, name))
                    self.tags.append("container-op")
        elif recv is not None and name in ("copy", "split", "replace", "lower", "upper", "strip", "reverse", "join", "extend", "values", "find", "startswith", "endswith", "splitlines") and not sc.is_const(recv):
            target = arg0 if name in ("join", "extend") and arg0 is not None else recv
            if name == "extend" and self.on_worklist(recv):
                return t, s  # items pushed on the worklist are paid for by the loop that pops them
            element = isinstance(target, ast.Name) and target.id in sc.loopvars and name not in ("join", "extend", "copy")
            if not sc.is_const(target) and not element:
                sz = N
                if name not in ("find", "reverse", "startswith", "endswith", "values"):
                    s = Cost(sz, [line], ["line %d: `.%s()` builds a new object" % (line, name)])
                if name not in ("values", "startswith", "endswith"):
                    t = Cost(sz, [line], ["line %d: `.%s()` is linear" % (line, name)])
                if name == "extend" and self.in_loop():
                    s = Cost(mul(self.mult(), N), [line], [])
        elif recv is not None and name in ("append", "add", "appendleft", "put", "push", "setdefault"):
            if self.in_loop():
                grow = self.mult()
                s = Cost(grow, [line], ["line %d: `%s` grows by one per iteration (%s)" % (line, src(recv), pretty(grow))])
        elif name in CONSUMERS and recv is None and arg0 is not None and (len(e.args) == 1 or name not in ("min", "max")):
            sz = self.size_of(arg0)
            if sz > ONE and name not in ("str",):
                t = Cost(sz, [line], ["line %d: %s(...) walks the whole input" % (line, name)])
                if name in ("list", "tuple", "set", "frozenset", "dict", "Counter", "deque", "OrderedDict", "bytes", "bytearray", "defaultdict"):
                    s = Cost(sz, [line], ["line %d: %s(...) copies the input" % (line, name)])
        elif name in ("deepcopy",):
            t = s = Cost(N, [line], ["line %d: deepcopy copies everything" % line])
        return t, s


# ---------------------------------------------------------------- the program
TAG_NAMES = [
    ("backtracking", "Backtracking (exhaustive search)"),
    ("exponential", "Naive recursion (exponential branching)"),
    ("memo", "Memoised recursion (top-down dynamic programming)"),
    ("mergesort", "Divide and conquer (merge-sort style)"),
    ("quicksort", "Divide and conquer (quicksort-style partitioning)"),
    ("heap", "Priority-queue search (heap)"),
    ("bfs", "Breadth-first search"),
    ("dfs", "Depth-first search"),
    ("stack", "Iterative search with a stack"),
    ("tree", "Tree traversal (recursion)"),
    ("bst", "Binary search tree descent"),
    ("binary", "Binary search"),
    ("divide", "Divide and conquer"),
    ("window", "Sliding window / amortised two pointers"),
    ("monotonic", "Monotonic stack"),
    ("pointers", "Two pointers"),
    ("string-building", "String building in a loop"),
    ("membership", "Linear search inside a loop"),
    ("container-op", "List operations inside a loop"),
    ("nested", "Nested loops"),
    ("sort", "Sorting"),
    ("halving", "Repeated halving/doubling"),
    ("linear-rec", "Linear recursion"),
    ("calls", "Loop calling a helper"),
    ("loop", "Linear scan"),
]


def algorithm_name(tags, time):
    tagset = set(tags)
    if "sort" in tagset and time == NLOGN and ("loop" in tagset or "pointers" in tagset) and not (tagset & {"mergesort", "quicksort", "heap"}):
        return "Sorting, then a linear scan" + (" with two pointers" if "pointers" in tagset else "")
    for tag, text in TAG_NAMES:
        if tag in tagset:
            if tag == "nested" and "dp" in tagset:
                return "Dynamic programming (table)"
            return text
    return "Straight-line code (no loops over the input)" if time == ONE else "Loops over the input"


def analyze_source(code):
    try:
        tree = ast.parse(code)
    except SyntaxError as err:
        return {
            "time": "other", "space": "other",
            "explanation": "The code does not parse (SyntaxError at line %s: %s), so its complexity cannot be estimated." % (err.lineno, err.msg),
            "algorithm": "unknown", "suggestions": ["Fix the syntax error first."],
            "lines": [err.lineno] if err.lineno else [], "functions": [], "source": "static",
        }
    an = Analyzer(tree)
    for f in an.funcs:
        an.analyze_func(f)
    mod_ctx = Ctx(an, an.module_scope, None)
    mod_t, mod_s = mod_ctx.block(tree.body, ONE)
    dp = any(isinstance(n, ast.Name) and n.id.lower() in ("dp", "table", "memo") for n in ast.walk(tree))

    candidates = [("the program's top level", mod_t.c, mod_s.c, mod_t.lines, mod_t.why, mod_ctx.tags, mod_ctx.suggestions, None)]
    for f in an.funcs:
        candidates.append(("`%s`" % f.name, f.time or ONE, f.space or ONE, f.lines, f.why, f.tags, f.suggestions, f))
    def rank(c):
        via_call = bool(c[4]) and " calls `" in c[4][0]
        return (c[1], 0 if c[7] is None else (1 if via_call else 2))
    top = max(candidates, key=rank)
    # Prefer the function that causes the top-level cost when the top level just calls it.
    time = top[1]
    space = ONE
    for c in candidates:
        space = cmax(space, c[2])
    tags = list(top[5]) + (["dp"] if dp else [])
    suggestions = []
    for c in candidates:
        for s in c[6]:
            if s not in suggestions:
                suggestions.append(s)
    lines = sorted({l for l in top[3] if l})[:30]
    why = []
    for w in top[4]:
        if w not in why:
            why.append(w)
    if time == ONE:
        explanation = "No loop, comprehension, recursion or library call in the code grows with the input, so the running time is constant."
    else:
        explanation = "The running time is dominated by %s: %s. Overall %s time." % (top[0], "; ".join(why[:6]) if why else "its loops", pretty(time))
    explanation += " Extra space is %s%s." % (pretty(space), " (allocations proportional to the input or recursion depth)" if space > ONE else "")
    if label(time) == "other":
        explanation += " %s is not one of the standard classes, so it is reported as 'other'." % pretty(time)
    functions = []
    if len(an.funcs) > 1 or (an.funcs and mod_t.c > ONE and an.funcs[0].time != mod_t.c):
        for f in an.funcs:
            functions.append({"name": f.name, "line": f.node.lineno, "time": label(f.time or ONE), "space": label(f.space or ONE),
                              "lines": sorted({l for l in f.lines if l})[:30]})
    if not suggestions and time >= N2 and time[0] == 0:
        suggestions.append("The nested loops compare every pair; a hash map, sorting or two pointers often removes a level of nesting.")
    return {
        "time": label(time),
        "space": label(space),
        "explanation": explanation[:7900],
        "algorithm": algorithm_name(tags, time),
        "suggestions": suggestions[:8],
        "lines": lines,
        "functions": functions[:50],
        "source": "static",
    }


def main():
    code = sys.stdin.read()
    sys.setrecursionlimit(10000)
    try:
        result = analyze_source(code)
    except RecursionError:
        result = None
    except Exception as err:  # the analyzer must always answer
        result = {"time": "other", "space": "other", "explanation": "The static analyzer could not follow this code (%s)." % type(err).__name__,
                  "algorithm": "unknown", "suggestions": [], "lines": [], "functions": [], "source": "static"}
    if result is None:
        result = {"time": "other", "space": "other", "explanation": "The code is nested too deeply for the static analyzer.",
                  "algorithm": "unknown", "suggestions": [], "lines": [], "functions": [], "source": "static"}
    sys.stdout.write(json.dumps(result))


main()
