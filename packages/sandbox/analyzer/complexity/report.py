"""The whole program's answer: the dominant function, its title, explanation and suggestions."""

import ast

from .algebra import N2, NLOGN, ONE, cmax, label, pretty
from .body import Ctx
from .functions import Analyzer


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


def cannot_analyse(reason):
    return {"time": "other", "space": "other", "explanation": reason[:1].upper() + reason[1:] + ".",
            "algorithm": "unknown", "suggestions": [], "lines": [], "functions": [], "source": "static"}
