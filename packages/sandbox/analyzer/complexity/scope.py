"""Per-scope facts: what a function (or the module) binds, which names are constants, container kinds."""

import ast

from .syntax import HASHY_NAMES, assigned_names, call_name, is_halving, src, walk_local


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
        # Names stepped inside a loop (`p += 1`): never constant, whatever their first value.
        self.counters = set()
        # Tallies: tables of counts (`count[x] += 1`, `c[k] = c.get(k, 0) + 1`, `Counter(...)`). Their
        # counts add up to the number of things counted, so work done "count times" per entry is n in all.
        self.tallies = set()
        body = node.body if hasattr(node, "body") else []
        for n in walk_local(node):
            if isinstance(n, (ast.For, ast.While)):
                self.counters.update(a.target.id for a in walk_local(n)
                                     if isinstance(a, ast.AugAssign) and isinstance(a.target, ast.Name))
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    self._bind(t, n.value)
            elif isinstance(n, (ast.AnnAssign,)) and n.value is not None:
                self._bind(n.target, n.value)
            elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
                self.values.setdefault(n.target.id, []).append(n.value)
            tally = _tallies_into(n)
            if tally is not None:
                self.tallies.add(tally)
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
        if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult) and (isinstance(v.left, ast.List) or isinstance(v.right, ast.List)):
            return "list"
        if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Add):
            sides = {self._kind_of_value(v.left), self._kind_of_value(v.right)}
            if sides & {"list", "str", "tuple"} and len(sides - {None}) == 1:
                return (sides - {None}).pop()  # `[i] + [0] * n`, `"a" + s`: the same kind as its known side
        if isinstance(v, ast.Call):
            name, recv = call_name(v)
            if name in ("list", "sorted", "split", "readlines", "copy") or (name == "keys" and False):
                return "list"
            if name == "tuple":
                return "tuple"
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
            if e.id in self.params or e.id in seen or e.id in self.mutated or e.id in self.counters:
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


def _tallies_into(n):
    """The table a statement counts into (`t[x] += 1`, `t[x] = t.get(x, 0) + 1`, `t = Counter(...)`), or None."""
    one = lambda e: isinstance(e, ast.Constant) and e.value == 1  # noqa: E731
    if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and one(n.value) and \
            isinstance(n.target, ast.Subscript) and isinstance(n.target.value, ast.Name):
        return n.target.value.id
    if not isinstance(n, ast.Assign) or len(n.targets) != 1:
        return None
    t, v = n.targets[0], n.value
    if isinstance(t, ast.Name) and isinstance(v, ast.Call) and call_name(v)[0] == "Counter" and v.args:
        return t.id
    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and isinstance(v, ast.BinOp) and \
            isinstance(v.op, ast.Add) and one(v.right) and isinstance(v.left, ast.Call):
        name, recv = call_name(v.left)
        if name == "get" and recv is not None and src(recv) == t.value.id:
            return t.value.id
    return None
