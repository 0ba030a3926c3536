"""The whole program's answer: the dominant function, its title, explanation and suggestions."""

import ast
import re

from .algebra import EXP, FACT, LOG, N, N2, N3, NLOGN, ONE, SQRT, label, mul, pretty
from .body import Ctx
from .functions import Analyzer


# Titles by tag, most specific first; each applies only when the overall class fits it (a title never
# contradicts the class: "Linear scan" is never the title of an O(n²) answer).
def _any(c):
    return True


def _logs(c):
    return c[0] == 0 and c[2] >= 1


def _exactly(*classes):
    return lambda c: c in classes


def _at_least(low):
    return lambda c: c >= low


TAG_NAMES = [
    ("backtracking", "Backtracking (exhaustive search)", _at_least(N2)),
    ("exponential", "Naive recursion (exponential branching)", lambda c: c[0] == 1),
    ("memo", "Memoised recursion (top-down dynamic programming)", _any),
    ("mergesort", "Divide and conquer (merge-sort style)", _logs),
    ("quicksort", "Divide and conquer (quicksort-style partitioning)", _logs),
    ("sort-in-loop", "Sorting inside a loop", _at_least(mul(N, NLOGN))),
    ("union-find", "Union-find (disjoint sets with path compression)", _at_least(N)),
    ("heap", "Priority-queue search (heap)", _logs),
    ("heap-ops", "Heap operations inside a loop", _logs),
    ("bfs", "Breadth-first search", _at_least(N)),
    ("dfs", "Depth-first search", _at_least(N)),
    ("stack", "Iterative search with a stack", _at_least(N)),
    ("tree", "Tree traversal (recursion)", _at_least(N)),
    ("bst", "Binary search tree descent", _exactly(LOG)),
    ("binary", "Binary search", _logs),
    ("divide", "Divide and conquer", _any),
    ("harmonic", "Harmonic-series loops (sieve style)", _exactly(NLOGN)),
    ("links", "Amortised fall-back along a prefix table (KMP style)", _exactly(N, NLOGN)),
    ("window", "Sliding window / amortised two pointers", _exactly(N, NLOGN)),
    ("monotonic", "Monotonic stack", _exactly(N, NLOGN)),
    ("pointers", "Two pointers", _exactly(N, NLOGN)),
    ("string-building", "String building in a loop", _at_least(N2)),
    ("membership", "Linear search inside a loop", _at_least(N2)),
    ("container-op", "List operations inside a loop", _at_least(N2)),
    ("nested", "Nested loops", lambda c: c[0] == 0 and c[1] >= 2),
    ("sort", "Sorting", _logs),
    ("halving", "Repeated halving/doubling", _logs),
    ("linear-rec", "Linear recursion", _exactly(N)),
    ("calls", "Loop calling a helper", _at_least(N)),
    ("loop", "Linear scan", _exactly(N)),
]

# When no tag fits, a title named after the class itself.
CLASS_TITLES = {
    ONE: "Straight-line code (no loops over the input)",
    LOG: "Logarithmic: the input is halved step by step",
    SQRT: "Loop up to the square root",
    N: "Linear pass over the input",
    NLOGN: "Linearithmic: sorting or divide and conquer",
    N2: "Quadratic: work for every pair of elements",
    N3: "Cubic: work for every triple of elements",
    EXP: "Exponential: every subset",
    FACT: "Factorial: every ordering",
}


def algorithm_name(tags, time):
    tagset = set(tags)
    if "sort" in tagset and time == NLOGN and ("loop" in tagset or "pointers" in tagset) and not (tagset & {"mergesort", "quicksort", "heap", "union-find"}):
        return "Sorting, then a linear scan" + (" with two pointers" if "pointers" in tagset else "")
    for tag, text, fits in TAG_NAMES:
        if tag in tagset and fits(time):
            if tag == "nested" and "dp" in tagset:
                return "Dynamic programming (table)"
            return text
    return CLASS_TITLES.get(time, "Loops over the input")


