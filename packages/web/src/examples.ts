/**
 * Starter programs for the "Examples" menu. A plain data module: add an entry and it appears.
 * `stdin` and `tests` are optional and fill the input box and the test cases when picked.
 */
export interface Example {
  /** Stable id (used as the option value). */
  id: string;
  title: string;
  /** Groups the menu (e.g. "Basics", "Scientific"). */
  group: string;
  code: string;
  stdin?: string;
  tests?: Array<{ stdin: string; expected: string }>;
}

export const EXAMPLES: Example[] = [
  {
    id: "hello-stdin",
    title: "Hello, stdin",
    group: "Basics",
    code: `import sys

name = sys.stdin.readline().strip() or "world"
print(f"Hello, {name}!")
`,
    stdin: "Ada\n",
  },
  {
    id: "sum-tests",
    title: "Sum two numbers (with tests)",
    group: "Basics",
    code: `a, b = map(int, input().split())
print(a + b)
`,
    stdin: "2 3\n",
    tests: [
      { stdin: "2 3\n", expected: "5\n" },
      { stdin: "-4 10\n", expected: "6\n" },
      { stdin: "1000000 1\n", expected: "1000001\n" },
    ],
  },
  {
    id: "fizzbuzz",
    title: "FizzBuzz",
    group: "Basics",
    code: `n = int(input() or 15)
for i in range(1, n + 1):
    if i % 15 == 0:
        print("FizzBuzz")
    elif i % 3 == 0:
        print("Fizz")
    elif i % 5 == 0:
        print("Buzz")
    else:
        print(i)
`,
    stdin: "15\n",
  },
  {
    id: "primes",
    title: "Sieve of Eratosthenes",
    group: "Algorithms",
    code: `def primes_up_to(n: int) -> list[int]:
    sieve = bytearray([1]) * (n + 1)
    sieve[0:2] = b"\\x00\\x00"
    for p in range(2, int(n ** 0.5) + 1):
        if sieve[p]:
            sieve[p * p :: p] = bytearray(len(range(p * p, n + 1, p)))
    return [i for i, is_prime in enumerate(sieve) if is_prime]


n = int(input())
found = primes_up_to(n)
print(len(found), "primes up to", n)
print(*found[-10:])
`,
    stdin: "1000000\n",
  },
  {
    id: "binary-search",
    title: "Binary search",
    group: "Algorithms",
    code: `from bisect import bisect_left

values = sorted(map(int, input().split()))
target = int(input())
i = bisect_left(values, target)
print(i if i < len(values) and values[i] == target else -1)
`,
    stdin: "9 1 7 3 5\n7\n",
    tests: [
      { stdin: "9 1 7 3 5\n7\n", expected: "3\n" },
      { stdin: "1 2 3\n4\n", expected: "-1\n" },
    ],
  },
  {
    id: "fib-memo",
    title: "Fibonacci with memoisation",
    group: "Algorithms",
    code: `from functools import cache


@cache
def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print([fib(i) for i in range(15)])
print(fib(300))
`,
  },
  {
    id: "numpy-linear-algebra",
    title: "NumPy: solve a linear system",
    group: "Scientific",
    code: `import numpy as np

rng = np.random.default_rng(42)
a = rng.normal(size=(4, 4))
x_true = np.arange(1, 5)
b = a @ x_true

x = np.linalg.solve(a, b)
print("solution:", np.round(x, 6))
print("residual:", float(np.linalg.norm(a @ x - b)))
print("eigenvalues:", np.round(np.linalg.eigvals(a), 3))
`,
  },
  {
    id: "pandas-groupby",
    title: "pandas: group and summarise",
    group: "Scientific",
    code: `import io

import pandas as pd

csv = io.StringIO("""city,month,rain_mm
Lisbon,Jan,100
Lisbon,Feb,90
Oslo,Jan,50
Oslo,Feb,40
Lima,Jan,1
Lima,Feb,2
""")
df = pd.read_csv(csv)
summary = df.groupby("city")["rain_mm"].agg(["sum", "mean"]).sort_values("sum", ascending=False)
print(summary)
print()
print(df.pivot(index="city", columns="month", values="rain_mm"))
`,
  },
  {
    id: "matplotlib-plot",
    title: "matplotlib: plot a function",
    group: "Scientific",
    code: `import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 2 * np.pi, 200)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(x, np.sin(x), label="sin(x)")
ax.plot(x, np.cos(x), label="cos(x)")
ax.set_title("Sine and cosine")
ax.legend()
plt.show()  # the figure appears below the output
print("plotted", len(x), "points")
`,
  },
  {
    id: "error-line",
    title: "A runtime error (see the marked line)",
    group: "Debugging",
    code: `def average(values):
    return sum(values) / len(values)


print(average([3, 4, 5]))
print(average([]))
`,
  },
];
