"""Sizes and times: grow n while each size stays within its share of the budget, time each size as the
minimum over repeats (the run least disturbed by other load). Calls are timed with the high-resolution
clock: inside the sandbox the process CPU clock ticks too coarsely for microsecond calls (it still
meters the budget)."""

import gc
import math
import time

REPEATS = 5
CLOCK = time.perf_counter
BATCH_SECONDS = 0.004      # calls are batched until a timed batch is at least this long
MAX_ELEMENTS = 1 << 21     # input elements held at once (copies for a batch included)
EXPONENTIAL_MARGIN = 4     # the next size's predicted time, when growth looks exponential, stays under cap / this


def time_size(fn, make_args, copy, n, rng, cap):
    args = make_args(n, rng)
    size = max(1, n)
    probe = copy(args)
    start = CLOCK()
    fn(*probe)
    once = CLOCK() - start
    # A size predicted too low (timings disturbed by other load) can cost many times the cap per call:
    # one call past the cap is its own measurement, not the first of seven.
    if once > cap:
        return once
    # A function that leaves its input as it found it can be called on the same input again; one that
    # sorts or empties it gets a fresh copy per call (and smaller batches, to bound memory).
    pure = probe == args
    most = 1 << 16 if pure else max(1, MAX_ELEMENTS // size)
    # Batch size as timeit's autorange finds it: double until a batch takes long enough for the clock
    # (CPU clocks can tick coarsely, as under seccomp on some kernels).
    batch = 1
    while batch < most:
        copies = [probe] * batch if pure else [copy(args) for _ in range(batch)]
        start = CLOCK()
        for a in copies:
            fn(*a)
        if CLOCK() - start >= BATCH_SECONDS:
            break
        batch = min(most, batch * 2)
    best = overhead = math.inf
    gc.disable()
    try:
        for _ in range(REPEATS):
            copies = [probe] * batch if pure else [copy(args) for _ in range(batch)]
            start = CLOCK()
            for a in copies:
                fn(*a)
            best = min(best, (CLOCK() - start) / batch)
            # The same loop around a call that does nothing: the timer's and the loop's own cost.
            start = CLOCK()
            for a in copies:
                _nothing(*a)
            overhead = min(overhead, (CLOCK() - start) / batch)
    finally:
        gc.enable()
    return max(best - overhead, 1e-9)


def _nothing(*args):
    return None


def next_size(points, cap, limit):
    """The next n: double while cheap; otherwise the largest step whose predicted time stays under cap,
    predicting both polynomial and exponential growth from the last two points (the larger wins)."""
    n, t = points[-1]
    if len(points) < 2 or t < 1e-4:
        return min(limit, n * 2)
    pn, pt = points[-2]
    growth = max(t / max(pt, 1e-9), 1.0)
    slope = math.log(growth) / math.log(n / pn) if n > pn else 0.0
    candidate = n * 2
    while candidate > n:
        poly = t * (candidate / n) ** slope
        expo = t * growth ** ((candidate - n) / max(n - pn, 1))
        # Exponential growth read from two disturbed timings can be off by a power: keep a margin there.
        if max(poly, EXPONENTIAL_MARGIN * expo if expo > poly else expo) <= cap:
            return min(limit, candidate)
        candidate = n + (candidate - n) // 2
    return None


def measure(fn, make_args, copy, budget, start_n, limit, rng):
    cap = budget / 6
    spent = time.process_time()
    points = []
    n = start_n
    stopped = "the size limit"
    while n is not None and n <= limit:
        t = time_size(fn, make_args, copy, n, rng, cap)
        points.append((n, t))
        if time.process_time() - spent > budget:
            stopped = "the time budget (%.1f s CPU)" % budget
            break
        if t > cap or n >= limit:
            stopped = "a call taking %.2f s" % t if t > cap else "the size limit"
            break
        step = next_size(points, cap, limit)
        if step is None or step <= n:
            stopped = "the next size predicted to take too long"
            break
        n = step
    return points, stopped
