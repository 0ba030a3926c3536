"""Function model and the recursion solver: branching factor, how arguments shrink, memoisation."""

import ast
import math

from .algebra import Cost, EXP, FACT, LOG, N, ONE, cmax, mul, power, pretty
from .body import Ctx
from .scope import Scope
from .syntax import call_name, is_halving, names_in, src, walk_local


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
        self.space_why = []
        self.lines = []
        self.why = []
        self.tags = []
        self.suggestions = []
        self.in_progress = False
        self.visit_once = False
        self.compresses_path = False


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
            f.space, f.space_why = space.c, space.why
        else:
            self.recursive(f, ctx, rec_calls)
        f.tags = ctx.tags + f.tags
        f.suggestions = ctx.suggestions + f.suggestions
        f.compresses_path = self.compresses_path(f)
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
                f.suggestions.append("`%s` is %s on average but O(n²) when the pivot splits badly (e.g. sorted input); a random pivot avoids that." % (f.name, pretty(res)))
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
                t = Cost(EXP, [dline] + call_lines, ["line %d: `%s` calls itself %d times on an input only slightly smaller: the call tree grows like %sⁿ" % (dline, f.name, a, a)])
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
        f.space_why = alloc.why if alloc.c >= f.space else [
            "line %d: '%s' recurses %s deep, each call keeping its frame" % (dline, f.name, pretty(depth).replace("O(", "").rstrip(")"))]

    def compresses_path(self, f):
        """A union-find `find`: it follows links through a table (`x = parent[x]`, or calls itself on
        `parent[x]`) and writes that table as it goes (`parent[x] = parent[parent[x]]`, `= find(...)`,
        `= root`). One call may walk n links, but the walk flattens the path: over many calls each costs
        O(log n) amortised (nearly O(1) with union by rank or size)."""
        followed, written = set(), set()
        for n in walk_local(f.node):
            if isinstance(n, ast.Assign) and len(n.targets) == 1:
                t, v = n.targets[0], n.value
                if isinstance(t, ast.Name) and isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) \
                        and t.id in names_in(v.slice):
                    followed.add(v.value.id)
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                    written.add(t.value.id)
            if isinstance(n, ast.Call) and self.is_self_call(n, f):
                followed.update(a.value.id for a in n.args if isinstance(a, ast.Subscript) and isinstance(a.value, ast.Name))
        return bool(followed & written)

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
