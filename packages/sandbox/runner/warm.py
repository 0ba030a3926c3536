"""Warm-up: import, once in the runner, the standard modules jobs commonly use, so every forked
child finds them already in memory instead of paying for the import on each job."""

import importlib

COMMON = (
    "abc array bisect collections copy dataclasses datetime decimal enum fractions functools heapq "
    "itertools json math operator random re statistics string struct sys textwrap time traceback typing"
).split()


def preload():
    for name in COMMON:
        importlib.import_module(name)
