import type { AnalyzerCase } from "./cases";

/**
 * Loops whose total work is less than their nesting or their look suggests, and loops that look alike
 * but are not: harmonic steps (n/1 + n/2 + ... is n log n, whatever stops the outer loop), a pointer that
 * falls back along the table it builds (KMP), work repeated "count times" for each entry of a tally (the
 * counts add up to n), an index that doubles through another name (a heap's sift-down), a count shifted
 * right, a DP that keeps two rows, a union-find whose find flattens the path it follows. Each rule has a look-alike it must not apply to. Written after a read
 * of the analyzer with programs from outside its tables: each of these kinds read a class too high before.
 */
export const AMORTISED_CASES: AnalyzerCase[] = [
  {
    name: "sieve stopping at the square root (while loop)",
    time: "O(n log n)",
    space: "O(n)",
    code: `def sieve(n):\n    is_prime = [True] * (n + 1)\n    is_prime[0] = is_prime[1] = False\n    p = 2\n    while p * p <= n:\n        if is_prime[p]:\n            for m in range(p * p, n + 1, p):\n                is_prime[m] = False\n        p += 1\n    return [i for i in range(n + 1) if is_prime[i]]\n`,
  },
  {
    name: "divisor counts by multiples",
    time: "O(n log n)",
    space: "O(n)",
    code: `def divisor_counts(n):\n    d = [0] * (n + 1)\n    for i in range(1, n + 1):\n        for j in range(i, n + 1, i):\n            d[j] += 1\n    return d\n`,
  },
  {
    name: "a stride that grows by one each round",
    time: "O(n log n)",
    space: "O(1)",
    code: `def strided(n):\n    total = 0\n    step = 1\n    while step < n:\n        for j in range(0, n, step):\n            total += j\n        step += 1\n    return total\n`,
  },
  {
    name: "look-alike: a fixed stride is not harmonic",
    time: "O(n²)",
    space: "O(1)",
    code: `def fixed_stride(xs):\n    total = 0\n    for x in xs:\n        for j in range(0, len(xs), 2):\n            total += xs[j] * x\n    return total\n`,
  },
  {
    name: "look-alike: a stride given by the caller is not harmonic",
    time: "O(n²)",
    space: "O(1)",
    code: `def strided_sums(xs, k):\n    total = 0\n    for x in xs:\n        for j in range(0, len(xs), k):\n            total += xs[j] * x\n    return total\n`,
  },
  {
    name: "KMP prefix function",
    time: "O(n)",
    space: "O(n)",
    code: `def prefix_function(s):\n    pi = [0] * len(s)\n    for i in range(1, len(s)):\n        j = pi[i - 1]\n        while j > 0 and s[i] != s[j]:\n            j = pi[j - 1]\n        if s[i] == s[j]:\n            j += 1\n        pi[i] = j\n    return pi\n`,
  },
  {
    name: "KMP search, falling back after each match",
    time: "O(n)",
    space: "O(n)",
    code: `def kmp_search(text, pat):\n    pi = [0] * len(pat)\n    k = 0\n    for q in range(1, len(pat)):\n        while k > 0 and pat[k] != pat[q]:\n            k = pi[k - 1]\n        if pat[k] == pat[q]:\n            k += 1\n        pi[q] = k\n    hits = []\n    j = 0\n    for i in range(len(text)):\n        while j > 0 and text[i] != pat[j]:\n            j = pi[j - 1]\n        if text[i] == pat[j]:\n            j += 1\n        if j == len(pat):\n            hits.append(i - j + 1)\n            j = pi[j - 1]\n    return hits\n`,
  },
  {
    name: "look-alike: naive search restarts its pointer",
    time: "O(n²)",
    space: "O(1)",
    code: `def occurrences(text, pat):\n    count = 0\n    for i in range(len(text)):\n        j = 0\n        while j < len(pat) and i + j < len(text) and text[i + j] == pat[j]:\n            j += 1\n        if j == len(pat):\n            count += 1\n    return count\n`,
  },
  {
    name: "counting sort, appending each value count times",
    time: "O(n)",
    space: "O(n)",
    code: `def counting_sort(xs):\n    if not xs:\n        return []\n    count = [0] * (max(xs) + 1)\n    for x in xs:\n        count[x] += 1\n    out = []\n    for v, c in enumerate(count):\n        for _ in range(c):\n            out.append(v)\n    return out\n`,
  },
  {
    name: "dict tally expanded with extend",
    time: "O(n)",
    space: "O(n)",
    code: `def grouped(xs):\n    counts = {}\n    for x in xs:\n        counts[x] = counts.get(x, 0) + 1\n    out = []\n    for k, v in counts.items():\n        out.extend([k] * v)\n    return out\n`,
  },
  {
    name: "Counter expanded in sorted order",
    time: "O(n log n)",
    space: "O(n)",
    code: `from collections import Counter\n\ndef expand_sorted(xs):\n    c = Counter(xs)\n    out = []\n    for k, v in sorted(c.items()):\n        for _ in range(v):\n            out.append(k)\n    return out\n`,
  },
  {
    name: "look-alike: repeating every item n times",
    time: "O(n²)",
    space: "O(n²)",
    code: `def repeated(xs, n):\n    out = []\n    for x in xs:\n        out.extend([x] * n)\n    return out\n`,
  },
  {
    name: "modular power by squaring (exp >>= 1)",
    time: "O(log n)",
    space: "O(1)",
    code: `def fast_pow(base, exp, mod):\n    result = 1\n    base %= mod\n    while exp > 0:\n        if exp & 1:\n            result = result * base % mod\n        base = base * base % mod\n        exp >>= 1\n    return result\n`,
  },
  {
    name: "look-alike: a shifted accumulator does not shorten the loop",
    time: "O(n)",
    space: "O(1)",
    code: `def bits(n):\n    acc = 1\n    k = 0\n    while k < n:\n        acc <<= 1\n        k += 1\n    return acc\n`,
  },
  {
    name: "heap sort: sift-down doubles its index through another name",
    time: "O(n log n)",
    space: "O(1)",
    code: `def heapsort(a):\n    def sift(a, i, n):\n        while True:\n            l = 2 * i + 1\n            big = i\n            if l < n and a[l] > a[big]:\n                big = l\n            if l + 1 < n and a[l + 1] > a[big]:\n                big = l + 1\n            if big == i:\n                return\n            a[i], a[big] = a[big], a[i]\n            i = big\n    n = len(a)\n    for i in range(n // 2 - 1, -1, -1):\n        sift(a, i, n)\n    for end in range(n - 1, 0, -1):\n        a[0], a[end] = a[end], a[0]\n        sift(a, 0, end)\n    return a\n`,
  },
  {
    name: "look-alike: stepping through another name by one",
    time: "O(n)",
    space: "O(1)",
    code: `def walk(a):\n    i = 0\n    total = 0\n    while True:\n        if i >= len(a):\n            return total\n        total += a[i]\n        nxt = i + 1\n        i = nxt\n`,
  },
  {
    name: "arithmetic 2 * i in a loop is not a list",
    time: "O(n)",
    space: "O(1)",
    code: `def weighted(xs):\n    total = 0\n    for i in range(len(xs)):\n        total += 2 * i * xs[i]\n    return total\n`,
  },
  {
    name: "edit distance keeping two rows",
    time: "O(n²)",
    space: "O(n)",
    code: `def edit_distance(a, b):\n    m, n = len(a), len(b)\n    prev = list(range(n + 1))\n    for i in range(1, m + 1):\n        cur = [i] + [0] * n\n        for j in range(1, n + 1):\n            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))\n        prev = cur\n    return prev[n]\n`,
  },
  {
    name: "look-alike: keeping every row of the table",
    time: "O(n²)",
    space: "O(n²)",
    code: `def lcs_table(a, b):\n    dp = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]\n    for i in range(1, len(a) + 1):\n        for j in range(1, len(b) + 1):\n            if a[i - 1] == b[j - 1]:\n                dp[i][j] = dp[i - 1][j - 1] + 1\n            else:\n                dp[i][j] = max(dp[i - 1][j], dp[i][j - 1])\n    return dp[-1][-1]\n`,
  },
  {
    name: "union-find with path halving, counting components",
    time: "O(n log n)",
    space: "O(n)",
    code: `def count_components(n, edges):\n    parent = list(range(n))\n    def find(x):\n        while parent[x] != x:\n            parent[x] = parent[parent[x]]\n            x = parent[x]\n        return x\n    for a, b in edges:\n        ra, rb = find(a), find(b)\n        if ra != rb:\n            parent[ra] = rb\n    return sum(1 for i in range(n) if find(i) == i)\n`,
  },
  {
    name: "Kruskal: sorted edges, recursive find with compression",
    time: "O(n log n)",
    space: "O(n)",
    code: `def kruskal(n, edges):\n    parent = list(range(n))\n    def find(x):\n        if parent[x] != x:\n            parent[x] = find(parent[x])\n        return parent[x]\n    total = 0\n    for w, u, v in sorted(edges):\n        ru, rv = find(u), find(v)\n        if ru != rv:\n            parent[ru] = rv\n            total += w\n    return total\n`,
  },
  {
    name: "union-find, two-pass compression to the root",
    time: "O(n log n)",
    space: "O(n)",
    code: `def groups(n, pairs):\n    parent = list(range(n))\n    def find(x):\n        root = x\n        while parent[root] != root:\n            root = parent[root]\n        while parent[x] != root:\n            nxt = parent[x]\n            parent[x] = root\n            x = nxt\n        return root\n    for a, b in pairs:\n        parent[find(a)] = find(b)\n    return len({find(i) for i in range(n)})\n`,
  },
  {
    name: "look-alike: following parent links without flattening them",
    time: "O(n²)",
    space: "O(1)",
    code: `def depth_sum(parent):\n    total = 0\n    for v in range(len(parent)):\n        x = v\n        while parent[x] != x:\n            x = parent[x]\n            total += 1\n    return total\n`,
  },
];