def plain(text):
    """No Markdown in answers: code is quoted, not wrapped in backticks."""
    return re.sub(r"`([^`]*)`", r"'\1'", text)


def answer(**fields):
    out = {"time": None, "space": None, "explanation": "", "algorithm": "", "suggestions": [], "lines": [], "functions": [],
           "source": "static"}
    out.update(fields)
    out["explanation"] = plain(out["explanation"])[:7900]
    out["algorithm"] = plain(out["algorithm"])[:300]
    out["suggestions"] = [plain(s)[:1900] for s in out["suggestions"]][:8]
    return out


def syntax_error(err):
    line = max(1, err.lineno or 1)
    message = err.msg or "invalid syntax"
    return answer(
        explanation="Cannot analyse: syntax error on line %d (%s). Fix it and analyse again." % (line, message),
        algorithm="Cannot analyse: syntax error on line %d" % line,
        lines=[line], syntaxError={"line": line, "message": message[:400]},
    )


def cannot_analyse(reason):
    return answer(time="other", space="other", explanation="Cannot analyse: %s." % reason, algorithm="Cannot analyse")


def reason_sentence(time, where, why):
    """One sentence naming the costly step first, then what repeats it."""
    if not why:
        return "%s time in %s." % (pretty(time), where)
    return "%s time in %s: %s." % (pretty(time), where, ", inside ".join(reversed(why[:5])))


def analyze_source(code):
    try:
        tree = ast.parse(code)
    except SyntaxError as err:
        return syntax_error(err)
    an = Analyzer(tree)
    for f in an.funcs:
        an.analyze_func(f)
    mod_ctx = Ctx(an, an.module_scope, None)
    mod_t, mod_s = mod_ctx.block(tree.body, ONE)
    dp = any(isinstance(n, ast.Name) and n.id.lower() in ("dp", "table", "memo") for n in ast.walk(tree))

    candidates = [("the program's top level", mod_t.c, mod_s.c, mod_t.lines, mod_t.why, mod_ctx.tags, mod_ctx.suggestions, None, mod_s.why)]
    for f in an.funcs:
        candidates.append(("`%s`" % f.name, f.time or ONE, f.space or ONE, f.lines, f.why, f.tags, f.suggestions, f, f.space_why))

    def rank(c):
        via_call = bool(c[4]) and " calls `" in c[4][0]
        return (c[1], 0 if c[7] is None else (1 if via_call else 2))
    # Prefer the function that causes the top-level cost when the top level just calls it.
    top = max(candidates, key=rank)
    time = top[1]
    space, space_why = ONE, []
    for c in candidates:
        if c[2] > space:
            space, space_why = c[2], c[8]
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
        explanation = "O(1) time: no loop, comprehension, recursion or library call in the code grows with the input."
    else:
        explanation = reason_sentence(time, top[0], why)
    if space > ONE:
        explanation += " %s extra space: %s." % (pretty(space), space_why[0] if space_why else "allocations proportional to the input or recursion depth")
    else:
        explanation += " O(1) extra space."
    if label(time) == "other":
        explanation += " %s is not one of the standard classes, so it is reported as 'other'." % pretty(time)
    functions = []
    if len(an.funcs) > 1 or (an.funcs and mod_t.c > ONE and an.funcs[0].time != mod_t.c):
        for f in an.funcs:
            functions.append({"name": f.name, "line": f.node.lineno, "time": label(f.time or ONE), "space": label(f.space or ONE),
                              "lines": sorted({l for l in f.lines if l})[:30]})
    if not suggestions and time >= N2 and time[0] == 0:
        suggestions.append("The nested loops compare every pair; a hash map, sorting or two pointers often removes a level of nesting.")
    return answer(time=label(time), space=label(space), explanation=explanation, algorithm=algorithm_name(tags, time),
                  suggestions=suggestions, lines=lines, functions=functions[:50])
