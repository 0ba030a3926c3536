# attack: unbounded recursion in C (repr of a deeply nested list) with the recursion limit lifted
# expect: runtime_error SIGSEGV
# limits: wallMs=5000
import sys

sys.setrecursionlimit(10**9)
nested = []
for _ in range(200_000):
    nested = [nested]
print(len(repr(nested)))
