"""Complexity algebra: a class is (kind, degree, logs); costs carry the lines and reasons that produce them."""



# A complexity is (kind, degree, logs): kind 0 = n^degree · (log n)^logs, 1 = exponential, 2 = factorial.
ONE = (0, 0.0, 0)
LOG = (0, 0.0, 1)
SQRT = (0, 0.5, 0)
N = (0, 1.0, 0)
NLOGN = (0, 1.0, 1)
N2 = (0, 2.0, 0)
N3 = (0, 3.0, 0)
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


SUPERSCRIPTS = str.maketrans("0123456789n", "⁰¹²³⁴⁵⁶⁷⁸⁹ⁿ")


def sup(text):
    return str(text).translate(SUPERSCRIPTS)


def label(c):
    """The schema's class for c (core's COMPLEXITIES), or "other" for a bound outside the list."""
    kind, deg, logs = c
    if kind == 2:
        return "O(n!)"
    if kind == 1:
        return "O(2ⁿ)"
    table = {(0.0, 0): "O(1)", (0.0, 1): "O(log n)", (0.5, 0): "O(√n)", (1.0, 0): "O(n)", (1.0, 1): "O(n log n)",
             (2.0, 0): "O(n²)", (2.0, 1): "O(n² log n)", (3.0, 0): "O(n³)"}
    return table.get((float(deg), logs), "other")


def pretty(c):
    """Any bound in the same notation, including those outside the schema's list (n⁴, n log² n)."""
    kind, deg, logs = c
    if kind == 2:
        base = "n!"
    elif kind == 1:
        base = "2ⁿ"
    else:
        base = ""
    parts = []
    if deg:
        if abs(deg - 0.5) < 1e-9:
            parts.append("√n")
        elif abs(deg - round(deg)) < 1e-9:
            parts.append("n" if round(deg) == 1 else "n" + sup(round(deg)))
        else:
            parts.append("n^%.2f" % deg)
    if logs:
        parts.append("log n" if logs == 1 else "log%s n" % sup(logs))
    poly = " ".join(parts)
    if base:
        return "O(%s)" % base if not poly else "O(%s · %s)" % (poly, base)
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
