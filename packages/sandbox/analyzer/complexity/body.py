"""Cost of one body: statements, loops, comprehensions and calls, with the lines and reasons."""

import ast

from .algebra import Cost, EXP, FACT, LOG, N, NLOGN, ONE, SQRT, best, best_all, cmax, mul, power, pretty
from .scope import Scope
from .syntax import CONSUMERS, COPIES, LAZY, SORTS, WORKLIST_POPS, assigned_names, call_name, is_growing_geometrically, is_halving, names_in, src, terminates, walk_local


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
        self.tally_counts = {}    # loop variable -> the tally whose counts it takes, while that loop runs
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
                            not isinstance(tg.slice, ast.Constant) and self.scope.kind(base) != "list" and \
                            not self.overwrites(tg):
                        grow = self.mult()
                        if grow > s.c and base.id not in self.scope.params:
                            s = Cost(grow, [st.lineno], ["line %d: `%s` gains an entry per iteration" % (st.lineno, src(base))])
            if self.is_input_read(value) and not self.copies_input(value):
                s = Cost()  # the input itself is not extra space; a sorted or counted copy of it is
            return t, s
        if isinstance(st, ast.Expr):
            return self.expr(st.value)
        if isinstance(st, ast.Return) and st.value is not None:
            return self.expr(st.value)
        return Cost(), Cost()

    def overwrites(self, target):
        """`t[x] = ...` where the loop also reads `t[x]` (`while parent[x] != root: parent[x] = root`): the
        entry exists already, so the table does not grow."""
        key = src(target)
        return any(isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load) and src(n) == key
                   for n in walk_local(self.loops[-1]))

    def is_input_read(self, value):
        return Scope._reads_input(value)

    @staticmethod
    def copies_input(value):
        return isinstance(value, ast.Call) and call_name(value)[0] in COPIES


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
                if self.is_harmonic(it):
                    return self.harmonic_share()
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

    def is_harmonic(self, it):
        """`range(i, n, i)` inside a loop over i (or a while loop stepping i): n/i iterations for each i."""
        if not (isinstance(it, ast.Call) and call_name(it)[0] == "range" and len(it.args) == 3 and self.loops):
            return False
        step = it.args[2]
        if self.scope.is_const(step):
            return False
        stepped = set()
        for loop in self.loops:
            if isinstance(loop, ast.For):
                stepped.update(assigned_names(loop.target))
            elif isinstance(loop, ast.While):
                stepped.update(names_in(loop.test) & self.scope.counters)
        return bool(names_in(step) & stepped)

    def harmonic_share(self):
        """n/1 + n/2 + ... + n/k is n log k, n log n in total whether the outer loop runs n times or √n (a
        sieve stopping at the square root): each of its iterations gets an equal share of that total."""
        outer = self.loop_mults[-1] if self.loop_mults else N
        if outer[0] != 0 or not ONE < outer <= N:
            return LOG
        return (0, 1.0 - outer[1], 1 - outer[2])

    def on_worklist(self, e):
        """Mentions a container an enclosing worklist loop drains (each item is pushed and popped once)."""
        if e is None or not self.worklist_names:
            return False
        mentioned = {src(n) for n in ast.walk(e) if isinstance(n, (ast.Name, ast.Attribute))}
        return any(mentioned & names for names in self.worklist_names)

    def amortise(self):
        return self.worklist > 0 or self.amortise_adjacency

    def counts_of(self, st):
        """The loop variable that takes a tally's counts (`for v, c in enumerate(count)`, `for k, c in
        t.items()`, `for c in t.values()`, `for c in count` over a list), with the tally's name."""
        it, target = st.iter, st.target
        while isinstance(it, ast.Call) and call_name(it)[0] in ("sorted", "list", "reversed") and len(it.args) == 1:
            it = it.args[0]  # the same pairs, in another order
        if not isinstance(it, ast.Call):
            table, var = it, target
        else:
            name, recv = call_name(it)
            pair = isinstance(target, ast.Tuple) and len(target.elts) == 2
            if name == "enumerate" and pair and it.args:
                table, var = it.args[0], target.elts[1]
            elif name in ("items", "most_common") and pair and recv is not None:
                table, var = recv, target.elts[1]
            elif name == "values" and recv is not None:
                table, var = recv, target
            else:
                return None
            if name == "enumerate" and self.scope.kind(table) != "list":
                return None
        if not (isinstance(table, ast.Name) and table.id in self.scope.tallies and isinstance(var, ast.Name)):
            return None
        if not isinstance(it, ast.Call) and self.scope.kind(table) != "list":
            return None  # iterating a dict gives its keys, not its counts
        return var.id, table.id

    def tally_of(self, e):
        """The tally `e` counts from, when it is a count a loop over that tally is taking now."""
        return self.tally_counts.get(e.id) if isinstance(e, ast.Name) else None

    def counted_repeat(self, e):
        """`[v] * c` (or `c * [v]`, `"x" * c`) where c is a count a loop over its tally is taking."""
        if not (isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult)):
            return False
        return any(is_sequence_literal(seq) and self.tally_of(k) for seq, k in ((e.left, e.right), (e.right, e.left)))

    def for_loop(self, st):
        counts = self.counts_of(st)
        if counts:
            self.tally_counts[counts[0]] = counts[1]
        try:
            return self._for_loop(st)
        finally:
            if counts:
                self.tally_counts.pop(counts[0], None)

    def _for_loop(self, st):
        counted = self.tally_of(st.iter.args[-1]) if (
            isinstance(st.iter, ast.Call) and call_name(st.iter)[0] == "range" and st.iter.args and len(st.iter.args) <= 2) else None
        iters = ONE if self.on_worklist(st.iter) or counted else self.iterations(st.iter)
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
        harmonic = iters > ONE and self.is_harmonic(st.iter)
        if counted:
            reason = "line %d: loop over `%s` (amortised: the counts in `%s` add up to n over the enclosing loop)" % (line, src(st.iter), counted)
            total = Cost(tb.c, [line] + tb.lines if tb.c > ONE else tb.lines, [reason] + tb.why if tb.c > ONE else tb.why)
        elif iters == ONE:
            reason = "line %d: loop over `%s` %s" % (line, src(st.iter), "(amortised: each edge once over the whole traversal)" if why_amort else "runs a constant number of times")
            total = Cost(tb.c, [line] + tb.lines if tb.c > ONE else tb.lines, [reason] + tb.why if tb.c > ONE else tb.why)
        elif harmonic:
            reason = "line %d: loop over `%s` (n/%s iterations for each %s: a harmonic series, O(n log n) over the enclosing loop)" % (
                line, src(st.iter), src(st.iter.args[2]), src(st.iter.args[2]))
            total = tb.times(iters, line, reason)
        else:
            reason = "line %d: loop over `%s` (%s iterations)" % (line, src(st.iter), pretty(iters))
            total = tb.times(iters, line, reason)
        if harmonic:
            self.tags.append("harmonic")
        elif len(self.loops) >= 1 and iters > ONE and tb.c >= N:
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
                        resets.update(nm for nm in assigned_names(t) if not self._falls_back(nm, n.value, outer))
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
            links = any(self._falls_back(nm, n.value, st)
                        for n in walk_local(st) if isinstance(n, ast.Assign)
                        for t in n.targets for nm in assigned_names(t) if nm in progress)
            self.tags.append("monotonic" if kind == "worklist" else "links" if links else "window")
            total = Cost(body.c, body.lines, [reason] + body.why)
        else:
            reason = {
                "halving": "line %d: `%s` halves or doubles each iteration (%s iterations)",
                "binary": "line %d: `%s` narrows the range by half each iteration (%s iterations)",
                "worklist": "line %d: `%s` processes each queued item once (%s iterations)",
                "pointers": "line %d: `%s` moves pointers towards each other (%s iterations)",
                "sqrt": "line %d: `%s` stops at the square root (%s iterations)",
            }.get(kind, "line %d: `%s` advances step by step (%s iterations)") % (
                line, ", ".join(sorted(progress)) if isinstance(st.test, ast.Constant) and progress else src(st.test), pretty(iters))
            total = body.times(iters, line, reason)
            self.tags.append({"binary": "binary", "worklist": self._worklist_tag(st), "pointers": "pointers", "halving": "halving"}.get(kind, "loop"))
        return total, best(sb, st_s)

    @classmethod
    def _doubles_through(cls, name, value, body_nodes, depth=3):
        """`i = big` where the loop sets big to `2 * i + 1`, `l + 1` with `l = 2 * i + 1`, or i itself (a
        sift-down in a heap: the index at least doubles each step, or the loop ends)."""
        if depth == 0:
            return False
        if _scaled(value, name):
            return True
        if not isinstance(value, ast.Name) or value.id == name:
            return False
        steps = [n.value for n in body_nodes if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name) and t.id == value.id]
        steps = [v for v in steps if not (isinstance(v, ast.Name) and v.id == name)]
        return bool(steps) and all(cls._doubles_through(name, v, body_nodes, depth - 1) or
                                   (isinstance(v, ast.BinOp) and isinstance(v.op, ast.Add) and isinstance(v.right, ast.Constant)
                                    and cls._doubles_through(name, v.left, body_nodes, depth - 1))
                                   for v in steps)

    @staticmethod
    def _falls_back(name, value, outer):
        """`j = pi[j - 1]` (a failure link from j) or `j = pi[i - 1]` where the loop stores `pi[i] = j`
        (the previous iteration's j, carried over): moves back along the table the loop builds, never
        to a fresh start, so the inner loop's total work stays bounded by how far j ever advanced
        (KMP's prefix function and search, Aho-Corasick's failure links)."""
        if not isinstance(value, ast.Subscript) or not isinstance(value.value, ast.Name):
            return False
        if name in names_in(value.slice):
            return True
        table = value.value.id
        return any(isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id == name
                   and any(isinstance(t, ast.Subscript) and src(t.value) == table for t in n.targets)
                   for n in walk_local(outer))

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
                # `x //= 1` and `x *= 1` change nothing, nor does a shift by 0; `x >>= 1` halves.
                no_op = (0,) if isinstance(n.op, (ast.RShift, ast.LShift)) else (0, 1)
                if isinstance(n.op, (ast.FloorDiv, ast.Div, ast.RShift, ast.Mult, ast.LShift)) and not (
                        isinstance(n.value, ast.Constant) and n.value.value in no_op):
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
                    elif is_growing_geometrically(v, nm) or (isinstance(v, ast.BinOp) and isinstance(v.op, (ast.FloorDiv, ast.Div, ast.RShift)) and nm in names_in(v)) \
                            or self._doubles_through(nm, v, body_nodes):
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
            if self.counted_repeat(e):
                pass  # `[v] * c` for each count c of a tally: n elements over the whole loop, O(1) amortised
            elif isinstance(e.op, ast.Mult) and is_sequence_literal(e.left) and not self.scope.is_const(e.right):
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
            return self.iterations(e)  # its time is counted by the comprehension itself; this is how many items it yields
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
            compressed = f.compresses_path and self.in_loop() and ft > LOG
            if compressed:
                ft = LOG
                self.tags.append("union-find")
            if all(sc.is_const(a) for a in e.args) and e.args and False:
                ft = ONE
            if compressed:
                t = Cost(ft, [line], ["line %d: calls `%s`, O(log n) amortised: it flattens the path it follows (nearly O(1) with union by rank)" % (line, f.name)])
            else:
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
                self.tags.append("sort-in-loop")
                self.suggest("sort-loop", "Line %d sorts inside a loop; sort once before the loop if the data does not change." % line)
        elif name in SORTS and recv is None and arg0 is not None and not sc.is_const(arg0):
            sz = self.size_of(arg0)
            t = Cost(mul(sz, LOG) if sz > ONE else ONE, [line], ["line %d: %s sorts %s items, %s" % (
                line, src(e), pretty(sz)[2:-1], pretty(mul(sz, LOG)))])
            s = Cost(sz, [line], ["line %d: %s builds a new list of %s items" % (line, src(e), pretty(sz)[2:-1])])
            if sz > ONE:
                self.tags.append("sort")
                if self.in_loop():
                    self.tags.append("sort-in-loop")
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
        elif recv is not None and name in ("copy", "split", "replace", "lower", "upper", "strip", "reverse", "join", "extend", "values", "find", "startswith", "endswith", "splitlines") and not sc.is_const(
                arg0 if name == "join" and arg0 is not None else recv):
            target = arg0 if name in ("join", "extend") and arg0 is not None else recv
            if name == "extend" and self.on_worklist(recv):
                return t, s  # items pushed on the worklist are paid for by the loop that pops them
            if name == "extend" and self.counted_repeat(arg0):
                # n items in all over the loop through the tally: the list ends O(n), each call O(1) amortised
                return t, Cost(N, [line], ["line %d: `%s` ends with as many items as were counted" % (line, src(recv))])
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


def is_sequence_literal(e):
    """`[x]` or `"ab"`: repeated by a number it makes a sequence that long (`2 * i` is arithmetic)."""
    return isinstance(e, ast.List) or (isinstance(e, ast.Constant) and isinstance(e.value, (str, bytes)))


def _scaled(e, name):
    """`2 * i`, `i * 2`, `i << 1`, with a constant added or subtracted (`2 * i + 1`): a multiple of i."""
    while isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Sub)) and isinstance(e.right, ast.Constant):
        e = e.left
    if not isinstance(e, ast.BinOp):
        return False
    if isinstance(e.op, ast.LShift):
        return isinstance(e.left, ast.Name) and e.left.id == name and isinstance(e.right, ast.Constant) and e.right.value > 0
    if isinstance(e.op, ast.Mult):
        for k, x in ((e.left, e.right), (e.right, e.left)):
            if isinstance(k, ast.Constant) and isinstance(k.value, (int, float)) and k.value >= 2 and isinstance(x, ast.Name) and x.id == name:
                return True
    return False
